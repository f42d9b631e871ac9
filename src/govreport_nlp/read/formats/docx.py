"""Word ``.docx`` files: paragraphs and tables in document order.

The body XML is walked directly (python-docx's ``paragraphs`` and ``tables`` lists lose the
order between them): each ``w:p`` is a line (``w:br`` breaks it), each table row a line with
cells tab-separated; content controls (``w:sdt``) are entered; deleted text and the fallback
copies of text boxes are skipped.
"""

from __future__ import annotations

import io
from typing import Any

from ..._extras import require
from ...errors import CorruptFileError
from ._builder import Extracted, GridCell, TextBuilder, expand_grid
from ._package import ZIP_ERRORS, check_package

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT_TAGS = {
    _W + "t": None,
    _W + "tab": "\t",
    _W + "br": "\n",
    _W + "cr": "\n",
    _W + "noBreakHyphen": "-",
}
# Subtrees whose text is not what the reader sees.
_SKIP = {_MC_FALLBACK, _W + "del", _W + "moveFrom", _W + "instrText", _W + "delText"}
_TITLE_STYLES = ("title", "heading 1", "标题", "标题 1")


def _run_text(el: Any, out: list[str]) -> None:
    # An explicit stack, not recursion: runs can sit in hyperlinks, fields, smart tags and
    # content controls nested without limit.
    stack = [iter(el)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag in _TEXT_TAGS:
            fixed = _TEXT_TAGS[tag]
            out.append(fixed if fixed is not None else child.text or "")
        else:
            stack.append(iter(child))


def _paragraph_text(p: Any) -> str:
    out: list[str] = []
    _run_text(p, out)
    return "".join(out)


def _cell_text(tc: Any) -> str:
    lines: list[str] = []
    for child in _block_children(tc):
        if child.tag == _W + "p":
            lines.append(_paragraph_text(child))
        elif child.tag == _W + "tbl":  # a table nested in a cell: its rows flattened
            for tr in _rows(child):
                lines.append(" ".join(_cell_text(c) for c in _cells(tr)))
    return "\n".join(lines)


def _grid_cell(tc: Any) -> GridCell:
    """A ``w:tc`` with its horizontal span (``w:gridSpan``) and whether it continues a
    vertical merge (``w:vMerge`` without ``w:val="restart"``)."""
    props = tc.find(_W + "tcPr")
    span, continues = 1, False
    if props is not None:
        grid_span = props.find(_W + "gridSpan")
        value = grid_span.get(_W + "val", "1") if grid_span is not None else "1"
        span = int(value) if value.isascii() and value.isdigit() and int(value) > 0 else 1
        v_merge = props.find(_W + "vMerge")
        continues = v_merge is not None and v_merge.get(_W + "val", "continue") != "restart"
    return GridCell(_cell_text(tc), colspan=span, continues=continues)


def _block_children(el: Any) -> list[Any]:
    """Children that are paragraphs or tables, looking through content controls."""
    out: list[Any] = []
    for child in el:
        if child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                out.extend(_block_children(content))
        elif child.tag in (_W + "p", _W + "tbl"):
            out.append(child)
        elif child.tag in (_W + "customXml", _W + "ins", _W + "moveTo"):
            out.extend(_block_children(child))
    return out


def _children_tagged(parent: Any, tag: str) -> list[Any]:
    """Children of ``parent`` with ``tag``, looking through content controls and custom XML
    wrappers (a table row or cell may sit inside ``w:sdt``/``w:customXml``)."""
    out: list[Any] = []
    for child in parent:
        if child.tag == tag:
            out.append(child)
        elif child.tag in (_W + "sdt", _W + "customXml"):
            content = child.find(_W + "sdtContent") if child.tag == _W + "sdt" else child
            if content is not None:
                out.extend(_children_tagged(content, tag))
    return out


def _rows(tbl: Any) -> list[Any]:
    return _children_tagged(tbl, _W + "tr")


def _cells(tr: Any) -> list[Any]:
    return _children_tagged(tr, _W + "tc")


def read_docx(data: bytes, source: str) -> Extracted:
    """Extract a .docx given as bytes; a damaged package raises CorruptFileError."""
    docx = require("docx", extra="docx", purpose="Reading .docx files", package="python-docx")
    etree = require("lxml.etree", extra="docx", purpose="Reading .docx files", package="lxml")
    from docx.opc.exceptions import OpcError

    check_package(data, source)
    try:
        document = docx.Document(io.BytesIO(data))
    except (*ZIP_ERRORS, OpcError, etree.XMLSyntaxError) as exc:
        raise CorruptFileError(f"{source}: not a readable .docx file ({exc})") from exc
    builder = TextBuilder()
    title: str | None = None
    for block in _block_children(document.element.body):
        if block.tag == _W + "p":
            text = _paragraph_text(block)
            builder.line(text)
            if title is None and text.strip() and _has_title_style(document, block):
                title = text.strip()
        else:
            physical = [[_grid_cell(tc) for tc in _cells(tr)] for tr in _rows(block)]
            for grid_row in expand_grid(physical):
                builder.row([t for t, _ in grid_row], merged=[m for _, m in grid_row])
            builder.end_table()
    text, tables = builder.build()
    core_title = (document.core_properties.title or "").strip()
    return Extracted(text, None, title=title or core_title or None, tables=tables)


def _has_title_style(document: Any, p: Any) -> bool:
    style_id = p.find(f"{_W}pPr/{_W}pStyle")
    if style_id is None:
        return False
    value = style_id.get(_W + "val")
    style = document.styles.element.get_by_id(value) if value else None
    name = (style.name_val if style is not None else value) or ""
    return name.lower() in _TITLE_STYLES
