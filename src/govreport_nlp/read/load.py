"""Turn a file, bytes or a string into :class:`~govreport_nlp.models.Document` values.

The format is judged by content (magic bytes, markup sniffing); a file name's extension is
only a hint that breaks ties (CSV vs plain text, Markdown vs text, a damaged ``.docx``).
Text files are decoded strictly (UTF-8/16/32 with BOM, UTF-8, GB18030, Big5); structured
formats are written out as lines, table rows as tab-separated cells whose offsets the
document's tables record.

>>> doc = load("2023年，全年共受理政府信息公开申请95件。")
>>> doc.source, doc.format, doc.encoding
('<text>', 'txt', None)
>>> doc = load("政府信息公开".encode("gbk"), name="2012_benxi.txt")
>>> doc.text, doc.encoding, doc.source
('政府信息公开', 'gb18030', '2012_benxi.txt')
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath

from .._data import load_column
from ..errors import (
    CorruptFileError,
    DecodeError,
    InputNotFoundError,
    LoadError,
    MultipleDocumentsError,
    UnsupportedFormatError,
)
from ..models import Document
from .formats import Extracted
from .formats._package import ZIP_ERRORS
from .formats.encoding import BOMS, decode_text
from .formats.html import looks_like_html
from .formats.tabular import Record, looks_like_jsonl

__all__ = [
    "MultipleDocumentsError", "Source", "StringKind", "load", "load_all", "load_text",
    "sniff_format", "string_kind",
]

Source = str | bytes | os.PathLike[str]

# A str longer than this, or with a newline, is report text, not a path.
_MAX_PATH_CHARS = 4096
_CONTAINERS = frozenset({"csv", "dta", "jsonl"})
_TEXT_EXTENSIONS = {".md": "md", ".markdown": "md"}
_CSV_EXTENSIONS = {".csv": ",", ".tsv": "\t"}
# PDFium is not thread-safe (pypdfium2 says so: one library state, no locking of its own), so
# parse() called from several threads reads one PDF at a time; everything else runs freely.
PDFIUM_LOCK = threading.Lock()
_JSONL_EXTENSIONS = frozenset({".jsonl", ".ndjson"})
_CLAIMED_BINARY = {
    ".pdf": "PDF", ".docx": "DOCX", ".dta": "Stata", ".zip": "zip", ".ofd": "OFD",
    ".xlsx": "Excel", ".xls": "Excel", ".doc": "Word", ".wps": "WPS",
}
# OLE2 compound files (legacy Office): which one is told by its stream names (UTF-16).
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_STREAMS = (
    ("Workbook".encode("utf-16-le"), "xls"),
    ("Book".encode("utf-16-le"), "xls"),
    ("WordDocument".encode("utf-16-le"), "doc"),
)
_WPS_HINTS = frozenset({".wps"})
# Magic numbers of content we recognise but do not read, with what to tell the user.
_UNSUPPORTED_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"{\\rtf", "an RTF document; save it as .docx"),
    (b"OggS", "audio"),
    (b"ID3", "audio"),
)
# Bytes that never occur in text files (C0 controls other than tab/LF/FF/CR/SUB/ESC).
_BINARY_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 26, 27))
_BINARY_TABLE = bytes.maketrans(b"", b"")


@dataclass(frozen=True, slots=True)
class _Input:
    data: bytes
    source: str  # what Document.source says
    hint: str  # lower-case extension of the path or name ("" when none)


@dataclass(frozen=True, slots=True)
class StringKind:
    """What a ``str`` given to :func:`load` is: ``"path"`` or ``"text"``, and the rule that
    decided."""

    kind: str
    rule: str


# Characters of a sentence, never of a file name someone types.
_SENTENCE_MARKS = frozenset("。，；！？、：")
_PATH_STARTS = ("/", "./", "../", "~/", "~\\", ".\\", "..\\", "\\\\")
_SEPARATORS = ("/", "\\")
# A suffix of a name: a dot and 1-5 ASCII letters or digits at the end of the last segment.
_MAX_SUFFIX = 5


def _path_suffixes() -> frozenset[str]:
    return frozenset(load_column("path_suffixes.tsv", "suffix"))


def _last_suffix(src: str) -> str:
    segment = src.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, suffix = segment.rpartition(".")
    if not dot or not stem or not 0 < len(suffix) <= _MAX_SUFFIX or not suffix.isascii() \
            or not suffix.isalnum():
        return ""
    return "." + suffix.lower()


def _has_drive(src: str) -> bool:
    return len(src) >= 3 and src[0].isascii() and src[0].isalpha() and src[1] == ":" \
        and src[2] in _SEPARATORS


# Ordered: the first rule that holds decides.  An existing file is always a path; a string
# with a newline or longer than a path can be is text; a one-line string that ends in a
# suffix we read, starts like a path, or has a separator in it and a file-name ending (or no
# sentence in it) is a path, which load() reports missing.
_STRING_RULES: tuple[tuple[str, str, Callable[[str], bool]], ...] = (
    ("empty", "text", lambda s: not s),
    ("newline", "text", lambda s: "\n" in s or "\r" in s),
    ("long", "text", lambda s: len(s) >= _MAX_PATH_CHARS),
    ("existing_file", "path", lambda s: _exists(s)),
    ("known_suffix", "path", lambda s: _last_suffix(s) in _path_suffixes()),
    ("path_start", "path", lambda s: s.startswith(_PATH_STARTS) or _has_drive(s)),
    ("separator_and_suffix", "path",
     lambda s: any(sep in s for sep in _SEPARATORS) and bool(_last_suffix(s))),
    ("separator_no_sentence", "path",
     lambda s: any(sep in s for sep in _SEPARATORS) and not any(c in _SENTENCE_MARKS for c in s)
     and not any(c.isspace() for c in s) and not any("\u4e00" <= c <= "\u9fff" for c in s)),
    ("otherwise", "text", lambda s: True),
)


def _exists(src: str) -> bool:
    try:
        return os.path.isfile(src)
    except (OSError, ValueError):  # NUL bytes, names too long for the file system
        return False


def string_kind(src: str) -> StringKind:
    """Whether a ``str`` given to :func:`load` is a path or report text, and why.

    >>> [string_kind(s).rule for s in ("/typo/path.tx", "report.pdf", "一、总体情况", "a\\nb")]
    ['path_start', 'known_suffix', 'otherwise', 'newline']
    >>> string_kind("全年受理申请95件/次").kind
    'text'
    """
    for rule, kind, holds in _STRING_RULES:
        if holds(src):
            return StringKind(kind, rule)
    raise AssertionError("the last rule always holds")  # pragma: no cover


def _read_input(src: Source, name: str | None) -> _Input | str:
    """The bytes to read, or the str itself when it is report text."""
    if isinstance(src, str) and string_kind(src).kind == "text":
        return src
    if isinstance(src, bytes | bytearray | memoryview):
        source = name or "<bytes>"
        return _Input(bytes(src), source, PurePath(source).suffix.lower() if name else "")
    path = Path(os.fspath(src))
    shown = name or os.fspath(src)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        hint = " (report text as a str: use parse_text())" if isinstance(src, str) else ""
        raise InputNotFoundError(f"{shown}: no such file{hint}") from exc
    except IsADirectoryError as exc:
        raise LoadError(f"{shown}: is a directory, not a report file") from exc
    except PermissionError as exc:
        raise LoadError(f"{shown}: permission denied") from exc
    hint = PurePath(name).suffix.lower() if name else path.suffix.lower()
    return _Input(data, shown, hint)


def _zip_kind(data: bytes, hint: str, source: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except ZIP_ERRORS as exc:  # also NotImplementedError: an unknown "version to extract"
        claimed = _CLAIMED_BINARY.get(hint, "zip")
        container = "zip container" if claimed == "zip" else f"{claimed} file (a zip inside)"
        raise CorruptFileError(f"{source}: damaged {container} ({exc})") from exc
    if "word/document.xml" in names or hint == ".docx":
        return "docx"
    if "OFD.xml" in names or hint == ".ofd":
        return "ofd"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("ppt/") for n in names):
        raise UnsupportedFormatError(f"{source}: a PowerPoint file is not a report format")
    raise UnsupportedFormatError(
        f"{source}: a zip archive; open archives with the batch reader, not load()"
    )


def _ole_kind(data: bytes, hint: str, source: str) -> str:
    """``xls``, ``doc`` or ``wps`` for a legacy Office compound file."""
    for stream, kind in _OLE_STREAMS:
        if stream in data:
            return "wps" if kind == "doc" and hint in _WPS_HINTS else kind
    if hint in (".xls", ".doc", ".wps"):
        return hint[1:]
    raise UnsupportedFormatError(f"{source}: a legacy Office file of unknown kind")


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    return bool(head) and len(head.translate(_BINARY_TABLE, _BINARY_BYTES)) < len(head) * 0.98


def sniff_format(data: bytes, *, hint: str = "", source: str = "<bytes>") -> str:
    """The format of ``data`` judged by content; ``hint`` is a file extension such as ``".csv"``.

    Raises :class:`UnsupportedFormatError` for content we recognise but do not read and
    :class:`CorruptFileError` for a damaged zip.

    >>> sniff_format(b"%PDF-1.7 ...", hint=".txt")
    'pdf'
    >>> sniff_format("<html><body><p>报告</p></body></html>".encode(), hint=".pdf")
    'html'
    >>> sniff_format("各位代表：".encode(), hint=".md")
    'md'
    >>> sniff_format(b"")
    'txt'
    """
    # zip first: an archive whose first member is a stored PDF has "%PDF-" in its head too
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data, hint, source)
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"<stata_dta>") or (
        hint == ".dta" and len(data) > 2 and data[0] in (0x71, 0x72, 0x73) and data[1] in (1, 2)
    ):
        return "dta"
    if data.startswith(_OLE_MAGIC):
        return _ole_kind(data, hint, source)
    for magic, what in _UNSUPPORTED_MAGIC:
        if data.startswith(magic):
            raise UnsupportedFormatError(f"{source}: {what}, not a report format")
    has_bom = any(data.startswith(mark) for mark, _codec, _name in BOMS)
    if not has_bom and _looks_binary(data):
        raise UnsupportedFormatError(f"{source}: binary content of unknown format")
    # Markup is ASCII in every encoding we read except UTF-16/32, which have a BOM.
    preview = data[:4096]
    for mark, codec, _name in BOMS:
        if preview.startswith(mark):
            preview_text = preview[len(mark) :].decode(codec, errors="ignore")
            break
    else:
        preview_text = preview.decode("latin-1")
    if looks_like_html(preview_text):
        return "html"
    if hint in _CSV_EXTENSIONS:
        return "csv"
    if hint in _JSONL_EXTENSIONS or (hint != ".txt" and looks_like_jsonl(preview_text)):
        return "jsonl"
    return _TEXT_EXTENSIONS.get(hint, "txt")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _utf8(text: str, source: str) -> bytes:
    """The UTF-8 bytes of ``text``; a lone surrogate (half of a UTF-16 pair, as left by
    ``errors="surrogateescape"`` or a JSON ``\\ud800`` escape) is not text: DecodeError."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise DecodeError(
            f"{source}: not valid Unicode text (lone surrogate U+{ord(text[exc.start]):04X} at "
            f"character {exc.start})"
        ) from None


def _text_document(text: str, source: str) -> Document:
    return Document(text, source, _sha256(_utf8(text, source)), None, "txt")


def _decode(inp: _Input) -> tuple[str, str]:
    try:
        return decode_text(inp.data, inp.source)
    except DecodeError:
        claimed = _CLAIMED_BINARY.get(inp.hint)
        if claimed:
            raise CorruptFileError(
                f"{inp.source}: named as {claimed} but is neither {claimed} nor text"
            ) from None
        raise


def _extract(inp: _Input, fmt: str) -> Extracted:
    if fmt == "pdf":
        from .formats.pdf import read_pdf

        with PDFIUM_LOCK:  # one PDF at a time, whatever thread asks
            return read_pdf(inp.data, inp.source)
    if fmt == "docx":
        from .formats.docx import read_docx

        return read_docx(inp.data, inp.source)
    if fmt == "html":
        from .formats.html import read_html

        return read_html(inp.data, inp.source)
    if fmt == "ofd":
        from .formats.ofd import read_ofd

        return read_ofd(inp.data, inp.source)
    if fmt in ("xlsx", "xls"):
        from .formats.sheets import read_sheets

        return read_sheets(inp.data, inp.source)
    if fmt in ("doc", "wps"):
        from .formats.office import read_legacy_word

        return read_legacy_word(inp.data, inp.source, f".{fmt}")
    text, encoding = _decode(inp)
    return Extracted(text, encoding)


def _records(inp: _Input, fmt: str) -> tuple[list[Record], str | None]:
    from .formats import tabular

    if fmt == "dta":
        return tabular.read_dta(inp.data, inp.source), None
    text, encoding = _decode(inp)
    if fmt == "csv":
        delimiter = _CSV_EXTENSIONS.get(inp.hint)
        return tabular.read_csv(text, inp.source, delimiter=delimiter), encoding
    return tabular.read_jsonl(text, inp.source), encoding


def _container_documents(inp: _Input, fmt: str) -> list[Document]:
    records, encoding = _records(inp, fmt)
    docs = []
    for number, record in enumerate(records, start=1):
        warnings = () if record.text.strip() else (f"{inp.source}#{number}: empty report text",)
        docs.append(
            Document(
                record.text,
                record.name or f"{inp.source}#{number}",
                _sha256(_utf8(record.text, record.name or f"{inp.source}#{number}")),
                encoding,
                fmt,
                title=record.title,
                warnings=warnings,
            )
        )
    return docs


def _load_input(inp: _Input) -> list[Document]:
    fmt = sniff_format(inp.data, hint=inp.hint, source=inp.source)
    if fmt in _CONTAINERS:
        return _container_documents(inp, fmt)
    got = _extract(inp, fmt)
    return [
        Document(
            got.text,
            inp.source,
            _sha256(inp.data),
            got.encoding,
            fmt,
            title=got.title,
            tables=got.tables,
            warnings=got.warnings,
            ocr_pages=got.ocr_pages,
            ocr_spans=got.ocr_spans,
            issuer=got.issuer,
            parts=got.parts,
        )
    ]


def load(src: Source, *, name: str | None = None) -> Document:
    """Load one report from a path, bytes, or the report text itself.

    A ``str`` is a path when it names an existing file or looks like one (one line, ending in a
    suffix we read, or with a path separator: :func:`string_kind`); a path that does not exist
    raises :class:`~govreport_nlp.errors.InputNotFoundError`.  Text that might look like a path
    goes through :func:`load_text` (``parse_text``).  ``name`` replaces the shown source (and,
    for bytes, gives the extension hint).  ``sha256`` is the digest of the input bytes (of the
    UTF-8 text for a ``str``).  A container (CSV, DTA, JSONL) must hold exactly one report;
    use :func:`load_all` otherwise.

    >>> doc = load("<p>x</p>\\n一、总体情况")
    >>> doc.format, doc.text.splitlines()[1]
    ('txt', '一、总体情况')
    >>> load('{"text": "甲"}\\n{"text": "乙"}\\n'.encode(), name="r.jsonl")
    Traceback (most recent call last):
    ...
    govreport_nlp.errors.MultipleDocumentsError: r.jsonl holds 2 reports; use load_all() ...
    """
    inp = _read_input(src, name)
    if isinstance(inp, str):
        return _text_document(inp, name or "<text>")
    docs = _load_input(inp)
    if len(docs) == 1:
        return docs[0]
    if not docs:
        raise LoadError(f"{inp.source}: holds no report")
    raise MultipleDocumentsError(
        f"{inp.source} holds {len(docs)} reports; use load_all() to read them all"
    )


def load_text(text: str, *, name: str = "<text>") -> Document:
    """A document of report text, whatever the text looks like (never read as a path).

    >>> load_text("/typo/path.tx").text
    '/typo/path.tx'
    """
    return _text_document(text, name)


def load_all(src: Source, *, name: str | None = None) -> list[Document]:
    """Every report in ``src``: one per row/record of a CSV, TSV, DTA or JSONL container
    (sources ``"<source>#<n>"``, 1-based, or a JSONL record's ``source`` field; ``sha256`` of
    the row's UTF-8 text), otherwise ``[load(src)]``.  An empty container gives ``[]``.

    >>> data = '{"text": "甲"}\\n{"text": "乙", "source": "b.txt"}\\n'.encode()
    >>> docs = load_all(data, name="r.jsonl")
    >>> [(d.text, d.source, d.format) for d in docs]
    [('甲', 'r.jsonl#1', 'jsonl'), ('乙', 'b.txt', 'jsonl')]
    """
    inp = _read_input(src, name)
    if isinstance(inp, str):
        return [_text_document(inp, name or "<text>")]
    return _load_input(inp)
