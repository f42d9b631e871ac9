"""The fast paths of the fixed-layout reader give what the plain forms give (issue 16):
the one-line test that settles a one-column page before the gutter search, and the grouping
of ruling segments into tables.  Pages and rulings are generated (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_nlp.read.formats import layout
from govreport_nlp.read.formats.layout import Glyph, Rulings, page_blocks

_X = st.floats(min_value=40, max_value=540, allow_nan=False)


@st.composite
def pages(draw: st.DrawFn) -> list[Glyph]:
    """Lines of glyphs, some with a gap in the middle (two-column pages among them)."""
    glyphs: list[Glyph] = []
    gap = draw(st.tuples(_X, st.floats(min_value=0, max_value=40)))
    for row in range(draw(st.integers(min_value=0, max_value=14))):
        top = 60.0 + 16 * row
        x = draw(st.floats(min_value=40, max_value=120))
        for _ in range(draw(st.integers(min_value=1, max_value=30))):
            width = draw(st.sampled_from([5.0, 10.5, 11.0]))
            if gap[0] <= x <= gap[0] + gap[1]:
                x = gap[0] + gap[1] + 0.5
            space = draw(st.integers(0, 9)) == 0
            glyphs.append(Glyph(x, x + width, top, top + 11, " " if space else "字", space))
            x += width + draw(st.sampled_from([0.0, 0.5, 4.0, 12.0]))
    return glyphs


@settings(max_examples=300, deadline=None)
@given(pages())
def test_the_one_line_test_never_changes_a_page(glyphs: list[Glyph]) -> None:
    fast = page_blocks(glyphs, Rulings())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(layout, "_blocks_band", lambda line, band: False)
        plain = page_blocks(glyphs, Rulings())
    assert [(b.top, b.text) for b in fast] == [(b.top, b.text) for b in plain]


def _plain_components(rulings: Rulings) -> list[tuple[list, list]]:
    """Every horizontal segment against every vertical one, then groups by first index."""
    hs, vs = layout._merged(rulings.horizontal), layout._merged(rulings.vertical)
    group = list(range(len(hs) + len(vs)))

    def root(i: int) -> int:
        while group[i] != i:
            i = group[i]
        return i

    for i, (y, x0, x1) in enumerate(hs):
        for j, (x, top, bottom) in enumerate(vs):
            if x0 - 2.0 <= x <= x1 + 2.0 and top - 2.0 <= y <= bottom + 2.0:
                a, b = root(i), root(len(hs) + j)
                group[max(a, b)] = min(a, b)
    out: dict[int, tuple[list, list]] = {}
    for i, h in enumerate(hs):
        out.setdefault(root(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        out.setdefault(root(len(hs) + j), ([], []))[1].append(v)
    return sorted(g for g in out.values() if g[0] and g[1])


# grid positions, WPS's (a cell's edges a fraction of a point off the column's) and any
_POS = st.one_of(
    st.integers(0, 12).map(lambda k: 10.0 * k),
    st.tuples(st.integers(0, 12), st.floats(-0.9, 0.9)).map(lambda p: 10.0 * p[0] + p[1]),
    st.floats(0, 120),
)
_SEGMENT = st.tuples(_POS, _POS, st.one_of(st.just(10.0), st.floats(0, 60)))


@settings(max_examples=300, deadline=None)
@given(st.lists(_SEGMENT, max_size=30), st.lists(_SEGMENT, max_size=30))
def test_ruling_groups_equal_the_all_pairs_grouping(
    horizontal: list[tuple[float, float, float]], vertical: list[tuple[float, float, float]]
) -> None:
    rulings = Rulings([(p, a, a + n) for p, a, n in horizontal],
                      [(p, a, a + n) for p, a, n in vertical])
    fast = sorted((g.horizontal, g.vertical) for g in layout._components(rulings))
    assert fast == _plain_components(rulings)


_TOPS = st.one_of(st.sampled_from([100.0, 100.5, 102.9, 103.0, 104.0, 110.0]),
                  st.floats(90, 120))


@st.composite
def cells(draw: st.DrawFn) -> list[Glyph]:
    """A cell's visible glyphs in any order: tops within a line or not, equal left edges."""
    out = []
    for _ in range(draw(st.integers(min_value=2, max_value=12))):
        x = draw(st.one_of(st.sampled_from([10.0, 15.0, 20.5]), st.floats(0, 60)))
        top = draw(_TOPS)
        out.append(Glyph(x, x + draw(st.sampled_from([4.0, 9.0])), top, top + 9,
                         draw(st.sampled_from("一二3.,")), False))
    return out


@settings(max_examples=500, deadline=None)
@given(cells())
def test_a_one_line_cell_reads_as_its_lines(glyphs: list[Glyph]) -> None:
    cell = layout.GridCell(0, 0, 0, 0, (0.0, 0.0, 1.0, 1.0), glyphs)
    assert cell.text() == "\n".join(layout.lines_of(glyphs))


@settings(max_examples=300, deadline=None)
@given(st.lists(_SEGMENT, max_size=20), st.lists(_SEGMENT, max_size=20),
       st.lists(st.tuples(_POS, _POS), max_size=40))
def test_glyphs_go_to_the_cell_that_holds_them(
    horizontal: list[tuple[float, float, float]], vertical: list[tuple[float, float, float]],
    points: list[tuple[float, float]],
) -> None:
    rulings = Rulings([(p, a, a + n) for p, a, n in horizontal],
                      [(p, a, a + n) for p, a, n in vertical])
    for group in layout._components(rulings):
        grid = layout._grid(group)
        if grid is None:
            continue
        glyphs = [Glyph(x - 1, x + 1, y - 1, y + 1, "字") for x, y in points]
        layout._place(grid, layout._centres(glyphs))
        placed = {id(g): cell for cell in grid.cells for g in cell.glyphs}
        assert [placed.get(id(g)) for g in glyphs] == [
            grid.cell_at(g.cx, g.cy) for g in glyphs]


def test_near_collinear_borders_are_not_one_segment() -> None:
    """Why the rulings are not merged within the join tolerance (issue 16, round 4): two
    overlapping horizontal strokes half a point apart, each touching only its own vertical,
    are two groups; merged into one stroke they would make one group (one grid of both)."""
    rulings = Rulings([(100.0, 0.0, 50.0), (100.5, 0.0, 10.0)],
                      [(50.0, 0.0, 98.0), (5.0, 102.4, 150.0)])
    assert len(layout._components(rulings)) == 2
    merged = Rulings([(100.0, 0.0, 50.0)], rulings.vertical)
    assert len(layout._components(merged)) == 1
