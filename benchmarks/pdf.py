"""PDF pages per CPU second: our reader and our whole parse against plain-text extractors.

For each PDF, in the same process and run, best of ``--repeat``:

* ``pypdfium2 text``: PDFium's plain text of every page (``get_text_range``), the floor;
* ``govreport load``: our PDF layer (glyph boxes, ruling lines, lines and grid tables rebuilt,
  running headers/footers and contents dropped) — ``load(bytes)``;
* ``govreport parse``: load and every analysis stage (``parse_document(load(bytes))``);
* ``analysis only``: the stages on the already loaded document, so ``parse − analysis`` is the
  PDF layer's share of the end-to-end time;
* peers a user would pick instead, when installed: pdfplumber (``extract_text`` per page),
  pdfminer.six (``high_level.extract_text``) and pypdf (``extract_text`` per page).

The PDFs are the corpus PDFs (``info_disclosure/raw_formats``, ``other``) and two built for the
benchmark from corpus text with reportlab: a 300-page report (30 corpus reports, each page 40
lines of text, every fifth page a ruled 6-column table of the report's numbers) and its first
20 pages as a scanned copy (pages rendered to images) for the OCR rate, measured when the
``[ocr]`` extra is installed.  Target (issue 16): the PDF layer within 2× of pypdfium2's plain
text extraction of the same pages.

    python benchmarks/pdf.py [--corpora ../shared/corpora] [--repeat 3] [--pages 300]
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 2.0  # PDF layer time / pypdfium2 text time
SEED = 20240305
LINES_PER_PAGE = 40
LINE_CHARS = 38
OCR_PAGES = 20


def pypdfium2_text(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    chars = 0
    for i in range(len(pdf)):
        page = pdf[i]
        textpage = page.get_textpage()
        chars += len(textpage.get_text_range())
        textpage.close()
        page.close()
    pdf.close()
    return chars


def pdfplumber_text(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return sum(len(page.extract_text() or "") for page in pdf.pages)


def pdfminer_text(data: bytes) -> int:
    from pdfminer.high_level import extract_text

    return len(extract_text(io.BytesIO(data)))


def pypdf_text(data: bytes) -> int:
    import pypdf

    return sum(len(page.extract_text() or "") for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def govreport_load(data: bytes) -> int:
    from govreport_nlp.read.load import load

    return len(load(data, name="bench.pdf").text)


def govreport_parse(data: bytes) -> int:
    from govreport_nlp.pipeline import parse_document
    from govreport_nlp.read.load import load

    return len(parse_document(load(data, name="bench.pdf")).indicators)


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


PEERS: list[tuple[str, str, Callable[[bytes], int]]] = [
    ("pdfplumber extract_text (peer)", "pdfplumber", pdfplumber_text),
    ("pdfminer.six extract_text (peer)", "pdfminer", pdfminer_text),
    ("pypdf extract_text (peer)", "pypdf", pypdf_text),
]


def best_cpu(fn: Callable[[], object], repeat: int) -> float:
    """Least CPU seconds of ``repeat`` runs (one warm-up run first)."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def _sentences(corpora: Path) -> list[list[str]]:
    """The corpus's Simplified disclosure and work-report texts, as lines of a page width."""
    reports = []
    for path in sorted(corpora.glob("*/*.txt"))[:30]:
        text = path.read_text(encoding="utf-8")
        flat = "".join(text.split())
        reports.append([flat[i : i + LINE_CHARS] for i in range(0, len(flat), LINE_CHARS)])
    return [r for r in reports if r]


def build_report(corpora: Path, pages: int) -> bytes:
    """A ``pages``-page PDF of corpus text, a ruled table of numbers on every fifth page."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    rng = random.Random(SEED)
    sources = _sentences(corpora)
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(595, 842))
    lines = iter(())
    for number in range(1, pages + 1):
        c.setFont("STSong-Light", 11)
        y = 780
        if number % 5 == 0:
            widths = [155, 65, 65, 65, 65, 65]
            for r in range(12):
                x = 60
                row = [f"第{r + 1}项指标"] + [str(rng.randint(0, 5000)) for _ in range(5)]
                for width, text in zip(widths, row, strict=True):
                    c.rect(x, y - 20, width, 20)
                    c.drawString(x + 3, y - 14, text)
                    x += width
                y -= 20
            y -= 20
        while y > 80:
            line = next(lines, None)
            if line is None:
                lines = iter(rng.choice(sources))
                continue
            c.drawString(60, y, line)
            y -= 17
        c.drawCentredString(297, 40, f"— {number} —")
        c.showPage()
    c.save()
    return out.getvalue()


def scanned_copy(data: bytes, pages: int) -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    images = [pdf[i].render(scale=2).to_pil().convert("RGB") for i in range(pages)]
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=144, save_all=True, append_images=images[1:])
    return out.getvalue()


def page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def measure(name: str, data: bytes, repeat: int) -> None:
    pages = page_count(data)
    print(f"\n## {name}: {pages} pages, {len(data):,} bytes")
    floor = best_cpu(lambda: pypdfium2_text(data), repeat)
    loaded = best_cpu(lambda: govreport_load(data), repeat)
    parsed = best_cpu(lambda: govreport_parse(data), repeat)
    from govreport_nlp.pipeline import parse_document
    from govreport_nlp.read.load import load

    doc = load(data, name="bench.pdf")
    analysis = best_cpu(lambda: parse_document(doc), repeat)
    rows = [
        ("pypdfium2 text (floor)", floor),
        ("govreport load (PDF layer)", loaded),
        ("govreport parse (end to end)", parsed),
        ("  analysis only (loaded document)", analysis),
    ]
    for label, module, fn in PEERS:
        if _installed(module):
            rows.append((label, best_cpu(lambda fn=fn: fn(data), repeat)))
    print(f"{'measurement':<40}{'CPU s':>10}{'pages/s':>12}")
    for label, seconds in rows:
        print(f"{label:<40}{seconds:>10.3f}{pages / max(seconds, 1e-9):>12,.0f}")
    layer = max(parsed - analysis, 0.0)
    ratio = layer / max(floor, 1e-9)
    verdict = "met" if ratio <= TARGET_RATIO else "not met"
    print(f"PDF layer (parse - analysis) {layer:.3f} s = {ratio:.1f} x pypdfium2 text; "
          f"target <= {TARGET_RATIO:g} x: {verdict}")


def measure_ocr(data: bytes) -> None:
    if not _installed("rapidocr_onnxruntime"):
        print("\n## OCR: rapidocr-onnxruntime not installed (the [ocr] extra); skipped")
        return
    from govreport_nlp.read.load import load

    load(scanned_copy(data, 1), name="warm.pdf")  # model load, once per process
    scan = scanned_copy(data, OCR_PAGES)
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    doc = load(scan, name="scan.pdf")
    wall, cpu = time.perf_counter() - start_wall, time.process_time() - start_cpu
    print(f"\n## OCR: {len(doc.ocr_pages)} scanned pages (rendered at 144 dpi)")
    print(f"OCR pages/s: {len(doc.ocr_pages) / wall:.2f} wall, {len(doc.ocr_pages) / cpu:.2f} "
          f"per CPU second (ONNX Runtime may use both cores)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--no-ocr", action="store_true")
    args = parser.parse_args()
    from importlib.metadata import version

    print(f"# {platform.python_implementation()} {platform.python_version()}, "
          f"pypdfium2 {version('pypdfium2')}, load average "
          f"{' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    pdfs = sorted(args.corpora.glob("*/raw_formats/*.pdf")) + sorted(
        args.corpora.glob("other/*.pdf"))
    for path in pdfs:
        measure(path.name, path.read_bytes(), args.repeat)
    big = build_report(args.corpora, args.pages)
    measure(f"built report ({args.pages} pages of corpus text)", big, max(1, args.repeat - 1))
    if not args.no_ocr:
        measure_ocr(big)
    print(f"\n# load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
