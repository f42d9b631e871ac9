"""Word segmentation tuned for official Chinese: jieba with a government user dictionary.

jieba's global tokenizer logs to stderr, writes a cache file into the temp directory and is
shared by every library in the process.  Here the dictionary is private, built lazily on first
use, in memory: jieba's own ``dict.txt`` with ``data/gov_userdict.txt`` added, so terms such as
政府信息公开申请 or 地区生产总值 stay whole; part-of-speech tags are jieba's.

The no-HMM path, which attribution calls tens of thousands of times per corpus, runs jieba's
algorithm on that same dictionary in Rust when the optional ``rjieba`` package is installed
(``pip install govreport-nlp[fast]``, part of ``[all]``) and in Python otherwise; both give
exactly what ``jieba.posseg`` gives (checked against jieba in ``tests/test_segment.py``).
The HMM path is jieba's own ``POSTokenizer``.

Set the environment variable ``GOVREPORT_NLP_JIEBA_CACHE`` to a directory to let jieba keep
its prefix-dictionary cache there (faster start of the pure-Python path); without it nothing is
written to disk.

>>> [t.word for t in segment("全年共收到政府信息公开申请46件")]
['全年', '共', '收到', '政府信息公开申请', '46', '件']
>>> segment("")
[]
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from math import log
from typing import TYPE_CHECKING, Any, NamedTuple

import regex

from .._data import data_text

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["CACHE_ENV", "PURE_PYTHON_ENV", "USERDICT", "Token", "segment", "tokenizer"]

USERDICT = "gov_userdict.txt"
CACHE_ENV = "GOVREPORT_NLP_JIEBA_CACHE"
# Set (to anything) to keep the no-HMM path in Python even when rjieba is installed.
PURE_PYTHON_ENV = "GOVREPORT_NLP_PURE_SEGMENTER"


class Token(NamedTuple):
    """One word: ``text[start:end] == word``; ``pos`` is jieba's part-of-speech tag.

    A named tuple, immutable like the other records: attribution makes about 200 k of them per
    corpus pass, and a tuple is made in half the time of a frozen dataclass.
    """

    word: str
    pos: str
    start: int
    end: int


_lock = threading.Lock()
_pos_tokenizer: Any = None


def _userdict_entries() -> Iterator[tuple[str, int, str | None]]:
    """(word, frequency, pos) rows of the packaged user dictionary, comments skipped."""
    for raw in data_text(USERDICT).splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        word, freq, *pos = line.split(" ")
        yield word, int(freq), (pos[0] if pos else None)


def _build() -> Any:
    # jieba is imported here, not at module import: it is only needed once text is segmented.
    import jieba
    import jieba.posseg

    base = jieba.Tokenizer()
    cache_dir = os.environ.get(CACHE_ENV)
    if cache_dir:
        # Asked for: let jieba keep its marshal cache in the user's directory.  jieba logs
        # through its own module logger while it does so; we add no handler of ours.
        base.tmp_dir = cache_dir
        base.initialize()
    else:
        # The in-memory path: the same prefix dictionary jieba builds, with no log line and
        # no cache file in the temp directory.
        base.FREQ, base.total = base.gen_pfdict(base.get_dict_file())
        base.initialized = True
    for word, freq, pos in _userdict_entries():
        base.add_word(word, freq, pos)
    pos_tokenizer = jieba.posseg.POSTokenizer(base)
    pos_tokenizer.makesure_userdict_loaded()  # merge the user tags now, not on first cut
    return pos_tokenizer


def tokenizer() -> Any:
    """The private ``jieba.posseg.POSTokenizer`` (created once, thread-safe)."""
    global _pos_tokenizer
    if _pos_tokenizer is None:
        with _lock:
            if _pos_tokenizer is None:
                _pos_tokenizer = _build()
    return _pos_tokenizer


def segment(text: str, *, hmm: bool = True) -> list[Token]:
    """Split ``text`` into words with part of speech; the tokens tile ``text`` exactly.

    ``hmm=False`` skips jieba's hidden-Markov guess at unknown words (about eight times
    faster; unknown words then come out a character at a time).

    >>> toks = segment("行政复议0件")
    >>> [(t.word, t.start, t.end) for t in toks]
    [('行政复议', 0, 4), ('0', 4, 5), ('件', 5, 6)]
    """
    if not text:
        return []
    if not hmm:
        cut = _rust_cut()
        return _cut_no_hmm_rust(text, cut) if cut is not None else _cut_no_hmm(text)
    out: list[Token] = []
    pos = 0
    for pair in tokenizer().cut(text, HMM=hmm):
        word: str = pair.word
        flag: str = pair.flag
        if flag == "eng" and word.replace(".", "").isdigit():
            flag = "m"  # jieba's no-HMM path tags Arabic numbers "eng"; the HMM path says "m"
        end = pos + len(word)
        out.append(Token(word, flag, pos, end))
        pos = end
    return out


# --- the no-HMM path, inlined ---------------------------------------------------------------
#
# Attribution segments tens of thousands of short clauses per corpus; jieba's generator layers
# (posseg -> tokenizer, a DAG dict and a route dict per call, a ``pair`` object per word) cost
# more than the dynamic programme itself on such short strings.  ``_cut_no_hmm`` runs the
# same algorithm as ``POSTokenizer.cut(text, HMM=False)`` -- same blocks, same prefix
# dictionary, same log-probabilities summed in the same order, same tie-break (the longer
# word) -- and yields the same words and tags; ``tests/test_hardening.py`` checks it against
# jieba over the corpus.

# jieba.posseg's block pattern (re_han_internal) in the ``regex`` module; its skip pattern
# (re_skip_internal) only matters between blocks, see _gap_tokens.
_HAN_BLOCK = regex.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._]+)")
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def _cut_no_hmm(text: str) -> list[Token]:
    pos_tokenizer = tokenizer()
    get = pos_tokenizer.tokenizer.FREQ.get
    tags: dict[str, str] = pos_tokenizer.word_tag_tab
    logtotal = log(pos_tokenizer.tokenizer.total)
    out: list[Token] = []
    append = out.append
    pos = 0
    for block in _HAN_BLOCK.split(text):
        if not block:
            continue
        n = len(block)
        if not _HAN_BLOCK.match(block):
            pos = _gap_tokens(block, pos, append)
            continue
        # best log-probability of block[k:] and the end of its first word, right to left
        score = [0.0] * (n + 1)
        word_end = [0] * n
        for k in range(n - 1, -1, -1):
            best = None
            best_end = k
            i = k
            f = get(block[k])
            while f is not None:  # every prefix of a dictionary word is a key (value 0)
                if f:
                    value = log(f) - logtotal + score[i + 1]
                    if best is None or value >= best:  # max() over (value, end): ties -> longer
                        best, best_end = value, i
                i += 1
                if i == n:
                    break
                f = get(block[k : i + 1])
            # no dictionary word starts here: the character alone, frequency 1 (log 0)
            score[k] = score[k + 1] - logtotal if best is None else best
            word_end[k] = best_end
        k = 0
        eng_start = -1
        while k < n:
            j = word_end[k] + 1
            if j == k + 1 and block[k] in _ASCII_ALNUM:
                if eng_start < 0:
                    eng_start = k
                k = j
                continue
            if eng_start >= 0:
                append(_eng(block[eng_start:k], pos + eng_start))
                eng_start = -1
            word = block[k:j]
            append(Token(word, tags.get(word, "x"), pos + k, pos + j))
            k = j
        if eng_start >= 0:
            append(_eng(block[eng_start:n], pos + eng_start))
        pos += n
    return out


def _gap_tokens(gap: str, pos: int, append: Callable[[Token], None]) -> int:
    """Append the words of ``gap`` (text between blocks, at ``pos``); return where it ends.

    jieba splits a gap with its skip pattern and tags every piece 'x': each character is a
    word, whitespace or not (no ASCII letter or digit is left here), except "\r\n", which
    stays one word.
    """
    make = tuple.__new__  # skips the named tuple's Python-level __new__
    if "\r\n" not in gap:
        for ch in gap:
            append(make(Token, (ch, "x", pos, pos + 1)))
            pos += 1
        return pos
    i = 0
    while i < len(gap):
        width = 2 if gap.startswith("\r\n", i) else 1
        append(make(Token, (gap[i : i + width], "x", pos, pos + width)))
        pos += width
        i += width
    return pos


def _eng(word: str, start: int) -> Token:
    # jieba's no-HMM path tags Arabic numbers "eng"; the HMM path says "m"
    flag = "m" if word.replace(".", "").isdigit() else "eng"
    return Token(word, flag, start, start + len(word))


# --- the no-HMM path in Rust ------------------------------------------------------------------
#
# ``rjieba`` binds jieba-rs, a port of jieba's algorithm: the same prefix DAG, the same route
# (log-frequencies summed right to left, ties to the longer word) and the same merging of
# single ASCII letters and digits into one word.  Given the same dictionary and the same total
# frequency it cuts every block as jieba does, at a fraction of the cost; the blocks themselves
# (jieba's character classes, which differ from jieba-rs's) are ours, as above.
#
# The dictionary: jieba-rs carries its own copy of jieba's ``dict.txt``.  For the rjieba
# releases in ``_VERIFIED_RJIEBA`` that copy was checked equal to the ``dict.txt`` whose SHA-256
# heads ``data/jieba_overlap.tsv`` (every word, tag and frequency; ``tests/test_segment.py``
# repeats the check), so when the installed jieba has that file it is used as it is, and only
# our words are added (0.1 s).  Otherwise the dictionary is built from the installed
# ``dict.txt`` word by word (0.4 s).
#
# Totals: jieba's ``add_word`` adds a word's frequency to the total even when ``dict.txt``
# already had the word; jieba-rs replaces the old frequency.  A filler entry that no block can
# contain (a NUL character) makes up the difference, so both divide by the same total.
# Tags: jieba-rs keeps the tag a word first had, and guesses a tag for a character it does not
# know, where jieba says "x"; ``_RustCut`` holds our words' tags and answers for characters.

_FILLER = "\x00"
_VERIFIED_RJIEBA = frozenset({"0.2.2"})
_OVERLAP = "jieba_overlap.tsv"


@dataclass(frozen=True, slots=True)
class _RustCut:
    tag: Callable[[str, bool], list[tuple[str, str]]]
    has_word: Callable[[str], bool]
    own_tags: dict[str, str]  # our user words: the tag jieba.posseg gives them
    char_tags: dict[str, str]  # single characters met so far: the tag jieba gives them

    def char_tag(self, char: str, rust_tag: str) -> str:
        known = self.char_tags.get(char)
        if known is None:
            known = self.char_tags[char] = rust_tag if self.has_word(char) else "x"
        return known


_rust: _RustCut | None = None
_rust_missing = False


def _rust_cut() -> _RustCut | None:
    """The Rust segmenter over our dictionary, or None when ``rjieba`` is not installed."""
    global _rust, _rust_missing
    if _rust is None and not _rust_missing:
        with _lock:
            if _rust is None and not _rust_missing:
                built = _build_rust()
                _rust_missing = built is None
                _rust = built
    return _rust


def _jieba_dictionary_text() -> str:
    """jieba's ``dict.txt``, read without importing jieba (whose import alone takes 0.2 s)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("jieba")
    folders = list(spec.submodule_search_locations or ()) if spec else []
    for folder in folders:
        path = Path(folder) / "dict.txt"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    import jieba  # an unusual install (a zip): let jieba find its own file

    with jieba.Tokenizer().get_dict_file() as handle:
        return str(handle.read().decode("utf-8"))


def _dictionary_entries(text: str) -> tuple[dict[str, int], dict[str, str], int]:
    """Frequencies and tags of jieba's dictionary with ours added, and jieba's total."""
    fields = text.split()
    lines = text.count("\n") + (not text.endswith("\n"))
    if len(fields) == 3 * lines:  # every line "word frequency tag": read column by column
        counts = list(map(int, fields[1::3]))
        freqs = dict(zip(fields[0::3], counts, strict=True))
        tags = dict(zip(fields[0::3], map(sys.intern, fields[2::3]), strict=True))
        total = sum(counts)
    else:
        freqs, tags, total = {}, {}, 0
        for raw in text.splitlines():
            word, count_text, *tag_field = raw.strip().split(" ")
            freqs[word] = int(count_text)
            total += int(count_text)
            if tag_field:
                tags[word] = sys.intern(tag_field[0])
    for user_word, user_count, user_tag in _userdict_entries():
        freqs[user_word] = user_count
        total += user_count
        if user_tag:  # jieba.posseg: a user word without a tag keeps the one dict.txt gives
            tags[user_word] = user_tag
    return freqs, tags, total


def _verified_overlap(text: str) -> dict[str, tuple[int, str]] | None:
    """``data/jieba_overlap.tsv`` as {word: (frequency, tag)} when ``text`` is its dict.txt."""
    import hashlib

    rows = data_text(_OVERLAP).splitlines()
    marker = "# dict.txt sha256: "
    digest = next((r[len(marker) :].strip() for r in rows if r.startswith(marker)), None)
    if digest != hashlib.sha256(text.encode("utf-8")).hexdigest():
        return None
    overlap: dict[str, tuple[int, str]] = {}
    for row in rows:
        if row and not row.startswith("#") and row != "word\tfreq\ttag":
            word, freq, tag = row.split("\t")
            overlap[word] = (int(freq), tag)
    return overlap


def _merged_letters_only(words: Iterable[str]) -> bool:
    # Such a word would be indistinguishable from merged single letters in the output,
    # which jieba tags "eng"; jieba's dictionary holds none, and ours must not either.
    return any(len(w) > 1 and w.isascii() and w.isalnum() for w in words)


def _build_rust() -> _RustCut | None:
    if os.environ.get(PURE_PYTHON_ENV):
        return None
    try:
        import rjieba
    except ImportError:
        return None
    from importlib.metadata import version

    text = _jieba_dictionary_text()
    user = list(_userdict_entries())
    if _merged_letters_only(word for word, _, _ in user):
        return None
    overlap = _verified_overlap(text) if version("rjieba") in _VERIFIED_RJIEBA else None
    own_tags: dict[str, str] = {}
    if overlap is not None:
        cutter = rjieba.Jieba()  # jieba-rs's own copy of this very dict.txt
        held = {word: entry[0] for word, entry in overlap.items()}
        filler = 0
        for word, count, tag in user:
            filler += held.get(word, 0)  # jieba keeps it in its total; jieba-rs takes it away
            held[word] = count
            own_tags[word] = tag or (overlap[word][1] if word in overlap else "x")
            cutter.add_word(word, count, own_tags[word])
    else:
        freqs, tags, total = _dictionary_entries(text)
        if _merged_letters_only(freqs):
            return None
        cutter = rjieba.Jieba.empty()
        add = cutter.add_word
        for word, count in freqs.items():
            add(word, count, tags.get(word))
        filler = total - sum(freqs.values())
        own_tags = {word: tags.get(word, "x") for word, _, _ in user}
    if filler:
        cutter.add_word(_FILLER, filler, "x")
    # jieba-rs loads its tables for unknown words on the first one it meets (15 ms): now, as
    # part of building, not inside the first report (U+9FD5 ends jieba's Han range, no word)
    cutter.tag("\u9fd5", False)
    return _RustCut(cutter.tag, cutter.has_word, own_tags, {})


def _cut_no_hmm_rust(text: str, rust: _RustCut) -> list[Token]:
    tag_words, own_tags, char_tag = rust.tag, rust.own_tags, rust.char_tag
    # tuple.__new__ skips the named tuple's Python-level __new__: a third of the cost here
    make = tuple.__new__
    out: list[Token] = []
    append = out.append
    pos = 0
    # split() with a capturing group alternates: gaps at even indices, blocks at odd ones
    for index, block in enumerate(_HAN_BLOCK.split(text)):
        if not block:
            continue
        if not index & 1:
            pos = _gap_tokens(block, pos, append)
            continue
        for word, tag in tag_words(block, False):
            end = pos + len(word)
            if word.isascii() and word.isalnum():
                # merged single letters and digits (no dictionary word is made of them only)
                tag = "m" if word.isdigit() else "eng"
            elif word in own_tags:
                tag = own_tags[word]
            elif end == pos + 1:
                tag = char_tag(word, tag)
            append(make(Token, (word, tag, pos, end)))
            pos = end
    return out
