"""Lines and ruled tables rebuilt from positioned glyphs (PDF text layers, OCR, OFD).

A page is glyphs (one character with its box, top-down coordinates in points) and ruling
segments (the strokes and thin rectangles a table is drawn with).  Connected rulings make a
grid; a grid cell is a run of base cells no border separates (merged cells).  As in the
template tables, a grid row with fewer than two cells of its own is not a table row: WPS
draws a frame round whole pages, a one-column "table" of prose, and its glyphs stay text.
Everything else is grouped into lines by their tops; a space is written where the source had
one or where the gap between two glyphs is wider than :data:`SPACE_GAP`.  A page without a
table whose lines a blank strip near the middle splits, with prose on both sides, is read as
two columns: head lines (a title), the left column, the right one, foot lines.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate, chain, compress, count, repeat
from operator import gt, itemgetter, not_, sub
from typing import NamedTuple

__all__ = [
    "Glyph",
    "Grid",
    "PageBlock",
    "Rulings",
    "line_glyphs",
    "lines_of",
    "lowest_confidence",
    "page_blocks",
]

LINE_TOLERANCE = 3.0  # glyph tops within this many points of the previous one: same line
SPACE_GAP = 3.0  # a wider gap between two glyphs of a line is a space
_RULE_THICKNESS = 2.5  # thinner than this: a rectangle is a drawn line
_JOIN = 2.0  # segment ends and positions this close count as touching
_MIN_TABLE_CELLS = 2
# Two-column pages: the gutter is a blank strip this wide whose middle lies in this share of
# the text's width; each column has this many lines of at least this many characters on
# average; a few full-width lines may stand above (a title) and below (a page number).
_GUTTER = 10.0
_GUTTER_BAND = (0.3, 0.7)
_MIN_COLUMN_LINES = 5
_MIN_COLUMN_CHARS_PER_LINE = 8
_MAX_HEAD_LINES = 4
_MAX_FOOT_LINES = 2


class Glyph(NamedTuple):
    """One character; ``space`` marks a real blank of the source (a break, never text).

    A named tuple: a page holds thousands, built one by one from PDFium's boxes, and a tuple
    is built in a fraction of a frozen dataclass's time."""

    x0: float
    x1: float
    top: float
    bottom: float
    char: str
    space: bool = False
    size: float = 0.0
    confidence: float | None = None  # OCR's score for the text line it came from

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def lowest_confidence(glyphs: Sequence[Glyph]) -> float | None:
    """The lowest OCR score among ``glyphs``; None when none was OCR'd."""
    scores = set(map(_CONFIDENCE, glyphs))
    scores.discard(None)
    return min(scores) if scores else None


# field getters of a Glyph (a named tuple), for C-level sorts and maps over a page's glyphs
_X0, _X1, _TOP, _CHAR, _SPACE, _CONFIDENCE = map(itemgetter, (0, 1, 2, 4, 5, 7))
_SPAN, _X1_OF_SPAN, _X0_TOP = itemgetter(0, 1), itemgetter(1), itemgetter(0, 2)


@dataclass(slots=True)
class Rulings:
    """Horizontal segments ``(y, x0, x1)`` and vertical ones ``(x, top, bottom)``."""

    horizontal: list[tuple[float, float, float]] = field(default_factory=list)
    vertical: list[tuple[float, float, float]] = field(default_factory=list)

    def add_box(self, x0: float, top: float, x1: float, bottom: float) -> None:
        """A drawn rectangle: a line when thin, else its four edges."""
        if x1 - x0 <= _RULE_THICKNESS and bottom - top <= _RULE_THICKNESS:
            return
        if bottom - top <= _RULE_THICKNESS:
            self.horizontal.append(((top + bottom) / 2, x0, x1))
        elif x1 - x0 <= _RULE_THICKNESS:
            self.vertical.append(((x0 + x1) / 2, top, bottom))
        else:
            self.horizontal += [(top, x0, x1), (bottom, x0, x1)]
            self.vertical += [(x0, top, bottom), (x1, top, bottom)]


@dataclass(slots=True)
class GridCell:
    row: int
    col: int
    last_row: int
    last_col: int
    box: tuple[float, float, float, float]  # x0, top, x1, bottom
    glyphs: list[Glyph] = field(default_factory=list)

    def text(self) -> str:
        glyphs = self.glyphs
        if len(glyphs) <= 1:  # visible glyphs only: one is its own line
            return glyphs[0].char if glyphs else ""
        tops = list(map(_TOP, glyphs))
        if max(tops) - min(tops) <= LINE_TOLERANCE:
            # one line (most cells): by left edge, ties by top, as the two stable sorts of
            # :func:`lines_of` (by top, then by left edge) leave them
            return _spaced(sorted(glyphs, key=_X0_TOP))
        return "\n".join(lines_of(glyphs))

    def confidence(self) -> float | None:
        return lowest_confidence(self.glyphs) if self.glyphs else None


@dataclass(slots=True)
class Grid:
    """A ruled table: rows and columns of base cells, merged cells by their origin."""

    rows: int
    cols: int
    cells: list[GridCell]
    xs: list[float] = field(default_factory=list)  # column borders, left to right
    ys: list[float] = field(default_factory=list)  # row borders, top to bottom
    owner: list[list[int]] = field(default_factory=list)  # base cell -> index in cells

    def cell_at(self, x: float, y: float) -> GridCell | None:
        """The cell whose box holds (x, y): the base cell's owner (a border point goes to
        the cell before it), else the first cell whose box holds it (odd merged shapes)."""
        xs, ys = self.xs, self.ys
        if not (xs[0] <= x <= xs[-1] and ys[0] <= y <= ys[-1]):
            return None  # every cell lies within the outer borders
        c = max(bisect.bisect_left(xs, x) - 1, 0)
        r = max(bisect.bisect_left(ys, y) - 1, 0)
        cell = self.cells[self.owner[r][c]]
        x0, top, x1, bottom = cell.box
        if x0 <= x <= x1 and top <= y <= bottom:
            return cell
        for cell in self.cells:
            x0, top, x1, bottom = cell.box
            if x0 <= x <= x1 and top <= y <= bottom:
                return cell
        return None


@dataclass(slots=True)
class PageBlock:
    """A text line, or a run of table rows: each row its own cells (text, first column,
    last column) for the text, in a rectangular grid of ``width`` columns.  OCR'd text
    carries its lowest score: ``confidence`` of a line, ``cell_confidence`` by row and cell."""

    top: float
    text: str = ""
    rows: list[list[tuple[str, int, int]]] | None = None
    width: int = 0
    confidence: float | None = None
    cell_confidence: list[list[float | None]] | None = None


def _cluster(values: Sequence[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _JOIN:
            out.append(v)
    return out


def _index(positions: Sequence[float], value: float) -> int:
    return min(range(len(positions)), key=lambda i: abs(positions[i] - value))


def _merged(segments: Sequence[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Overlapping segments at the same position as one: each cell drawn as its own
    rectangle repeats every inner border.  What they touch and cover is unchanged."""
    out: list[tuple[float, float, float]] = []
    for p, a, b in sorted(segments):
        if out and out[-1][0] == p and a <= out[-1][2]:
            out[-1] = (p, out[-1][1], max(b, out[-1][2]))
        else:
            out.append((p, a, b))
    return out


def _components(rulings: Rulings) -> list[Rulings]:
    """Groups of segments that touch one another (one group per drawn table)."""
    hs, vs = _merged(rulings.horizontal), _merged(rulings.vertical)
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # the vertical segments by position, each position's by top (merged, they do not
    # overlap, so their bottoms rise with their tops)
    n = len(hs)
    at: dict[float, list[int]] = {}  # position -> its segments' indices in ``parent``
    for j, (x, _top, _bottom) in enumerate(vs):
        at.setdefault(x, []).append(n + j)
    xs = sorted(at)
    # per position: the segments' reach up (top - _JOIN), down (bottom + _JOIN), indices
    columns = [([vs[j - n][1] - _JOIN for j in at[x]], [vs[j - n][2] + _JOIN for j in at[x]],
                at[x]) for x in xs]
    left, right = bisect.bisect_left, bisect.bisect_right
    for i, (y, x0, x1) in enumerate(hs):
        root = find(i)  # stays the root: the others are hung under it
        # only the vertical segments within the horizontal one's reach can touch it
        for ups, downs, index in columns[left(xs, x0 - _JOIN) : right(xs, x1 + _JOIN)]:
            k = right(ups, y) - 1  # the last one starting above y
            while k >= 0 and y <= downs[k]:
                other = find(index[k])
                if other != root:
                    parent[other] = root
                k -= 1
    groups: dict[int, Rulings] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), Rulings()).horizontal.append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), Rulings()).vertical.append(v)
    return [g for g in groups.values() if g.horizontal and g.vertical]


class _Segments:
    """Segments ``(position, start, end)`` sorted by position, to ask which cover a point."""

    def __init__(self, segments: Sequence[tuple[float, float, float]]) -> None:
        self._segments = sorted(segments)
        self._positions = [p for p, _a, _b in self._segments]

    def reaches(self, at: float) -> list[tuple[float, float]]:
        """The reach ``(start - _JOIN, end + _JOIN)`` of each segment within :data:`_JOIN`
        of ``at``: a point between is covered there."""
        lo = bisect.bisect_left(self._positions, at - _JOIN)
        hi = bisect.bisect_right(self._positions, at + _JOIN)
        return [(a - _JOIN, b + _JOIN) for _p, a, b in self._segments[lo:hi]]


def _covered(reaches: list[tuple[float, float]], mid: float) -> bool:
    for lo, hi in reaches:
        if lo <= mid <= hi:
            return True
    return False


def _grid(group: Rulings) -> Grid | None:
    ys = _cluster([h[0] for h in group.horizontal])
    xs = _cluster([v[0] for v in group.vertical])
    if len(ys) < 2 or len(xs) < 2:
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    owner = [[(r, c) for c in range(n_cols)] for r in range(n_rows)]
    # the segments along each inner border, found once per border (not once per cell)
    vertical, horizontal = _Segments(group.vertical), _Segments(group.horizontal)
    right_of = [vertical.reaches(xs[c + 1]) for c in range(n_cols - 1)]
    mids_x = [(xs[c] + xs[c + 1]) / 2 for c in range(n_cols)]
    for r in range(n_rows):
        mid_y = (ys[r] + ys[r + 1]) / 2
        above = horizontal.reaches(ys[r]) if r > 0 else []
        row, previous = owner[r], owner[r - 1]
        for c in range(n_cols):
            if c + 1 < n_cols and not _covered(right_of[c], mid_y):
                row[c + 1] = row[c]  # no border to the right: merged
            if r > 0 and not _covered(above, mids_x[c]):
                row[c] = previous[c]  # no border above: merged
    spans: dict[tuple[int, int], list[int]] = {}
    for r in range(n_rows):
        for c, o in enumerate(owner[r]):
            span = spans.get(o)
            if span is None:  # its first base cell (most cells have one only)
                spans[o] = [r, c, r, c]
                continue
            # rows come in order (span[0] <= r); columns may not (odd merged shapes)
            span[1], span[2], span[3] = min(span[1], c), r, max(span[3], c)
    ordered = sorted(spans.items(), key=lambda item: item[1])
    cells = [
        GridCell(r0, c0, r1, c1, (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]))
        for _o, (r0, c0, r1, c1) in ordered
    ]
    index = {o: i for i, (o, _span) in enumerate(ordered)}
    return Grid(n_rows, n_cols, cells, xs, ys,
                [[index[owner[r][c]] for c in range(n_cols)] for r in range(n_rows)])


def lines_of(glyphs: Sequence[Glyph]) -> list[str]:
    """The glyphs as lines of text, top to bottom, left to right."""
    return [text for _top, text in map(_line_text, line_glyphs(glyphs)) if text]


def line_glyphs(glyphs: Sequence[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into lines: sorted by top, a new line where the top jumps by more
    than :data:`LINE_TOLERANCE`."""
    ordered = sorted(glyphs, key=_TOP)
    tops = list(map(_TOP, ordered))
    starts = [0, *(k for k, above, top in zip(count(1), tops, tops[1:], strict=False)
                   if top - above > LINE_TOLERANCE)]
    ends = [*starts[1:], len(ordered)]
    return [ordered[a:b] for a, b in zip(starts, ends, strict=True)] if ordered else []


def _lines(glyphs: Sequence[Glyph]) -> list[tuple[float, str, float | None]]:
    out = [(*_line_text(line), lowest_confidence(line)) for line in line_glyphs(glyphs)]
    return [(top, text, score) for top, text, score in out if text]


def _line_text(line: list[Glyph]) -> tuple[float, str]:
    ordered = sorted(line, key=_X0)
    if not any(map(_SPACE, ordered)):
        return min(map(_TOP, line)), _spaced(ordered)
    parts: list[str] = []
    right: float | None = None
    pending_space = False
    for g in ordered:
        if g.space:
            pending_space = True
            continue
        if right is not None and (pending_space or g.x0 - right > SPACE_GAP):
            parts.append(" ")
        parts.append(g.char)
        right, pending_space = g.x1, False
    return min(map(_TOP, line)), "".join(parts)


def _spaced(ordered: Sequence[Glyph]) -> str:
    """The characters of a line's glyphs (left to right, none a blank of the source), a
    space only where the gap to the previous glyph is wider than :data:`SPACE_GAP`."""
    chars = list(map(_CHAR, ordered))
    gaps = map(sub, map(_X0, ordered[1:]), map(_X1, ordered))
    for k in reversed(list(compress(count(1), map(gt, gaps, repeat(SPACE_GAP))))):
        chars.insert(k, " ")
    return "".join(chars)


def _outside(glyphs: Sequence[Glyph], boxes: Sequence[tuple]) -> list[Glyph]:
    """The glyphs whose centre is in none of the boxes (x0, top, x1, bottom)."""
    out = []
    for g in glyphs:
        x, y = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
        for x0, top, x1, bottom in boxes:
            if x0 <= x <= x1 and top <= y <= bottom:
                break
        else:
            out.append(g)
    return out


def _centres(glyphs: Sequence[Glyph]) -> list[tuple[float, float, Glyph]]:
    """The visible glyphs with their centres, computed once per page for all its grids."""
    return [((g.x0 + g.x1) / 2, (g.top + g.bottom) / 2, g) for g in glyphs if not g.space]


def _place(grid: Grid, centred: Sequence[tuple[float, float, Glyph]]) -> None:
    """Each visible glyph into the grid cell its centre falls in (:meth:`Grid.cell_at`, its
    search inlined: one bisect per axis, from the second border on so a point on the first
    goes to the first cell).  The base cell found holds the point, and a cell's box is the
    bounding box of the base cells it owns, so the cell's box holds it too."""
    xs, ys = grid.xs, grid.ys
    x_lo, x_hi, y_lo, y_hi = xs[0], xs[-1], ys[0], ys[-1]
    cells = grid.cells
    at = [[cells[i].glyphs for i in row] for row in grid.owner]  # base cell -> its list
    left = bisect.bisect_left
    for x, y, g in centred:
        if x_lo <= x <= x_hi and y_lo <= y <= y_hi:  # every cell lies within the borders
            at[left(ys, y, 1) - 1][left(xs, x, 1) - 1].append(g)


def _table_runs(
    grid: Grid, centred: Sequence[tuple[float, float, Glyph]], scored: bool = True
) -> tuple[list[PageBlock], list[tuple]]:
    """Runs of multi-cell rows, and the boxes whose glyphs they took (``centred``: the
    page's visible glyphs with their centres; ``scored``: some of them have an OCR score,
    else no cell has one to look for)."""
    _place(grid, centred)
    by_row: dict[int, list[GridCell]] = {}
    for cell in grid.cells:
        by_row.setdefault(cell.row, []).append(cell)
    blocks: list[PageBlock] = []
    boxes: list[tuple] = []
    run: list[list[tuple[str, int, int]]] = []
    scores: list[list[float | None]] = []
    run_boxes: list[tuple[float, float, float, float]] = []  # the run's cells' boxes

    def close() -> None:
        nonlocal run, run_boxes, scores
        if run:
            ocr = scored and any(s is not None for row in scores for s in row)
            x0s, tops, x1s, bottoms = zip(*run_boxes, strict=True)
            run_box = (min(x0s), min(tops), max(x1s), max(bottoms))
            blocks.append(PageBlock(top=run_box[1], rows=run, width=grid.cols,
                                    cell_confidence=scores if ocr else None))
            boxes.append(run_box)
        run, run_boxes, scores = [], [], []

    for r in range(grid.rows):
        own = sorted(by_row.get(r, []), key=lambda c: c.col)
        if len(own) < _MIN_TABLE_CELLS:
            close()
            continue
        run.append([(c.text(), c.col, c.last_col) for c in own])
        if scored:
            scores.append([c.confidence() for c in own])
        run_boxes += [c.box for c in own]
    close()
    return blocks, boxes


def page_blocks(glyphs: Sequence[Glyph], rulings: Rulings) -> list[PageBlock]:
    """A page's lines and table runs in reading order (top to bottom)."""
    tables: list[PageBlock] = []
    boxes: list[tuple] = []
    centred: list[tuple[float, float, Glyph]] | None = None
    scored = True
    for group in _components(rulings):
        grid = _grid(group)
        if grid is not None:
            if centred is None:
                centred = _centres(glyphs)
                scored = set(map(_CONFIDENCE, glyphs)) != {None}  # OCR'd glyphs among them
            blocks, taken = _table_runs(grid, centred, scored)
            tables += blocks
            boxes += taken
    rest = _outside(glyphs, boxes) if boxes else glyphs
    columns = None if boxes else _two_columns(rest)
    if columns is not None:
        # reading order: the lines above the columns, the left column, the right one, below
        return [PageBlock(top=top, text=text, confidence=score)
                for part in columns for top, text, score in _lines(part)]
    lines = [PageBlock(top=top, text=text, confidence=score) for top, text, score in _lines(rest)]
    # Stable sort: a line and a table starting at the same height keep the line first.
    return sorted([*lines, *tables], key=lambda b: b.top)


def _gutter(lines: Sequence[Sequence[Glyph]], band: tuple[float, float]) -> float | None:
    """The middle of the widest blank vertical strip (at least :data:`_GUTTER` wide, centred
    in ``band``) that no glyph of ``lines`` enters."""
    spans = sorted(map(_SPAN, chain.from_iterable(lines)))
    if not spans:
        return None
    # the right edge reached by the glyphs up to each one, and the blank after it
    reaches = list(accumulate(map(_X1_OF_SPAN, spans), max))
    best: tuple[float, float] | None = None
    for (x0, _x1), reach in zip(spans[1:], reaches, strict=False):  # reach: up to the one before
        if x0 - reach >= _GUTTER and band[0] <= (x0 + reach) / 2 <= band[1]:
            if best is None or x0 - reach > best[1] - best[0]:
                best = (reach, x0)
    return None if best is None else (best[0] + best[1]) / 2


def _blocks_band(line: Sequence[Glyph], band: tuple[float, float]) -> bool:
    """Whether one line alone leaves no blank strip for a gutter: none of its own blanks (the
    margins beyond its ends included) is :data:`_GUTTER` wide around a point of ``band``.
    Every line must be blank where the page's gutter is, so a line of prose across the
    middle settles a one-column page at the cost of one line (with a point of slack, so the
    test never rejects a strip :func:`_gutter` would accept)."""
    spans = sorted(map(_SPAN, line))
    half = _GUTTER / 2 - 1.0
    if spans[0][0] - half > band[0]:
        return False  # the margin before the line reaches into the band
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= _GUTTER - 2.0 and reach + half < band[1] and x0 - half > band[0]:
            return False
        reach = max(reach, x1)
    return reach + half >= band[1]


def _prose(lines: Sequence[Sequence[Glyph]]) -> bool:
    """Enough lines of running text to be a column (not a column of a borderless table)."""
    return len(lines) >= _MIN_COLUMN_LINES and (
        sum(len(line) for line in lines) >= _MIN_COLUMN_CHARS_PER_LINE * len(lines)
    )


def _two_columns(glyphs: Sequence[Glyph]) -> list[list[Glyph]] | None:
    """Head, left column, right column and foot of a two-column page, or None.

    Two columns: below a few full-width head lines (a title) and above a foot line or two (a
    centred page number), a blank strip near the middle of the text splits every line, and
    both sides hold lines of prose."""
    lines = line_glyphs(list(compress(glyphs, map(not_, map(_SPACE, glyphs)))))
    if len(lines) < _MIN_COLUMN_LINES:
        return None
    lo = min(map(_X0, chain.from_iterable(lines)))
    hi = max(map(_X1, chain.from_iterable(lines)))
    band = (lo + (hi - lo) * _GUTTER_BAND[0], lo + (hi - lo) * _GUTTER_BAND[1])
    # a strip blank on the whole page is blank in its core lines: a quick test first
    core = lines[_MAX_HEAD_LINES : len(lines) - _MAX_FOOT_LINES]
    if not core or _blocks_band(max(core, key=len), band) or _gutter(core, band) is None:
        return None
    for head in range(_MAX_HEAD_LINES + 1):
        for foot in range(_MAX_FOOT_LINES + 1):
            body = lines[head : len(lines) - foot]
            split = _gutter(body, band) if len(body) >= _MIN_COLUMN_LINES else None
            if split is None:
                continue
            left = [[g for g in line if g.cx < split] for line in body]
            right = [[g for g in line if g.cx >= split] for line in body]
            if not (_prose([x for x in left if x]) and _prose([x for x in right if x])):
                continue
            top, bottom = body[0][0].top, max(g.top for g in body[-1])
            parts: list[list[Glyph]] = [[], [], [], []]
            for g in glyphs:
                part = 0 if g.top < top else 3 if g.top > bottom else 1 if g.cx < split else 2
                parts[part].append(g)
            return parts
    return None
