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
import functools
import struct
from collections.abc import Sequence
from itertools import repeat
from typing import Any

import regex

from ..._extras import require
from ...errors import CorruptFileError, EncryptedPdfError, MissingExtraError, ScannedPdfError
from ._builder import Extracted
from .layout import Glyph, Rulings, page_blocks
from .pages import TITLE_PAGES, page_issuer, page_title, pages_text

__all__ = ["read_pdf", "scanned_pages"]

_HAN = regex.compile(r"\p{Han}")
_MIN_TEXT_CHARS = 20  # fewer visible characters on a page: it has no usable text layer
_MAX_FORM_DEPTH = 4  # nested form XObjects followed this deep
_TALL = 3.0  # a font box this many times taller than the page's usual one is an artefact
_WHITESPACE = frozenset(" \t\r\n\u3000\xa0")
_RECT = struct.Struct("=4f")  # FS_RECTF: left, top, right, bottom


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


class _Pdfium:
    """The PDFium functions read per glyph and per page object, called with plain integer
    handles: pypdfium2's typed pointers cost a conversion per argument, and the per-glyph
    calls are most of the PDF layer's time.  Built once per process from the addresses of
    pypdfium2's own functions (same library, same signatures)."""

    def __init__(self, raw: Any) -> None:
        handle, i, f, d = ctypes.c_void_p, ctypes.c_int, ctypes.c_float, ctypes.c_double

        def bind(name: str, result: Any, *args: Any) -> Any:
            address = ctypes.cast(getattr(raw, name), ctypes.c_void_p).value
            return ctypes.CFUNCTYPE(result, *args)(address)

        self.load_page = bind("FPDF_LoadPage", handle, handle, i)
        self.close_page = bind("FPDF_ClosePage", None, handle)
        self.page_height = bind("FPDF_GetPageHeightF", f, handle)
        self.page_width = bind("FPDF_GetPageWidthF", f, handle)
        self.load_text = bind("FPDFText_LoadPage", handle, handle)
        self.close_text = bind("FPDFText_ClosePage", None, handle)
        self.count_chars = bind("FPDFText_CountChars", i, handle)
        self.get_text = bind("FPDFText_GetText", i, handle, i, i, handle)
        self.generated = bind("FPDFText_IsGenerated", i, handle, i)
        self.font_size = bind("FPDFText_GetFontSize", d, handle, i)
        self.loose_box = bind("FPDFText_GetLooseCharBox", i, handle, i, handle)
        self.char_box = bind("FPDFText_GetCharBox", i, handle, i, handle, handle, handle, handle)
        self.count_objects = bind("FPDFPage_CountObjects", i, handle)
        self.get_object = bind("FPDFPage_GetObject", handle, handle, i)
        self.object_type = bind("FPDFPageObj_GetType", i, handle)
        self.bounds = bind("FPDFPageObj_GetBounds", i, handle, handle, handle, handle, handle)
        self.count_form = bind("FPDFFormObj_CountObjects", i, handle)
        self.get_form = bind("FPDFFormObj_GetObject", handle, handle, ctypes.c_ulong)
        self.path, self.image, self.form = (
            raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM
        )


@functools.cache
def _pdfium(raw: Any) -> _Pdfium:
    return _Pdfium(raw)


def _glyphs(api: _Pdfium, textpage: int, height: float, *, sizes: bool) -> list[Glyph]:
    count = api.count_chars(textpage)
    if count <= 0:
        return []
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    api.get_text(textpage, 0, count, ctypes.addressof(buffer))
    chars = buffer.raw[: count * 2].decode("utf-16-le", errors="replace")
    # every box in one C-level loop (map) into one array, read back in one unpack
    rects = (ctypes.c_float * (4 * count))()
    base = ctypes.addressof(rects)
    found = list(map(api.loose_box, repeat(textpage, count), range(count),
                     range(base, base + _RECT.size * count, _RECT.size)))
    generated, font_size, new = api.generated, api.font_size, tuple.__new__
    out: list[Glyph] = []
    where: list[int] = []  # the character index of each glyph
    tall: list[float] = []  # the box height of each visible glyph
    # (a character outside the BMP decodes to one str character from two UTF-16 units: the
    # text is then shorter than ``count``, and its indices are taken as they come)
    for i, char, ok, (left, top, right, bottom) in zip(
        range(count), chars, found, _RECT.iter_unpack(rects), strict=False
    ):
        if not ok:
            continue
        top, bottom = height - top, height - bottom
        if char in _WHITESPACE:
            if generated(textpage, i):
                continue
            out.append(new(Glyph, (left, right, top, bottom, char, True, 0.0, None)))
        else:
            size = font_size(textpage, i) if sizes else 0.0
            tall.append(bottom - top)
            out.append(new(Glyph, (left, right, top, bottom, char, False, size, None)))
        where.append(i)
    return _ink_boxes_for_outliers(api, textpage, height, out, where, tall)


def _ink_boxes_for_outliers(
    api: _Pdfium, textpage: int, height: float, glyphs: list[Glyph], where: list[int],
    tall: list[float],
) -> list[Glyph]:
    """PDFium's font box of vertically set CJK text ignores the page's scaling: it is many
    times taller than the page's other boxes and spans neighbouring cells.  Such glyphs take
    their ink box instead (a box of the page's usual height keeps its font box, so a comma
    or a dash stays on its line).  ``tall``: the visible glyphs' box heights."""
    if not tall:
        return glyphs
    tall.sort()
    limit = _TALL * tall[len(tall) // 2]
    if tall[-1] <= limit:
        return glyphs  # no outlier: the usual page
    edges = [ctypes.c_double() for _ in range(4)]
    left, right, bottom, top = edges
    refs = [ctypes.addressof(e) for e in edges]
    for k, g in enumerate(glyphs):
        if g.space or g.bottom - g.top <= limit:
            continue
        if api.char_box(textpage, where[k], *refs):
            glyphs[k] = Glyph(left.value, right.value, height - top.value, height - bottom.value,
                              g.char, g.space, g.size)
    return glyphs


def _rulings_and_image(api: _Pdfium, page: int, height: float) -> tuple[Rulings, bool]:
    """The page's ruling lines (bounds of its path objects, inside form XObjects too) and
    whether it shows an image, in one walk over the raw object tree (pypdfium2's object
    wrappers cost more than the layout they feed)."""
    rulings = Rulings()
    imaged = False
    edges = [ctypes.c_float() for _ in range(4)]
    left, bottom, right, top = edges
    refs = [ctypes.addressof(e) for e in edges]
    object_type, bounds, path = api.object_type, api.bounds, api.path
    count = api.count_objects(page)
    objects = list(map(api.get_object, repeat(page, count), range(count)))
    stack = list(zip(objects, map(object_type, objects), repeat(0)))
    while stack:
        obj, kind, depth = stack.pop()
        if kind == path:
            if bounds(obj, *refs):
                rulings.add_box(left.value, height - top.value, right.value, height - bottom.value)
        elif kind == api.image:
            imaged = True
        elif kind == api.form and depth < _MAX_FORM_DEPTH:
            inner = [api.get_form(obj, i) for i in range(api.count_form(obj))]
            stack += zip(inner, map(object_type, inner), repeat(depth + 1))
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
    pdf = _open(pdfium, data, source)
    try:
        glyph_pages: list[list[Glyph]] = []
        rulings: list[Rulings] = []
        heights: list[float] = []
        imaged: list[bool] = []
        widths: list[float] = []  # page 1's, where the title block is centred
        api = _pdfium(pdfium.raw)
        document = ctypes.cast(pdf.raw, ctypes.c_void_p).value
        for index in range(len(pdf)):
            page = api.load_page(document, index)
            if not page:
                raise CorruptFileError(f"{source}: page {index + 1} cannot be read")
            try:
                height = api.page_height(page)
                if index == 0:
                    widths.append(api.page_width(page))
                textpage = api.load_text(page)
                try:
                    glyph_pages.append(_glyphs(api, textpage, height, sizes=index < TITLE_PAGES))
                finally:
                    api.close_text(textpage)
                found, image = _rulings_and_image(api, page, height)
            finally:
                api.close_page(page)
            rulings.append(found)
            heights.append(height)
            imaged.append(image)
        if not glyph_pages:
            raise CorruptFileError(f"{source}: PDF has no pages")
        scanned = scanned_pages(glyph_pages, imaged)
        if scanned:
            for number, (glyphs, found) in _ocr(pdf, scanned, source).items():
                glyph_pages[number - 1] = glyphs
                rulings[number - 1] = found
        title = page_title(*glyph_pages[:TITLE_PAGES]) or _info_title(pdf)
        issuer = page_issuer(*glyph_pages[:TITLE_PAGES], width=widths[0])
    except pdfium.PdfiumError as exc:
        raise CorruptFileError(f"{source}: not a readable PDF ({exc})") from exc
    finally:
        pdf.close()
    pages = [page_blocks(g, r) for g, r in zip(glyph_pages, rulings, strict=True)]
    out = pages_text(pages, heights)
    return Extracted(out.text, None, title=title, tables=out.tables, ocr_pages=tuple(scanned),
                     ocr_spans=out.spans, issuer=issuer, parts=out.parts)
