"""segment(): jieba with the government dictionary, private tokenizer, exact offsets."""

from __future__ import annotations

import importlib
import importlib.util
import logging
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_nlp.text.segment import Token, segment

segment_module = importlib.import_module("govreport_nlp.text.segment")

# Sentences from the corpus (../shared/corpora and the seed report) and the terms that must
# come out as one token in them.
WHOLE_TERMS = [
    ("全年共受理政府信息公开申请46件", "政府信息公开申请"),
    ("全年共收到政府信息公开申请46件，其中网上申请31件", "政府信息公开申请"),
    ("全县未发生因政府信息公开申请提起行政复议和行政诉讼的案件", "行政复议"),
    ("全县未发生因政府信息公开申请提起行政复议和行政诉讼的案件", "行政诉讼"),
    ("县政府召开政务公开工作会议3次", "政务公开"),
    ("因依申请公开被行政复议纠错", "依申请公开"),
    ("县政府公报刊登政府规章和规范性文件22件", "规范性文件"),
    ("全年国内生产总值增长3%", "国内生产总值"),
    ("地区生产总值同比增长6.5%", "地区生产总值"),
    ("居民消费价格上涨2%", "居民消费价格"),
    ("城镇新增就业1206万人", "城镇新增就业"),
    ("年末城镇调查失业率降到5.5%", "城镇调查失业率"),
    ("全年增值税留抵退税超过2.4万亿元", "留抵退税"),
    ("货物进出口总额增长7.7%", "货物进出口总额"),
    ("全年主动公开市政府规章 22 件", "主动公开"),
]

SENTENCES = [
    "全年主动公开政府信息2,847条，较上年增加312条，增长12.3%。",
    "市政府共受理政府信息公开申请 1295 件，办结 1191 件（含\n上年结转 189 件）",
    "“上海发布”在海内外 15 个平台粉丝数累积超 3170 万",
    "國內生產總值增長3%",  # Traditional: no dictionary help, still exact offsets
    "Ｗｅｂ 2.0、PM2.5 和 12345 热线\r\n第二行",
    "",
]


@pytest.mark.parametrize(
    ("sentence", "term"), WHOLE_TERMS, ids=[f"{t}@{s}" for s, t in WHOLE_TERMS]
)
def test_government_terms_stay_whole(sentence: str, term: str) -> None:
    assert term in [t.word for t in segment(sentence)]


@pytest.mark.parametrize("sentence", SENTENCES, ids=SENTENCES)
def test_tokens_tile_the_text(sentence: str) -> None:
    tokens = segment(sentence)
    assert "".join(t.word for t in tokens) == sentence
    assert all(sentence[t.start : t.end] == t.word for t in tokens)
    assert all(a.end == b.start for a, b in pairwise(tokens))
    assert all(isinstance(t, Token) and t.pos for t in tokens)


@pytest.mark.parametrize("hmm", [True, False], ids=["hmm", "no-hmm"])
def test_pos_tags(hmm: bool) -> None:
    tags = {t.word: t.pos for t in segment("全年共受理政府信息公开申请46件", hmm=hmm)}
    assert tags["受理"] == "v"
    assert tags["政府信息公开申请"] == "n"
    assert tags["46"] == "m"


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from("政府信息公开申请行政复议增长0123456789.%，。、 \n\tAbc“”（）"),
        max_size=60,
    )
)
def test_tokens_tile_any_text(text: str) -> None:
    tokens = segment(text)
    assert "".join(t.word for t in tokens) == text
    assert all(text[t.start : t.end] == t.word for t in tokens)


def test_global_jieba_tokenizer_untouched() -> None:
    import jieba

    before = jieba.dt.initialized
    segment("政府信息公开申请")
    assert jieba.dt.initialized == before
    assert segment_module.tokenizer().tokenizer is not jieba.dt


def test_no_logging_handler_added() -> None:
    segment("政务公开")
    assert logging.getLogger("govreport_nlp.text.segment").handlers == []


def test_no_cache_file_written(tmp_path, monkeypatch) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.delenv(segment_module.CACHE_ENV, raising=False)
    monkeypatch.setattr(segment_module, "_pos_tokenizer", None)
    assert [t.word for t in segment("行政复议0件")] == ["行政复议", "0", "件"]
    assert list(tmp_path.iterdir()) == []


def test_pure_python_switch(monkeypatch) -> None:
    monkeypatch.setenv(segment_module.PURE_PYTHON_ENV, "1")
    monkeypatch.setattr(segment_module, "_rust", None)
    monkeypatch.setattr(segment_module, "_rust_missing", False)
    assert segment_module._rust_cut() is None
    tokens = segment("全年共受理政府信息公开申请46件", hmm=False)
    tail = [(t.word, t.pos) for t in tokens][-3:]
    assert tail == [("政府信息公开申请", "n"), ("46", "m"), ("件", "zg")]


def test_tokens_are_immutable_named_tuples() -> None:
    token = segment("政务公开")[0]
    assert token == Token("政务公开", token.pos, 0, 4)
    with pytest.raises(AttributeError):
        token.word = "x"  # type: ignore[misc]


def test_jieba_overlap_data_is_current() -> None:
    script = importlib.util.spec_from_file_location(
        "regen_jieba_overlap",
        Path(__file__).resolve().parents[1] / "scripts" / "regen_jieba_overlap.py",
    )
    assert script is not None and script.loader is not None
    module = importlib.util.module_from_spec(script)
    script.loader.exec_module(module)
    assert module.render() == module.TARGET.read_text(encoding="utf-8"), (
        "jieba's dict.txt or gov_userdict.txt changed: run scripts/regen_jieba_overlap.py"
    )


def test_rust_built_in_dictionary_is_jieba_dict_txt() -> None:
    """What the fast start relies on: jieba-rs's own copy of dict.txt is the installed one."""
    rjieba = pytest.importorskip("rjieba", reason="rjieba is not installed (the [fast] extra)")
    from importlib.metadata import version

    if version("rjieba") not in segment_module._VERIFIED_RJIEBA:
        pytest.skip("this rjieba release is not verified: the dictionary is built from dict.txt")
    text = segment_module._jieba_dictionary_text()
    if segment_module._verified_overlap(text) is None:
        pytest.skip("the installed jieba's dict.txt is not the verified one: built from it")
    built_in = rjieba.Jieba()
    from_file = rjieba.Jieba.empty()
    entries = [line.split(" ") for line in text.splitlines()]
    for word, freq, tag in entries:
        from_file.add_word(word, int(freq), tag)
    assert all(built_in.has_word(word) for word, _, _ in entries)
    # a word cut as itself is suggested its own frequency (plus one): equal frequencies
    assert [built_in.suggest_freq(w) for w, _, _ in entries] == [
        from_file.suggest_freq(w) for w, _, _ in entries
    ]
    assert [built_in.tag(w, False) for w, _, _ in entries] == [
        from_file.tag(w, False) for w, _, _ in entries
    ]
