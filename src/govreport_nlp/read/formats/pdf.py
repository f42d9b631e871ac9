"""PDF files via pypdfium2 (PDFium): glyph boxes and ruling lines rebuilt into lines and tables.

Each page's characters come with their boxes and its path objects give the ruling lines; the
page is then laid out by :mod:`.layout` (table rows tab-separated, one cell per grid cell,
merged cells once; other text line by line, top to bottom) and written by :mod:`.pages`
(running headers/footers and a table of contents left out).  Around that:

* the title is the largest type on page 1 when it stands out from the body, else the
  document-info Title;
* pages with no text layer are scanned: with the ``[ocr]`` extra they are read by
  :mod:`.ocr` and listed in ``Extracted.ocr_pages``, without it :class:`ScannedPdfError`;
* an encrypted file is opened with the empty password, else :class:`EncryptedPdfError`.
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from typing import Any

import regex

from ..._extras import require
from ...errors import CorruptFileError, EncryptedPdfError, MissingExtraError, ScannedPdfError
from ._builder import Extracted
from .layout import Glyph, Rulings, page_blocks
from .pages import TITLE_PAGES, page_title, pages_text

__all__ = ["read_pdf", "scanned_pages"]

_HAN = regex.compile(r"\p{Han}")
_MIN_TEXT_CHARS = 20  # fewer visible characters on a page: it has no usable text layer
_MAX_FORM_DEPTH = 4  # nested form XObjects followed this deep
_TALL = 3.0  # a font box this many times taller than the page's usual one is an artefact
_WHITESPACE = frozenset(" \t\r\n\u3000\xa0")


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


def _rulings_and_image(raw: Any, page: Any, height: float) -> tuple[Rulings, bool]:
    """The page's ruling lines (bounds of its path objects, inside form XObjects too) and
    whether it shows an image, in one walk over the raw object tree (pypdfium2's object
    wrappers cost more than the layout they feed)."""
    rulings = Rulings()
    imaged = False
    edges = [ctypes.c_float() for _ in range(4)]
    left, bottom, right, top = edges
    refs = [ctypes.byref(e) for e in edges]
    stack = [(raw.FPDFPage_GetObject(page, i), 0) for i in range(raw.FPDFPage_CountObjects(page))]
    while stack:
        obj, depth = stack.pop()
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            if raw.FPDFPageObj_GetBounds(obj, *refs):
                rulings.add_box(left.value, height - top.value, right.value, height - bottom.value)
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            imaged = True
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
            stack += [(raw.FPDFFormObj_GetObject(obj, i), depth + 1)
                      for i in range(raw.FPDFFormObj_CountObjects(obj))]
    return rulings, imaged


def scanned_pages(glyphs_by_page: Sequence[Sequence[Glyph]], imaged: Sequence[bool]) -> list[int]:
    """1-based numbers of pages that show an image and have (almost) no text: scans.  A
    blank page or a page of drawings only is not a scan."""
    return [
        n
        for n, (glyphs, image) in enumerate(zip(glyphs_by_page, imaged, strict=True), start=1)
        if image
        and sum(1 for g in glyphs if not g.space and g.char.isprintable()) < _MIN_TEXT_CHARS
    ]


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
            glyph_pages.append(_glyphs(raw, textpage.raw, height, sizes=index < TITLE_PAGES))
            found, image = _rulings_and_image(raw, page.raw, height)
            rulings.append(found)
            heights.append(height)
            imaged.append(image)
            textpage.close()
            page.close()
        if not glyph_pages:
            raise CorruptFileError(f"{source}: PDF has no pages")
        scanned = scanned_pages(glyph_pages, imaged)
        if scanned:
            for number, (glyphs, found) in _ocr(pdf, scanned, source).items():
                glyph_pages[number - 1] = glyphs
                rulings[number - 1] = found
        title = page_title(*glyph_pages[:TITLE_PAGES]) or _info_title(pdf)
    except pdfium.PdfiumError as exc:
        raise CorruptFileError(f"{source}: not a readable PDF ({exc})") from exc
    finally:
        pdf.close()
    pages = [page_blocks(g, r) for g, r in zip(glyph_pages, rulings, strict=True)]
    text, tables, spans = pages_text(pages, heights)
    return Extracted(text, None, title=title, tables=tables, ocr_pages=tuple(scanned),
                     ocr_spans=spans)
