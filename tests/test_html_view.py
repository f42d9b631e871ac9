"""``govreport show --html REPORT > view.html`` (issue 20), opened in a real headless browser
(Chromium from the Debian packages; ``.ci/run`` installs it): what a person sees is the
report's text with every figure highlighted and its reading on hover, the sections as an
outline, and the template tables as tables with the cells of failing checks marked."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from govreport_nlp import parse
from govreport_nlp.cli import main

ROOT = Path(__file__).resolve().parents[1]
# A bundled template-era report in its original format whose T4 fails two checks
HONGZE = ROOT / "corpora" / "info_disclosure" / "2023_hongzequ.pdf"
SEED = ROOT / "corpora" / "2012_benxi.txt"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def _browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no headless Chromium on PATH: apt-get install chromium (.ci/run does)")


def _view(report: Path, tmp_path: Path) -> Path:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["show", "--html", str(report)]) == 0
    page = tmp_path / "view.html"
    page.write_text(out.getvalue(), encoding="utf-8")
    return page


def _chromium(*args: str) -> subprocess.CompletedProcess[bytes]:
    home = Path(os.environ.get("TMPDIR", "/tmp"))
    return subprocess.run(
        [_browser(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         f"--user-data-dir={home / 'govreport-chromium-profile'}", *args],
        capture_output=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def hongze_dom(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, object]:
    pytest.importorskip("pypdfium2")
    tmp = tmp_path_factory.mktemp("view")
    page = _view(HONGZE, tmp)
    done = _chromium("--dump-dom", page.as_uri())
    if done.returncode != 0 or not done.stdout:
        pytest.skip(f"Chromium did not render: {done.stderr.decode(errors='replace')[-300:]}")
    return done.stdout.decode("utf-8"), parse(HONGZE)


NAMED_BY_RULE = re.compile(r"name: .* \(naming rule [a-z_+]+\)")


def test_every_figure_is_highlighted_with_its_reading(hongze_dom: tuple[str, object]) -> None:
    dom, report = hongze_dom
    marks = re.findall(r'<mark class="([^"]*)" id="f\d+" title="([^"]*)"[^>]*>([^<]*)</mark>',
                       dom)
    shown = [f for f in report.indicators if f.end > f.start]  # a blank cell has no span
    assert len(marks) == len(shown)
    assert [text for _, _, text in marks] == [f.text for f in sorted(
        shown, key=lambda f: (f.start, f.end))]
    keyed = [title for classes, title, _ in marks if "keyed" in classes]
    assert any("key: requests_received (rule " in t and "period: 2023" in t for t in keyed)
    assert all(t.split(" · ")[1].startswith("unit: ") for _, t, _ in marks)
    assert all(" · role: " in t for _, t, _ in marks)
    # every figure says which rule named it (template cells: "template")
    assert all(NAMED_BY_RULE.search(t) for _, t, _ in marks)
    assert any("(naming rule template)" in t for _, t, _ in marks)


def test_sections_are_an_outline_linking_into_the_text(hongze_dom: tuple[str, object]) -> None:
    dom, report = hongze_dom
    nav = dom[dom.index("<nav>"):dom.index("</nav>")]
    links = re.findall(r'<a href="#(s\d+)">([^<]+)</a>', nav)
    assert [title for _, title in links][:2] == ["一、总体情况", "（一）主动公开情况"]
    assert len(links) == len(report.all_sections())
    for anchor, _ in links:
        assert f'<a id="{anchor}"></a>' in dom


def test_template_tables_are_tables_with_failing_checks_marked(
        hongze_dom: tuple[str, object]) -> None:
    dom, report = hongze_dom
    assert re.findall(r'<table class="template" data-table="(T\d)"', dom) == ["T2", "T3", "T4"]
    t4 = dom[dom.index('data-table="T4"'):]
    t4 = t4[:t4.index("</table>")]
    failing = re.findall(r'<td class="fails" title="([^"]*)">([^<]*)</td>', t4)
    failed_checks = [c for c in report.checks if not c.ok]
    assert len(failed_checks) == 2
    assert ("0" in {value for _, value in failing}) and len(failing) >= 2
    assert all("✗ T4: " in title for title, _ in failing)
    assert dom.count('<li class="fails">') == 2


def test_the_page_a_person_sees_is_not_blank(tmp_path: Path) -> None:
    image_module = pytest.importorskip("PIL.Image")
    page = _view(SEED, tmp_path)
    shot = tmp_path / "shot.png"
    done = _chromium(f"--screenshot={shot}", "--window-size=1200,900", page.as_uri())
    if not shot.is_file():
        pytest.skip(f"Chromium took no screenshot: {done.stderr.decode(errors='replace')[-300:]}")
    with image_module.open(shot) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
    # text, links, the figure highlight colour and the page: far more than a blank page's one
    assert len(colours) > 50
    highlight = (0xFF, 0xE5, 0x8A)
    assert any(rgb == highlight for _, rgb in colours), "no highlighted figure on screen"


def test_show_html_of_a_missing_file_is_one_line(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "--html", str(tmp_path / "nope.pdf")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no such file" in err[0]
