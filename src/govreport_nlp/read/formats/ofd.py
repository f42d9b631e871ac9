"""OFD files (GB/T 33190, China's fixed-layout format: a zip of XML) read from their XML.

``OFD.xml`` names the document root; its ``Document.xml`` lists the pages, each a
``Content.xml`` of layers holding ``TextObject`` (a ``Boundary`` box, a font ``Size`` and
``TextCode`` runs with an origin ``X``/``Y`` and advances ``DeltaX``) and ``PathObject``
(ruling lines, by their ``Boundary``).  Positions are millimetres; they are turned into points
so the layout step (:mod:`.layout`) rebuilds lines and tables exactly as for a PDF.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import Any
from xml.etree import ElementTree

from ...errors import CorruptFileError
from ._builder import Extracted, TextBuilder
from .layout import Glyph, Rulings, page_blocks

__all__ = ["is_ofd", "read_ofd"]

_POINTS_PER_MM = 72 / 25.4


def is_ofd(names: set[str]) -> bool:
    return "OFD.xml" in names


def _floats(text: str | None) -> list[float]:
    return [float(v) for v in (text or "").split()]


def _advances(delta: str | None, count: int, size: float) -> list[float]:
    """Per-character advances from a ``DeltaX`` list (``g n d`` repeats ``d`` n times)."""
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


def _page(root: Any) -> tuple[list[Glyph], Rulings]:
    glyphs: list[Glyph] = []
    rulings = Rulings()
    k = _POINTS_PER_MM
    for obj in root.iter():
        tag = obj.tag.rsplit("}", 1)[-1]
        if tag == "PathObject":
            bx, by, bw, bh = (_floats(obj.get("Boundary")) + [0.0] * 4)[:4]
            rulings.add_box(bx * k, by * k, (bx + bw) * k, (by + bh) * k)
        elif tag == "TextObject":
            bx, by = [*_floats(obj.get("Boundary")), 0.0, 0.0][:2]
            size = float(obj.get("Size") or 3.5)
            for code in obj:
                if code.tag.rsplit("}", 1)[-1] != "TextCode" or not code.text:
                    continue
                x = float(code.get("X") or 0)
                y = float(code.get("Y") or 0)
                steps = _advances(code.get("DeltaX"), len(code.text), size)
                for i, char in enumerate(code.text):
                    left = bx + x + sum(steps[:i])
                    glyphs.append(Glyph(left * k, (left + size) * k, (by + y - size) * k,
                                        (by + y) * k, char, char.isspace(), size * k))
    return glyphs, rulings


def _xml(archive: zipfile.ZipFile, name: str) -> Any:
    return ElementTree.fromstring(archive.read(name))


def _child_text(root: Any, tag: str) -> str | None:
    for el in root.iter():
        if el.tag.rsplit("}", 1)[-1] == tag and el.text:
            return el.text.strip()
    return None


def read_ofd(data: bytes, source: str) -> Extracted:
    """Extract an OFD given as bytes; a damaged package raises CorruptFileError."""
    builder = TextBuilder()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root_name = _child_text(_xml(archive, "OFD.xml"), "DocRoot")
            if not root_name:
                raise CorruptFileError(f"{source}: OFD.xml names no DocRoot")
            root_name = root_name.lstrip("/")
            document = _xml(archive, root_name)
            base = posixpath.dirname(root_name)
            title = _child_text(_xml(archive, "OFD.xml"), "Title")
            for number, page in enumerate(
                (el for el in document.iter() if el.tag.rsplit("}", 1)[-1] == "Page"), start=1
            ):
                loc = page.get("BaseLoc", "").lstrip("/")
                glyphs, rulings = _page(_xml(archive, posixpath.join(base, loc)))
                blocks = page_blocks(glyphs, rulings)
                if not blocks:
                    builder.line("")
                for block in blocks:
                    if block.rows is None:
                        builder.line(block.text)
                        continue
                    for cells in block.rows:
                        builder.row([t for t, _f, _l in cells], page=number,
                                    columns=[(f, last) for _t, f, last in cells],
                                    width=block.width)
                    builder.end_table()
    except (zipfile.BadZipFile, KeyError, ValueError, ElementTree.ParseError) as exc:
        raise CorruptFileError(f"{source}: not a readable OFD file ({exc})") from exc
    text, tables = builder.build()
    return Extracted(text, None, title=title or None, tables=tables)
