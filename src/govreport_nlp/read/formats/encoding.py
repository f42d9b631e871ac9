"""Decode the bytes of a text file without ever producing silent mojibake.

Order of trust: a byte-order mark (UTF-8, UTF-16, UTF-32); then strict UTF-8; then strict
GB18030 (which covers GBK and GB2312) and strict Big5, choosing between them by how many of the
decoded characters are common in government reports.  Short GBK strings often decode as Big5
too (and vice versa) but give rare characters; the common-character table
``data/common_chars.tsv`` was counted over the shared corpus (see :func:`main`).

Nothing is decoded with ``errors="replace"``: bytes that fit no encoding raise
:class:`~govreport_nlp.errors.DecodeError` naming the source.
"""

from __future__ import annotations

import codecs
import math
from collections import Counter
from collections.abc import Iterable
from functools import cache

import regex

from ..._data import load_table
from ...errors import DecodeError

__all__ = ["BOMS", "declared_html_charset", "decode_text", "plausibility"]

# (mark, codec used to decode the rest, name reported in Document.encoding).  UTF-32 marks
# come first because the UTF-32-LE mark starts with the UTF-16-LE one.
BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# Legacy Chinese encodings tried after UTF-8, in the order that wins a tie (mainland
# government reports are far more often GBK than Big5).
_LEGACY = ("gb18030", "big5")
# Labels a page may declare, mapped to the codec we decode with.
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "big5": "big5",
    "big5-hkscs": "big5hkscs",
    "utf-8": "utf-8",
    "utf8": "utf-8",
}
# Whitespace (U+3000, NBSP) is neutral: it says nothing about the encoding.
_NON_ASCII = regex.compile(r"[^\x00-\x7f\s]")
# Score of text made of characters seen ~50 times in the corpus: what ordinary report text
# reaches easily, and what bytes decoded with the wrong legacy codec rarely do.
PLAUSIBLE = math.log1p(50)
# Mis-decoding hits rare characters; for equal scores the earlier codec in _LEGACY wins, and
# a later one must beat it by this margin.
_MARGIN = 1.0
# Judging the start of a long file is enough and keeps loading fast: a thousand
# characters give a stable mean (a mis-decoded file is rare characters throughout), and
# every UTF-8 file pays for this scan.
_SAMPLE_CHARS = 1_024
_META_CHARSET = regex.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]{2,20})""", regex.IGNORECASE
)


@cache
def _char_weights() -> dict[str, float]:
    """log(1 + corpus count) per common character; absent characters weigh 0."""
    return {row["char"]: math.log1p(int(row["count"])) for row in load_table("common_chars.tsv")}


def plausibility(text: str) -> float:
    """Mean log-frequency of the non-ASCII, non-space characters of ``text`` in reports.

    Mis-decoded bytes give rare characters (a low score); ASCII-only text has nothing to
    judge and scores ``PLAUSIBLE``.

    >>> plausibility("政府信息公开") > plausibility("淉葬陓洘鼠羲") + 3
    True
    >>> plausibility("plain ASCII") == PLAUSIBLE
    True
    """
    sample = text[:_SAMPLE_CHARS]
    if sample.isascii():
        return PLAUSIBLE
    # Count each distinct character once (a C-level pass), then weigh the distinct ones:
    # a regex listing every character costs several times more.
    weights = _char_weights()
    judged = 0
    total = 0.0
    for ch, count in Counter(sample).items():
        if _NON_ASCII.match(ch):
            judged += count
            total += weights.get(ch, 0.0) * count
    return total / judged if judged else PLAUSIBLE


def _strip_bom(data: bytes) -> tuple[bytes, str, str] | None:
    for mark, codec, name in BOMS:
        if data.startswith(mark):
            return data[len(mark) :], codec, name
    return None


def decode_text(data: bytes, source: str, *, declared: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)`` for the bytes of a text file; a BOM is removed.

    ``declared`` is a charset the container named (an HTML ``<meta charset>``); it is tried
    first after a BOM, and a wrong declaration falls back to detection.

    >>> decode_text("政府信息公开".encode("gbk"), "a.txt")
    ('政府信息公开', 'gb18030')
    >>> decode_text("政府資訊公開".encode("big5"), "b.txt")
    ('政府資訊公開', 'big5')
    >>> decode_text(b"\\xef\\xbb\\xbf2023\\xe5\\xb9\\xb4", "c.txt")
    ('2023年', 'utf-8')
    >>> decode_text(b"", "empty.txt")
    ('', 'utf-8')
    """
    marked = _strip_bom(data)
    if marked is not None:
        rest, codec, name = marked
        try:
            return rest.decode(codec), name
        except UnicodeDecodeError as exc:
            raise DecodeError(f"{source}: starts with a {name} byte-order mark but {exc}") from exc
    if declared:
        declared_codec = _CHARSET_ALIASES.get(declared.lower())
        if declared_codec is not None:
            reported = "big5" if declared_codec.startswith("big5") else declared_codec
            try:
                return data.decode(declared_codec), reported
            except UnicodeDecodeError:
                pass  # a wrong declaration is common on old pages; detect instead
    utf8_text: str | None = None
    try:
        utf8_text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_text, utf8_error = None, exc
    if utf8_text is not None and plausibility(utf8_text) >= PLAUSIBLE:
        return utf8_text, "utf-8"
    best: tuple[float, str, str] | None = None
    for codec in _LEGACY:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = plausibility(text)
        if text.encode(codec, errors="replace") != data:
            # the codec would not write these bytes for this text (Big5's duplicate codes:
            # A1FE reads as ／, which Big5 writes A241): a weaker reading of them
            score -= _MARGIN
        if best is None or score > best[0] + _MARGIN:
            best = (score, text, codec)
    if utf8_text is not None:
        # Valid UTF-8 wins unless a legacy decoding reads as ordinary report text and the
        # UTF-8 one does not (short GBK strings such as "水平" are valid UTF-8: "ˮƽ").
        if best is not None and best[0] >= PLAUSIBLE and best[0] > plausibility(utf8_text) + 1:
            return best[1], best[2]
        return utf8_text, "utf-8"
    if utf8_error.reason == "unexpected end of data" and (best is None or best[0] < PLAUSIBLE):
        # Valid UTF-8 up to a character cut off at the very end: a truncated file, which a
        # legacy codec would only turn into rare characters (mojibake).
        raise DecodeError(
            f"{source}: UTF-8 text cut off inside its last character (byte {utf8_error.start} "
            f"of {len(data)}); the file looks truncated"
        )
    if best is None:
        raise DecodeError(
            f"{source}: not text in UTF-8, UTF-16, GB18030 or Big5 "
            f"(invalid UTF-8 byte at offset {utf8_error.start})"
        )
    return best[1], best[2]


def declared_html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag within its first 4 KiB.

    >>> declared_html_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=gbk">')
    'gbk'
    >>> declared_html_charset(b"<p>no declaration</p>") is None
    True
    """
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii").lower() if found else None


def count_common_chars(texts: Iterable[str], *, min_count: int) -> Counter[str]:
    """Count the non-ASCII characters of ``texts``, keeping those seen ``min_count`` times."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(_NON_ASCII.findall(text))
    return Counter({ch: n for ch, n in counts.items() if n >= min_count and ch.isprintable()})


def main() -> None:  # pragma: no cover - maintenance script
    """Regenerate ``data/common_chars.tsv`` from the shared corpus (../shared/corpora).

    Run ``python -m govreport_nlp.read.formats.encoding [corpora-dir]``.  Characters seen at least
    three times in the UTF-8 report texts are kept; each simplified character's Traditional
    form (OpenCC s2t) is added with the same count so Big5 text scores as well as GBK text.
    """
    import sys
    from pathlib import Path

    from opencc import OpenCC

    root = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpora")
    files = sorted(p for p in root.rglob("*.txt") if "raw_formats" not in p.parts)
    counts = count_common_chars((p.read_text(encoding="utf-8") for p in files), min_count=3)
    to_traditional = OpenCC("s2t")
    rows: dict[str, tuple[int, str]] = {ch: (n, "corpus") for ch, n in counts.items()}
    for ch, n in counts.items():
        for variant in to_traditional.convert(ch):
            # A Traditional form is as common as its simplified source (the corpus is mostly
            # simplified, so its own count understates it).
            if variant not in rows or rows[variant][0] < n:
                rows[variant] = (n, "s2t")
    out = Path(__file__).resolve().parents[1] / "data" / "common_chars.tsv"
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(
            "# Non-ASCII characters common in government reports, used to tell GB18030 from Big5\n"
            "# when both decode a file.  char: the character; count: occurrences in the UTF-8\n"
            f"# report texts of the shared corpus ({len(files)} files, characters seen >= 3\n"
            "# times);\n"
            "# origin: corpus = counted there, s2t = Traditional form of a counted simplified\n"
            "# character (OpenCC s2t), given the larger of the two counts.  Regenerate with\n"
            "# `python -m govreport_nlp.read.formats.encoding ../shared/corpora`.\n"
            "char\tcount\torigin\n"
        )
        for ch, (n, origin) in sorted(rows.items(), key=lambda kv: (-kv[1][0], kv[0])):
            fh.write(f"{ch}\t{n}\t{origin}\n")


if __name__ == "__main__":  # pragma: no cover
    main()
