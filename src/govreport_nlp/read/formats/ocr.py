"""OCR of scanned PDF pages (the ``[ocr]`` extra: RapidOCR on ONNX Runtime, CPU only).

Each page is rendered with PDFium at :data:`SCALE` times 72 dpi, RapidOCR finds text lines with
their boxes, and each line's characters are spread evenly across its box as glyphs.  Ruling
lines are read from the bitmap itself (long runs of dark pixels), so the same layout step
(:mod:`.layout`) rebuilds lines and template tables as for a PDF with a text layer.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ..._extras import require
from .layout import Glyph, Rulings

__all__ = ["SCALE", "read_pages", "glyphs_from_lines", "rulings_from_bitmap"]

SCALE = 2.0  # render at 144 dpi: small print is still legible, a page stays under 0.3 s
_DARK = 128  # grey level below which a pixel is ink
_MIN_RULE_POINTS = 30.0  # a dark run at least this long (in points) is a ruling line


@cache
def _engine() -> Any:
    module = require(
        "rapidocr_onnxruntime", extra="ocr", purpose="Reading scanned PDF pages",
        package="rapidocr-onnxruntime",
    )
    return module.RapidOCR()


def glyphs_from_lines(lines: Any, scale: float) -> list[Glyph]:
    """Glyphs of OCR results ``[(quad, text, score), ...]`` in pixels of a ``scale`` render."""
    out: list[Glyph] = []
    for quad, text, score in lines or ():
        xs = [p[0] / scale for p in quad]
        ys = [p[1] / scale for p in quad]
        x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
        if not text:
            continue
        step = (x1 - x0) / len(text)
        confidence = round(float(score), 3)
        for i, char in enumerate(text):
            left = x0 + i * step
            out.append(Glyph(left, left + step, top, bottom, char, char.isspace(),
                             size=bottom - top, confidence=confidence))
    return out


def _runs(mask: Any, min_len: int) -> list[tuple[int, int, int]]:
    """(line index, start, end) of runs of True at least ``min_len`` long in each row."""
    numpy = require("numpy", extra="ocr", purpose="Reading scanned PDF pages")
    padded = numpy.zeros((mask.shape[0], mask.shape[1] + 2), dtype=numpy.int8)
    padded[:, 1:-1] = mask
    edges = numpy.diff(padded, axis=1)
    rows, starts = numpy.nonzero(edges == 1)
    _rows, ends = numpy.nonzero(edges == -1)
    keep = (ends - starts) >= min_len
    return list(zip(rows[keep].tolist(), starts[keep].tolist(), ends[keep].tolist(), strict=True))


def rulings_from_bitmap(grey: Any, scale: float) -> Rulings:
    """Horizontal and vertical ruling lines of a greyscale page bitmap (numpy array)."""
    ink = grey < _DARK
    min_len = int(_MIN_RULE_POINTS * scale)
    rulings = Rulings()
    for y, x0, x1 in _runs(ink, min_len):
        rulings.horizontal.append((y / scale, x0 / scale, x1 / scale))
    for x, top, bottom in _runs(ink.T, min_len):
        rulings.vertical.append((x / scale, top / scale, bottom / scale))
    return rulings


def read_pages(pdf: Any, numbers: list[int]) -> dict[int, tuple[list[Glyph], Rulings]]:
    """Glyphs and rulings of the given 1-based pages of an open pypdfium2 document."""
    engine = _engine()
    numpy = require("numpy", extra="ocr", purpose="Reading scanned PDF pages")
    out: dict[int, tuple[list[Glyph], Rulings]] = {}
    for number in numbers:
        page = pdf[number - 1]
        image = page.render(scale=SCALE, grayscale=True).to_pil().convert("L")
        page.close()
        grey = numpy.asarray(image)
        lines, _elapsed = engine(numpy.stack([grey] * 3, axis=-1))
        out[number] = (glyphs_from_lines(lines, SCALE), rulings_from_bitmap(grey, SCALE))
    return out
