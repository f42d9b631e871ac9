"""OFD files (GB/T 33190, China's fixed-layout format: a zip of XML) read from their XML.

``OFD.xml`` names the document root (``DocRoot``) and carries the document info (``Title``);
the root ``Document.xml`` lists the pages, each a ``Content.xml`` of layers holding
``TextObject`` (a ``Boundary`` box, a font ``Size`` and ``TextCode`` runs with a baseline
origin ``X``/``Y`` and advances ``DeltaX``, where ``g n d`` repeats ``d`` n times) and
``PathObject`` (drawn lines: the ``M``/``L`` moves of its ``AbbreviatedData``, else its
``Boundary``).  Positions are millimetres; they are turned into points so the layout step
(:mod:`.layout`) and the page assembly (:mod:`.pages`) treat an OFD exactly as a PDF.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import Any
from xml.etree import ElementTree

from ...errors import CorruptFileError
from ._builder import Extracted
from ._package import ZIP_ERRORS
from .layout import Glyph, Rulings, page_blocks
from .pages import TITLE_PAGES, page_title, pages_text

__all__ = ["read_ofd"]

_POINTS_PER_MM = 72 / 25.4
_DEFAULT_SIZE_MM = 3.5  # a TextObject without Size: 五号 type
_A4_HEIGHT_MM = 297.0


def _tag(el: Any) -> str:
    return el.tag.rsplit("}", 1)[-1]


def _floats(text: str | None, n: int) -> list[float]:
    """The first ``n`` numbers of a space-separated list, zeros for missing ones."""
    values = [float(v) for v in (text or "").split()[:n]]
    return values + [0.0] * (n - len(values))


def _advances(delta: str | None, count: int, size: float) -> list[float]:
    """The ``count - 1`` advances between a run's characters (the last repeats; none given:
    the type size)."""
    out: list[float] = []
    parts = (delta or "").split()
    i = 0
    while i < len(parts):
        if parts[i] == "g" and i + 2 < len(parts):
            out += [float(parts[i + 2])] * int(parts[i + 1])
            i += 3
        else:
            out.append(float(parts[i]))
            i += 1
    return (out + [out[-1] if out else size] * count)[: max(count - 1, 0)]


def _path_rulings(obj: Any, rulings: Rulings) -> None:
    """The straight horizontal and vertical strokes of a PathObject (in mm)."""
    bx, by, bw, bh = _floats(obj.get("Boundary"), 4)
    data = next((el.text for el in obj if _tag(el) == "AbbreviatedData" and el.text), None)
    if data is None:
        rulings.add_box(bx, by, bx + bw, by + bh)
        return
    tokens = data.split()
    here: tuple[float, float] | None = None
    start: tuple[float, float] | None = None
    i = 0
    while i < len(tokens):
        op = tokens[i]
        if op in ("M", "L") and i + 2 < len(tokens):
            point = (bx + float(tokens[i + 1]), by + float(tokens[i + 2]))
            if op == "L" and here is not None:
                _stroke(rulings, here, point)
            else:
                start = point
            here = point
            i += 3
        elif op == "C" and here is not None and start is not None:
            _stroke(rulings, here, start)  # close the subpath
            here = start
            i += 1
        else:
            i += 1  # curves (B, Q, A) and anything else draw no ruling


def _stroke(rulings: Rulings, a: tuple[float, float], b: tuple[float, float]) -> None:
    (x0, y0), (x1, y1) = a, b
    rulings.add_box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _text_glyphs(obj: Any, glyphs: list[Glyph]) -> None:
    bx, by = _floats(obj.get("Boundary"), 2)
    size = float(obj.get("Size") or _DEFAULT_SIZE_MM)
    x = y = 0.0
    for code in obj:
        if _tag(code) != "TextCode" or not code.text:
            continue
        # a run without X/Y continues where the previous one's origin was
        x = float(code.get("X", x))
        y = float(code.get("Y", y))
        steps = _advances(code.get("DeltaX"), len(code.text), size)
        left = bx + x
        for i, char in enumerate(code.text):
            glyphs.append(Glyph(left, left + size, by + y - size, by + y, char, char.isspace(),
                                size))
            if i < len(steps):
                left += steps[i]


def _scaled(glyphs: list[Glyph], rulings: Rulings) -> tuple[list[Glyph], Rulings]:
    """Millimetres to points (the layout step's tolerances are in points)."""
    k = _POINTS_PER_MM
    out = [Glyph(g.x0 * k, g.x1 * k, g.top * k, g.bottom * k, g.char, g.space, g.size * k)
           for g in glyphs]
    scaled = Rulings(
        [(y * k, a * k, b * k) for y, a, b in rulings.horizontal],
        [(x * k, a * k, b * k) for x, a, b in rulings.vertical],
    )
    return out, scaled


def _page(root: Any) -> tuple[list[Glyph], Rulings]:
    glyphs: list[Glyph] = []
    rulings = Rulings()
    for obj in root.iter():
        tag = _tag(obj)
        if tag == "PathObject":
            _path_rulings(obj, rulings)
        elif tag == "TextObject":
            _text_glyphs(obj, glyphs)
    return _scaled(glyphs, rulings)


def _first_text(root: Any, tag: str) -> str | None:
    for el in root.iter():
        if _tag(el) == tag and el.text and el.text.strip():
            return el.text.strip()
    return None


def _page_height(document: Any) -> float:
    """The document's page height in points (its PhysicalBox; A4 when none is given)."""
    box = _first_text(document, "PhysicalBox")
    height = _floats(box, 4)[3] if box else _A4_HEIGHT_MM
    return (height or _A4_HEIGHT_MM) * _POINTS_PER_MM


def read_ofd(data: bytes, source: str) -> Extracted:
    """Extract an OFD given as bytes; a damaged package raises CorruptFileError."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            head = ElementTree.fromstring(archive.read("OFD.xml"))
            root_name = (_first_text(head, "DocRoot") or "").lstrip("/")
            if not root_name:
                raise CorruptFileError(f"{source}: OFD.xml names no DocRoot")
            document = ElementTree.fromstring(archive.read(root_name))
            base = posixpath.dirname(root_name)
            page_glyphs: list[list[Glyph]] = []
            pages = []
            for page in (el for el in document.iter() if _tag(el) == "Page"):
                loc = posixpath.normpath(posixpath.join(base, page.get("BaseLoc", "")))
                glyphs, rulings = _page(ElementTree.fromstring(archive.read(loc)))
                page_glyphs.append(glyphs)
                pages.append(page_blocks(glyphs, rulings))
            height = _page_height(document)
    except (*ZIP_ERRORS, ElementTree.ParseError) as exc:  # damaged deflate data too
        raise CorruptFileError(f"{source}: not a readable OFD file ({exc})") from exc
    if not pages:
        raise CorruptFileError(f"{source}: the OFD document has no pages")
    out = pages_text(pages, [height] * len(pages))
    title = page_title(*page_glyphs[:TITLE_PAGES]) or _first_text(head, "Title")
    return Extracted(out.text, None, title=title, tables=out.tables, parts=out.parts)
