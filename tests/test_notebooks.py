"""The notebooks run from top to bottom and their charts hold real data.

Each notebook is executed with nbclient in the ``notebooks/`` folder (the paths inside them are
relative to it); charts are written to a temporary folder passed in ``GOVREPORT_FIGURES`` and
checked for being more than a blank canvas.  The notebooks are committed with outputs stripped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import needs_shared

nbformat = pytest.importorskip("nbformat", reason="notebook tests need nbformat (test extra)")
nbclient = pytest.importorskip("nbclient", reason="notebook tests need nbclient (test extra)")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
CELL_TIMEOUT_SECONDS = 300
# A chart is blank when its pixels barely vary (a white canvas has variance 0) or when all
# that is drawn is grey: axes, ticks and titles are black/grey, data series are coloured.
# Measured: empty axes 0.0075 variance, 0% coloured; national_targets.png 1.2% coloured,
# disclosure_outcomes.png 30%.
MIN_PIXEL_VARIANCE = 0.005
MIN_COLOURED_FRACTION = 0.003
COLOURED_CHROMA = 0.25  # max - min channel of a pixel, on a 0..1 scale


def cjk_font() -> str | None:
    """Name of an installed font with Chinese glyphs, as the notebooks look for it."""
    from matplotlib import font_manager

    preferred = ["Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK JP", "WenQuanYi Zen Hei"]
    for path in font_manager.findSystemFonts():
        if "CJK" in path or "WenQuanYi" in path:
            font_manager.fontManager.addfont(path)
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in preferred if name in installed), None)


needs_cjk_font = pytest.mark.skipif(
    cjk_font() is None,
    reason="no font with Chinese glyphs: apt-get install fonts-noto-cjk (.ci/run does)")


@dataclass(frozen=True)
class Notebook:
    name: str
    pngs: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        return NOTEBOOKS / f"{self.name}.ipynb"


QUICKSTART = Notebook("quickstart")
NATIONAL_TARGETS = Notebook("national_targets", pngs=("national_targets.png", "provinces_2026.png"))
DISCLOSURE_TABLES = Notebook("disclosure_tables", pngs=("disclosure_outcomes.png",))
ALL = [QUICKSTART, NATIONAL_TARGETS, DISCLOSURE_TABLES]


def execute(notebook: Notebook, figures: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Run ``notebook`` in the notebooks folder; the text printed by each code cell."""
    monkeypatch.setenv("GOVREPORT_FIGURES", str(figures))  # the kernel inherits it
    book = nbformat.read(notebook.path, as_version=4)
    client = nbclient.NotebookClient(
        book, timeout=CELL_TIMEOUT_SECONDS, kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    printed = []
    for cell in book.cells:
        if cell.cell_type == "code":
            assert not [o for o in cell.outputs if o.output_type == "error"]
            warned = "".join(o.get("text", "") for o in cell.outputs
                             if o.output_type == "stream" and o.name == "stderr")
            assert "missing from font" not in warned, "a chart lost its Chinese labels"
            printed.append("".join(o.get("text", "") for o in cell.outputs
                                   if o.output_type == "stream" and o.name == "stdout"))
    return printed


def assert_not_blank(png: Path) -> None:
    import matplotlib.image
    import numpy as np

    pixels = np.asarray(matplotlib.image.imread(png))[..., :3]
    assert pixels.var() > MIN_PIXEL_VARIANCE, f"{png.name} looks blank"
    coloured = ((pixels.max(axis=-1) - pixels.min(axis=-1)) > COLOURED_CHROMA).mean()
    assert coloured > MIN_COLOURED_FRACTION, f"{png.name}: no data series drawn ({coloured:.2%})"


def test_blank_chart_is_caught(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.set_title("no data")
    ax.set_xlim(1993, 2025)
    fig.savefig(tmp_path / "empty.png")
    plt.close(fig)
    with pytest.raises(AssertionError):
        assert_not_blank(tmp_path / "empty.png")


@pytest.mark.parametrize("notebook", ALL, ids=[n.name for n in ALL])
def test_committed_without_outputs(notebook: Notebook) -> None:
    book = nbformat.read(notebook.path, as_version=4)
    nbformat.validate(book)
    code = [cell for cell in book.cells if cell.cell_type == "code"]
    assert code
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)


@pytest.mark.notebook
@pytest.mark.slow
def test_quickstart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    printed = execute(QUICKSTART, tmp_path, monkeypatch)
    sections, figures = (int(n) for n in printed[-1].split()[::2])
    assert sections >= 6
    assert figures >= 20
    # the section tree shows headings as printed, in Traditional
    assert any("二、主動公開政府資訊情況" in text for text in printed)


@pytest.mark.notebook
@pytest.mark.slow
@needs_shared
@needs_cjk_font
def test_national_targets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    printed = execute(NATIONAL_TARGETS, tmp_path, monkeypatch)
    years = {}
    for line in printed[-1].splitlines():
        indicator, role, count = line.replace(":", "").split()[:3]
        years[indicator, role] = int(count)
    assert set(years) == {(i, r) for i in ("gdp", "cpi", "jobs") for r in ("target", "outcome")}
    assert years["gdp", "target"] >= 15
    assert years["gdp", "outcome"] >= 15
    for png in NATIONAL_TARGETS.pngs:
        assert_not_blank(tmp_path / png)


@pytest.mark.notebook
@pytest.mark.slow
@needs_shared
@needs_cjk_font
def test_disclosure_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    printed = execute(DISCLOSURE_TABLES, tmp_path, monkeypatch)
    reports = int(printed[-1].split()[0])
    assert reports >= 4
    for png in DISCLOSURE_TABLES.pngs:
        assert_not_blank(tmp_path / png)
