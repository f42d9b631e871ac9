"""Hostile input: the parser returns a report or raises one of its typed errors.

- Hypothesis over ``parse_text`` / ``parse_document`` with arbitrary Unicode (all categories,
  lone surrogates included), mixed scripts and control characters, and over ``load`` with
  random bytes (bare, and behind the magic bytes of every format the loader sniffs): nothing
  escapes but :class:`~govreport_nlp.errors.GovReportError`, every indicator's offsets give
  back its text, sections lie inside the text, in order, without overlap.
- Adversarial inputs built here give a report or the typed error that names them. No test here
  asserts a time (CI machines are shared): linear cost is checked by the scaling test below,
  which compares the same run's cost at 1x and 4x, and by ``test_regex_safety``.
  The 100 MB single line runs only with ``GOVREPORT_NLP_HUGE=1`` (it takes minutes).
- The fast paths written for speed give what they replace: the inlined no-HMM segmentation
  against jieba's own, the shortcut t2s conversion against OpenCC's.

Lone surrogates: a ``str`` holding one (``errors="surrogateescape"`` output, a JSON
``"\\ud800"``) is not Unicode text and has no UTF-8 bytes to hash, so the loader raises
``DecodeError`` naming the input rather than hashing or repairing it.
"""

from __future__ import annotations

import importlib
import io
import os
import random
import time
import zipfile
from collections.abc import Callable, Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SHARED
from govreport_nlp.errors import (
    CorruptFileError,
    DecodeError,
    GovReportError,
    UnsupportedFormatError,
)
from govreport_nlp.models import Report, Section
from govreport_nlp.pipeline import parse_document, parse_text
from govreport_nlp.read.load import load

segment_module = importlib.import_module("govreport_nlp.text.segment")
normalise_module = importlib.import_module("govreport_nlp.text.normalise")



@pytest.fixture(scope="module", autouse=True)
def warm() -> None:
    """jieba's dictionary loads once (~2 s), outside every timed case."""
    parse_text("二、主动公开政府信息情况\n全年主动公开政府信息2847条，较上年增长12.3%。")


# --- invariants ------------------------------------------------------------------------------


def _check_sections(sections: Sequence[Section], lo: int, hi: int) -> None:
    previous_end = lo
    for section in sections:
        assert lo <= section.start <= section.end <= hi, (section.title, lo, hi)
        assert section.start >= previous_end, "sections overlap"
        assert section.start <= section.title_start <= section.end or section.title_start == hi
        previous_end = section.end
        _check_sections(section.children, section.start, section.end)


def check_report(report: Report) -> None:
    text = report.text
    for figure in report.indicators:
        assert 0 <= figure.start <= figure.end <= len(text)
        assert text[figure.start : figure.end] == figure.text, figure
    _check_sections(report.sections, 0, len(text))


def parse_or_typed_error(run: Callable[[], Report]) -> Report | GovReportError:
    try:
        report = run()
    except GovReportError as exc:
        return exc
    check_report(report)
    return report


# --- hypothesis ------------------------------------------------------------------------------

_REPORT_PIECES = st.sampled_from([
    "一、", "（二）", "2.", "第三章", "全年", "受理", "申请", "政府信息公开", "件", "万元", "%",
    "增长", "较上年", "约", "近", "余", "以上", "至", "、", "，", "。", "；", "\n", "\n\n", " ",
    "\u3000", "１２３", "１２，３４５", "3.5", "1,244", "二十余", "百分之三十", "三成", "2024年",
    "〔2019〕60号", "資訊", "報告", "數位", "民眾", "- 2 -", "|", "\t", "（", "）", "“", "”",
    "\x00", "\x1c", "\ufeff", "\u200b", "\r\n", "\U00020000", "𠀀", "é", "Ω", "🙂",
])
_REPORTISH = st.lists(
    st.one_of(_REPORT_PIECES, st.integers(0, 10**9).map(str), st.text(max_size=5)),
    max_size=80,
).map("".join)
_ANY_TEXT = st.text(st.characters(codec=None), max_size=400)  # every category, surrogates too

_SETTINGS = settings(max_examples=120, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(st.one_of(_ANY_TEXT, _REPORTISH))
def test_parse_text_returns_a_report_or_a_typed_error(text: str) -> None:
    result = parse_or_typed_error(lambda: parse_text(text))
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        assert isinstance(result, DecodeError)
    else:
        assert isinstance(result, Report)


_MAGIC = st.sampled_from([
    b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<html><body>", b"<!DOCTYPE html>", b"\xef\xbb\xbf",
    b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"{\"text\": ", b"<stata_dta>",
    b"\x89PNG\r\n\x1a\n", "政府信息公开".encode("gbk"), "政府資訊公開".encode("big5"),
])
_NAMES = st.sampled_from([None, "r.txt", "r.pdf", "r.docx", "r.html", "r.csv", "r.jsonl", "r.dta",
                          "r.md", "r"])


@_SETTINGS
@given(_MAGIC, st.binary(max_size=600), _NAMES)
def test_load_random_bytes(magic: bytes, body: bytes, name: str | None) -> None:
    result = parse_or_typed_error(lambda: parse_document(load(magic + body, name=name)))
    assert isinstance(result, Report | GovReportError)


@_SETTINGS
@given(st.lists(st.sampled_from(["1 ", "1,", "一", "十", "万", "（", "(", " ", "\n", "、", "件",
                                 "增长", "%", "1.", "—"]), max_size=400).map("".join))
def test_runs_of_pattern_characters(text: str) -> None:
    assert isinstance(parse_or_typed_error(lambda: parse_text(text)), Report)


# --- adversarial inputs -------------------------------------------------------------------------


def _junk_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("junk.bin", bytes(random.Random(0).randrange(256) for _ in range(4000)))
        archive.writestr("word/document.xml", b"<w:document><not closed")
    return buffer.getvalue()


_SENTENCE = ("全年共受理政府信息公开申请95件，较上年增长12.3%，其中当面申请3件；"
             "主动公开政府信息3.1万条，召开新闻发布会二十余场，办结率达到100%。")


def _single_line(chars: int) -> str:
    line = _SENTENCE * (chars // len(_SENTENCE) + 1)
    return line[:chars]


# (input, name, expected: "report", or the error class)
ADVERSARIAL: dict[str, Callable[[], tuple[str | bytes, str | None, object]]] = {
    "empty": lambda: (b"", "empty.txt", "report"),
    "whitespace": lambda: (" \n\t\n\u3000 \r\n".encode(), "blank.txt", "report"),
    "nul": lambda: ("受理申请12件\x00\x00。".encode() * 50, "nul.txt", UnsupportedFormatError),
    "truncated-utf8": lambda: ("受理申请12件".encode()[:-1], "cut.txt", DecodeError),
    "lone-surrogate": lambda: ("受理\ud800申请12件", None, DecodeError),
    "pdf-is-html": lambda: (
        b"<!DOCTYPE html><html><head><title>404 Not Found</title></head>"
        b"<body><h1>Not Found</h1><p>The requested URL was not found.</p></body></html>",
        "report.pdf", "report",
    ),
    "docx-is-junk-zip": lambda: (_junk_docx(), "report.docx", CorruptFileError),
    "digits-1e6": lambda: ("1" * 10**6, None, "report"),
    "brackets-1e5": lambda: ("（" * 10**5 + "共受理申请12件" + "）" * 10**5, None, "report"),
    "headings-1e5": lambda: (
        "\n".join(f"{'一二三四五六七八九十'[i % 10]}、第{i}项工作" for i in range(10**5)),
        None, "report",
    ),
    "only-numbers": lambda: (" ".join(str(i) for i in range(100_000)), None, "report"),
    "numeral-run": lambda: ("一二三四五六七八九十百千万亿" * 20_000, None, "report"),
    "single-line-2mb": lambda: (_single_line(2_000_000), None, "report"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(ADVERSARIAL), ids=list(ADVERSARIAL))
def test_adversarial_input(case: str) -> None:
    src, name, expected = ADVERSARIAL[case]()
    result = parse_or_typed_error(lambda: parse_document(load(src, name=name)))
    if expected == "report":
        assert isinstance(result, Report), result
    else:
        assert isinstance(result, expected), result  # type: ignore[arg-type]
        assert "cut" in str(result) or "surrogate" in str(result) or name is None \
            or name in str(result), "the error names the input"


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("GOVREPORT_NLP_HUGE") != "1",
                    reason="100 MB single line: set GOVREPORT_NLP_HUGE=1 (takes minutes)")
def test_single_line_100mb() -> None:
    text = _single_line(100_000_000)
    report = parse_text(text)
    assert report.indicators and report.indicators[-1].end <= len(text)


def test_single_line_scales_linearly() -> None:
    """Twice the text, about twice the time (not four times): no quadratic step."""
    def cost(chars: int) -> float:
        text = _single_line(chars)
        start = time.process_time()
        parse_text(text)
        return time.process_time() - start

    cost(20_000)  # caches of the repeated sentence
    small, large = min(cost(100_000) for _ in range(2)), min(cost(400_000) for _ in range(2))
    assert large < 8 * small + 0.5, (small, large)


# --- fast paths give what they replace ---------------------------------------------------------


SEGMENT_ALPHABET = (
    "政府信息公开申请件受理年度报告资料abcAB12.3 \t\r\n\x1c#&_+，。、１\u3000𠀀%-〇㐀鿖T恤超"
)


def _jieba_no_hmm(text: str) -> list[tuple[str, str]]:
    out = []
    for pair in segment_module.tokenizer().cut(text, HMM=False):
        flag = pair.flag
        if flag == "eng" and pair.word.replace(".", "").isdigit():
            flag = "m"
        out.append((pair.word, flag))
    return out


def _python_path(text: str) -> list[tuple[str, str]]:
    return [(t.word, t.pos) for t in segment_module._cut_no_hmm(text)]


def _rust_path(text: str) -> list[tuple[str, str]]:
    rust = segment_module._rust_cut()
    if rust is None:
        pytest.skip("rjieba is not installed (the [fast] extra): only the Python path runs")
    return [(t.word, t.pos) for t in segment_module._cut_no_hmm_rust(text, rust)]


_BUILT_FROM_DICT_TXT: list = []


def _rust_built_from_dict_txt(text: str) -> list[tuple[str, str]]:
    """The Rust path with its dictionary built word by word from dict.txt (the fallback)."""
    if not _BUILT_FROM_DICT_TXT:
        if segment_module._rust_cut() is None:
            pytest.skip("rjieba is not installed (the [fast] extra): only the Python path runs")
        verified = segment_module._VERIFIED_RJIEBA
        segment_module._VERIFIED_RJIEBA = frozenset()
        try:
            _BUILT_FROM_DICT_TXT.append(segment_module._build_rust())
        finally:
            segment_module._VERIFIED_RJIEBA = verified
    rust = _BUILT_FROM_DICT_TXT[0]
    return [(t.word, t.pos) for t in segment_module._cut_no_hmm_rust(text, rust)]


NO_HMM_PATHS = [_python_path, _rust_path, _rust_built_from_dict_txt]
NO_HMM_IDS = ["python", "rust", "rust-built-from-dict.txt"]


def _corpus_lines(step: int) -> list[str]:
    corpus = SHARED / "corpora"
    if not corpus.is_dir():
        return []
    lines: list[str] = []
    for path in sorted(corpus.glob("*/*.txt"))[::step]:
        lines.extend(path.read_text("utf-8").splitlines())
    return lines


@pytest.mark.parametrize("ours", NO_HMM_PATHS, ids=NO_HMM_IDS)
def test_inlined_segmentation_equals_jieba_on_the_corpus(ours) -> None:
    lines = _corpus_lines(7) or [_SENTENCE]
    lines += ["政府資訊公開報告", "A股 3C 5G G20 1.5 a.b#c&d_e+f", "\r\n\x1c\t \u3000", "𠀀政府"]
    lines += ["AT&T c# B超 T恤 PM2.5 100%-200% 〇㐀龥鿕鿖豈"]  # dictionary words with ASCII
    for line in lines:
        assert ours(line) == _jieba_no_hmm(line), line


@pytest.mark.parametrize("ours", NO_HMM_PATHS, ids=NO_HMM_IDS)
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.text(st.sampled_from(SEGMENT_ALPHABET), max_size=40))
def test_inlined_segmentation_equals_jieba(ours, text: str) -> None:
    assert ours(text) == _jieba_no_hmm(text)


def test_segment_uses_the_rust_path_when_installed() -> None:
    rust = segment_module._rust_cut()
    text = "全年共收到政府信息公开申请46件"
    if rust is None:
        pytest.skip("rjieba is not installed (the [fast] extra)")
    assert segment_module.segment(text, hmm=False) == segment_module._cut_no_hmm_rust(text, rust)


def test_shortcut_t2s_equals_opencc() -> None:
    convert = normalise_module._converter()
    samples = [line for line in _corpus_lines(5) if line][:3000] or [_SENTENCE]
    samples += ["政府資訊公開", "乾隆 乾淨 覆蓋 反覆 沈陽 沈先生", "里程 裡面", "", " ", "後來"]
    for text in samples:
        assert normalise_module.to_simplified(text) == convert(text), text
    joined = "\n".join(samples)
    assert normalise_module.to_simplified(joined) == convert(joined)
