"""PDF files via pypdfium2 (PDFium): glyph boxes and ruling lines rebuilt into lines and tables.

Each page's characters come with their boxes and its path objects give the ruling lines; the
page is then laid out by :mod:`.layout` (table rows tab-separated, one cell per grid cell,
merged cells once; other text line by line, top to bottom).  Around that:

* running headers and footers (page numbers ``- 3 -``, ``第3页 共8页``) are lines in the top or
  bottom margin that recur, digits aside, on at least half the pages: they are dropped;
* the title is the largest type on page 1 when it stands out from the body, else the
  document-info Title;
* pages with no text layer are scanned: with the ``[ocr]`` extra they are read by
  :mod:`.ocr` and listed in ``Extracted.ocr_pages``, without it :class:`ScannedPdfError`;
* an encrypted file is opened with the empty password, else :class:`EncryptedPdfError`.
"""

from __future__ import annotations

import ctypes
from collections import Counter
from collections.abc import Sequence
from typing import Any

import regex

from ..._extras import require
from ...errors import CorruptFileError, EncryptedPdfError, MissingExtraError, ScannedPdfError
from ._builder import Extracted, TextBuilder
from .layout import Glyph, PageBlock, Rulings, line_glyphs, page_blocks

__all__ = ["read_pdf", "scanned_pages"]

_HAN = regex.compile(r"\p{Han}")
_DIGITS = regex.compile(r"\d+|[〇一二三四五六七八九十百]+")
_MARGIN = 0.09  # top and bottom share of the page where running headers/footers sit
_TITLE_PAGES = 2  # the body type is measured on the first pages
_TITLE_RATIO = 1.25  # title type is at least this much larger than the body's
_MIN_TEXT_CHARS = 20  # fewer visible characters on a page: it has no usable text layer
_TALL = 3.0  # a font box this many times taller than the page's usual one is an artefact
_WHITESPACE = frozenset(" \t\r\n\u3000\xa0")
# A table of contents: its heading, then entries (numbering, title, dotted leader, page number)
# up to the end of its page, continued on the next pages while every line has a leader.
_CONTENTS_HEAD = regex.compile(r"^(?:目\s*录|目\s*次)$")
_CONTENTS_PAGES = 3  # a contents list starts on one of the first pages
_LEADER = r"[.．…·•_\-—]{3,}"
_PAGE_NUMBER = r"(?:\d{1,3}|[—\-]\s*\d{1,3}\s*[—\-])"
_ENTRY_NUMERAL = r"[一二三四五六七八九十百〇\d]"
_ENTRY_NUMBERING = (
    rf"(?:[（(]?{_ENTRY_NUMERAL}{{1,4}}[）)]?[、.．]?|第{_ENTRY_NUMERAL}+(?:章|节|部分|篇))"
)
_CONTENTS_ENTRY_TAIL = regex.compile(rf"(?:\s*{_LEADER}\s*|\s+){_PAGE_NUMBER}$")
_LEADER_ENTRY = regex.compile(rf"{_LEADER}\s*{_PAGE_NUMBER}$")
_ENTRY_HEAD = regex.compile(rf"^\s*{_ENTRY_NUMBERING}\s*")
_SENTENCE_PUNCT = regex.compile(r"[。；！？]")
_MAX_ENTRY = 60  # a longer line is prose: the body has started


def _open(pdfium: Any, data: bytes, source: str) -> Any:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            try:
                return pdfium.PdfDocument(data, password="")
            except pdfium.PdfiumError:
                raise EncryptedPdfError(
                    f"{source}: the PDF is encrypted and the empty password does not open it"
                ) from None
        raise CorruptFileError(f"{source}: not a readable PDF ({exc})") from exc


def _glyphs(raw: Any, textpage: Any, height: float, *, sizes: bool) -> list[Glyph]:
    count = raw.FPDFText_CountChars(textpage)
    if count <= 0:
        return []
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    raw.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    chars = buffer.raw[: count * 2].decode("utf-16-le", errors="replace")
    rect = raw.FS_RECTF()
    out: list[Glyph] = []
    where: list[int] = []  # the character index of each glyph
    for i, char in enumerate(chars):
        space = char in _WHITESPACE
        if space and raw.FPDFText_IsGenerated(textpage, i):
            continue
        if not raw.FPDFText_GetLooseCharBox(textpage, i, rect):
            continue
        size = raw.FPDFText_GetFontSize(textpage, i) if sizes and not space else 0.0
        out.append(
            Glyph(rect.left, rect.right, height - rect.top, height - rect.bottom, char, space, size)
        )
        where.append(i)
    return _ink_boxes_for_outliers(raw, textpage, height, out, where)


def _ink_boxes_for_outliers(
    raw: Any, textpage: Any, height: float, glyphs: list[Glyph], where: list[int]
) -> list[Glyph]:
    """PDFium's font box of vertically set CJK text ignores the page's scaling: it is many
    times taller than the page's other boxes and spans neighbouring cells.  Such glyphs take
    their ink box instead (a box of the page's usual height keeps its font box, so a comma
    or a dash stays on its line)."""
    tall = sorted(g.bottom - g.top for g in glyphs if not g.space)
    if not tall:
        return glyphs
    usual = tall[len(tall) // 2]
    edges = [ctypes.c_double() for _ in range(4)]
    for k, g in enumerate(glyphs):
        if g.space or g.bottom - g.top <= _TALL * usual:
            continue
        left, right, bottom, top = edges
        if raw.FPDFText_GetCharBox(textpage, where[k], left, right, bottom, top):
            glyphs[k] = Glyph(left.value, right.value, height - top.value, height - bottom.value,
                              g.char, g.space, g.size)
    return glyphs


def _rulings(pdfium: Any, page: Any, height: float) -> Rulings:
    rulings = Rulings()
    for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_PATH], max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        rulings.add_box(left, height - top, right, height - bottom)
    return rulings


def scanned_pages(glyphs_by_page: Sequence[Sequence[Glyph]], imaged: Sequence[bool]) -> list[int]:
    """1-based numbers of pages that show an image and have (almost) no text: scans.  A
    blank page or a page of drawings only is not a scan."""
    return [
        n
        for n, (glyphs, image) in enumerate(zip(glyphs_by_page, imaged, strict=True), start=1)
        if image
        and sum(1 for g in glyphs if not g.space and g.char.isprintable()) < _MIN_TEXT_CHARS
    ]


def _running_lines(pages: list[list[PageBlock]], heights: list[float]) -> set[tuple[int, int]]:
    """(page index, block index) of running headers/footers: margin lines that recur with
    their digits aside on at least half the pages (and on two at least)."""
    seen: Counter[str] = Counter()
    where: list[tuple[int, int, str]] = []
    for p, (blocks, height) in enumerate(zip(pages, heights, strict=True)):
        for b, block in enumerate(blocks):
            if block.rows is None and (
                block.top < height * _MARGIN or block.top > height * (1 - _MARGIN)
            ):
                shape = _DIGITS.sub("#", block.text.replace(" ", ""))
                where.append((p, b, shape))
    for shape in {(p, s) for p, _b, s in where}:
        seen[shape[1]] += 1
    needed = max(2, (len(pages) + 1) // 2)
    return {(p, b) for p, b, s in where if seen[s] >= needed}


def _entry_title(text: str) -> str:
    """An entry's (or a heading's) title: numbering, leader and page number taken off."""
    text = _CONTENTS_ENTRY_TAIL.sub("", text.strip())
    return _ENTRY_HEAD.sub("", text).replace(" ", "")


def _contents_lines(pages: list[list[PageBlock]]) -> set[tuple[int, int]]:
    """(page index, block index) of a table of contents: the 目录 line and its entries.

    On the contents page every following line is an entry until one is prose (sentence
    punctuation, or longer than an entry) or repeats an entry's title (the body's first
    heading); on the next pages the list goes on only through lines with a dotted leader
    and a page number.  Listed, the entries would become the document's section tree.
    """
    for p, blocks in enumerate(pages[:_CONTENTS_PAGES]):
        for b, block in enumerate(blocks):
            if block.rows is None and _CONTENTS_HEAD.match(block.text.strip()):
                return _entries_from(pages, p, b)
    return set()


def _entries_from(pages: list[list[PageBlock]], p: int, b: int) -> set[tuple[int, int]]:
    taken = {(p, b)}
    titles: set[str] = set()
    for i, block in enumerate(pages[p][b + 1 :], start=b + 1):
        text = block.text.strip()
        title = _entry_title(text)
        if block.rows is not None or len(text) > _MAX_ENTRY or _SENTENCE_PUNCT.search(text):
            return taken
        if title in titles:
            return taken
        titles.add(title)
        taken.add((p, i))
    for q in range(p + 1, len(pages)):
        for i, block in enumerate(pages[q]):
            if block.rows is not None or not _LEADER_ENTRY.search(block.text.strip()):
                return taken
            taken.add((q, i))
    return taken


def _page_title(glyphs: Sequence[Glyph], following: Sequence[Glyph] = ()) -> str | None:
    """The lines of largest type at the top of page 1 when clearly larger than the body
    (the commonest type of pages 1 and 2: a cover page may hold little but its title)."""
    sized = [g for g in glyphs if g.size > 0]
    if not sized:
        return None
    body = Counter(
        round(g.size) for g in (*sized, *following) if g.size > 0
    ).most_common(1)[0][0]
    big = max(g.size for g in sized)
    if big < body * _TITLE_RATIO:
        return None
    parts: list[str] = []
    for line in line_glyphs(sized):
        if max(g.size for g in line) >= big * 0.9:
            parts.append("".join(g.char for g in sorted(line, key=lambda g: g.x0)))
        elif parts:
            break  # the title is one run of large lines
    text = "".join(parts).replace(" ", "")
    return text if _HAN.search(text) else None


def _info_title(pdf: Any) -> str | None:
    title = (pdf.get_metadata_dict().get("Title") or "").strip().strip("\x00")
    return title if _HAN.search(title) else None


def _ocr(pdf: Any, numbers: list[int], source: str) -> dict[int, tuple[list[Glyph], Rulings]]:
    try:
        from . import ocr

        return ocr.read_pages(pdf, numbers)
    except MissingExtraError:
        shown = ", ".join(map(str, numbers))
        raise ScannedPdfError(
            f"{source}: page(s) {shown} have no text layer (scanned); reading them needs OCR: "
            "pip install 'govreport-nlp[ocr]'",
            pages=tuple(numbers),
        ) from None


def _write(builder: TextBuilder, pages: list[list[PageBlock]], drop: set[tuple[int, int]]) -> None:
    for p, blocks in enumerate(pages):
        kept = [b for i, b in enumerate(blocks) if (p, i) not in drop]
        if not kept:
            builder.line("")
        for block in kept:
            if block.rows is None:
                builder.line(block.text)
                continue
            for cells in block.rows:
                builder.row(
                    [text for text, _f, _l in cells],
                    page=p + 1,
                    columns=[(first, last) for _t, first, last in cells],
                    width=block.width,
                )
            builder.end_table()


def read_pdf(data: bytes, source: str) -> Extracted:
    """Extract a PDF given as bytes; a damaged file raises CorruptFileError."""
    pdfium = require("pypdfium2", extra="pdf", purpose="Reading PDF files")
    raw = pdfium.raw
    pdf = _open(pdfium, data, source)
    try:
        glyph_pages: list[list[Glyph]] = []
        rulings: list[Rulings] = []
        heights: list[float] = []
        imaged: list[bool] = []
        for index in range(len(pdf)):
            page = pdf[index]
            height = page.get_height()
            textpage = page.get_textpage()
            glyph_pages.append(_glyphs(raw, textpage.raw, height, sizes=index < _TITLE_PAGES))
            rulings.append(_rulings(pdfium, page, height))
            heights.append(height)
            imaged.append(
                next(iter(page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=4)), None)
                is not None
            )
            textpage.close()
            page.close()
        if not glyph_pages:
            raise CorruptFileError(f"{source}: PDF has no pages")
        scanned = scanned_pages(glyph_pages, imaged)
        if scanned:
            for number, (glyphs, found) in _ocr(pdf, scanned, source).items():
                glyph_pages[number - 1] = glyphs
                rulings[number - 1] = found
        title = _page_title(*glyph_pages[:_TITLE_PAGES]) or _info_title(pdf)
    except pdfium.PdfiumError as exc:
        raise CorruptFileError(f"{source}: not a readable PDF ({exc})") from exc
    finally:
        pdf.close()
    pages = [page_blocks(g, r) for g, r in zip(glyph_pages, rulings, strict=True)]
    builder = TextBuilder()
    _write(builder, pages, _running_lines(pages, heights) | _contents_lines(pages))
    text, tables = builder.build()
    return Extracted(text, None, title=title, tables=tables, ocr_pages=tuple(scanned))
