"""Numbers stage against its peers, on the case table and on corpus throughput.

    python benchmarks/numbers.py                 # ours + every peer that can be found
    python benchmarks/numbers.py --peers cn2an   # a subset
    python benchmarks/numbers.py --throughput-chars 500000

Peers (none is a dependency of the package; each is skipped cleanly when absent):
``cn2an`` (``transform`` to Arabic, numbers read back from the output), ``chinese2digits``
(``takeNumberFromString``), JioNLP (``ner.extract_money``: money only) and Microsoft
Recognizers-Text (``recognizers-text-number`` + ``-number-with-unit``: number, percentage,
currency, dimension models).  A peer is run in the current interpreter when importable, else
in its own virtualenv — ``/tmp/peer_<name>/bin/python`` or ``--venv NAME=PYTHON`` — by
re-running this file there with ``--worker NAME`` (JSON on stdin/stdout), so peers whose
requirements clash never share an environment.  To make one::

    python -m venv /tmp/peer_cn2an && /tmp/peer_cn2an/bin/pip install cn2an
    python -m venv /tmp/peer_recognizers && /tmp/peer_recognizers/bin/pip install \\
        recognizers-text-number recognizers-text-number-with-unit "emoji<1.0"

Scores per case-table group (tests/cases/numbers.jsonl): *value* — a figure with the expected
value (and upper end of a range) is found at the expected place; *unit*, *qualifier* — that
figure also has the expected base unit / hedge; *false hits* — rows marked ``not_quantity``
where the system reports a number inside the refused string.  Throughput is single-core CPU
time on Simplified work-report text.
"""

from __future__ import annotations

import os
import sys

# Run as a script, this file's folder comes first on sys.path and "numbers" would shadow the
# standard library module that decimal imports: drop the folder before anything else loads.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse  # noqa: E402  (after the sys.path fix above)
import importlib.util  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from decimal import Decimal, InvalidOperation  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases" / "numbers.jsonl"
CORPORA = ROOT.parent / "shared" / "corpora" / "work_reports"
PEERS = ("cn2an", "chinese2digits", "jionlp", "recognizers")
PEER_MODULE = {
    "cn2an": "cn2an",
    "chinese2digits": "chinese2digits",
    "jionlp": "jionlp",
    "recognizers": "recognizers_number",
}
PEER_THROUGHPUT_CHARS = 60_000  # peers are slow; a slice is enough for a rate

# Recognizers-Text names its units in English; the base units the case table uses.
RECOGNIZERS_UNITS = {
    "Chinese yuan": "元", "United States dollar": "美元", "Euro": "欧元", "Jin": "斤",
    "Kilometer": "公里", "Meter": "米", "Ton": "吨", "Kilogram": "公斤", "Square meter": "平方米",
    "Square kilometer": "平方公里", "Mu": "亩", "Hectare": "公顷", "Cubic meter": "立方米",
    "Kilowatt": "千瓦", "Watt": "瓦", "Gram": "克", "Liter": "升",
}
_NUMBER_TOKEN = re.compile(r"\d+(?:\.\d+)?%?")

# An extraction: [start, end, value, value_max, unit, qualifier]; start/end are None for a
# peer that rewrites text instead of giving spans; values are decimal strings.
Extraction = list


# --- adapters (each runs inside the interpreter that has the peer) -------------------------


def _tokens(text: str) -> list[Extraction]:
    out = []
    for token in _NUMBER_TOKEN.findall(text):
        unit = "%" if token.endswith("%") else None
        out.append([None, None, token.rstrip("%"), None, unit, None])
    return out


def _adapter(name: str):
    if name == "cn2an":
        import warnings

        import cn2an

        warnings.filterwarnings("ignore")

        def run(text: str) -> list[Extraction]:
            try:
                return _tokens(cn2an.transform(text, "cn2an"))
            except Exception:  # the peer's own failures count as "nothing found"
                return []

        return run
    if name == "chinese2digits":
        import chinese2digits

        def run(text: str) -> list[Extraction]:
            try:
                found = chinese2digits.takeNumberFromString(text)
            except Exception:
                return []
            return [[None, None, v, None, None, None] for v in found["digitsStringList"]]

        return run
    if name == "jionlp":
        import jionlp

        def run(text: str) -> list[Extraction]:
            try:
                found = jionlp.ner.extract_money(text, with_parsing=True)
            except Exception:
                return []
            out = []
            for item in found:
                num = item["detail"]["num"]
                low, high = (num[0], num[1]) if isinstance(num, list) else (num, None)
                start, end = item["offset"]
                out.append([start, end, low, high, item["detail"].get("case"), None])
            return out

        return run
    if name == "recognizers":
        from recognizers_number import Culture, recognize_number, recognize_percentage
        from recognizers_number_with_unit import recognize_currency, recognize_dimension

        def run(text: str) -> list[Extraction]:
            out: dict[tuple[int, int], Extraction] = {}
            for model, unit_of in (
                (recognize_number, lambda r: None),
                (recognize_percentage, lambda r: "%"),
                (recognize_currency, lambda r: RECOGNIZERS_UNITS.get(r.resolution.get("unit"))),
                (recognize_dimension, lambda r: RECOGNIZERS_UNITS.get(r.resolution.get("unit"))),
            ):
                try:
                    results = model(text, Culture.Chinese)
                except Exception:
                    continue
                for r in results:
                    value = (r.resolution or {}).get("value")
                    if value is None:
                        continue
                    value = str(value).rstrip("%")
                    # unit models win over the bare number model on the same span
                    out[(r.start, r.end + 1)] = [r.start, r.end + 1, value, None, unit_of(r), None]
            return sorted(out.values(), key=lambda e: e[0])

        return run
    if name == "ours":
        sys.path.insert(0, str(ROOT / "src"))
        from govreport_nlp.figures.numbers import find_quantities

        def run(text: str) -> list[Extraction]:
            return [
                [q.start, q.end, str(q.value), None if q.value_max is None else str(q.value_max),
                 q.unit, q.qualifier]
                for q in find_quantities(text)
            ]

        return run
    raise ValueError(name)


def work(name: str, sentences: list[str], corpus: str) -> dict:
    run = _adapter(name)
    results = [run(s) for s in sentences]
    run(corpus[:1000])  # warm caches and lazy builders before timing
    started = time.process_time()
    run(corpus)
    elapsed = max(time.process_time() - started, 1e-9)
    return {"results": results, "chars_per_s": len(corpus) / elapsed, "chars": len(corpus)}


def _worker_main(name: str) -> int:
    job = json.loads(sys.stdin.read())
    real_stdout, sys.stdout = sys.stdout, sys.stderr  # peers print banners (JioNLP)
    try:
        outcome = work(name, job["sentences"], job["corpus"])
    finally:
        sys.stdout = real_stdout
    json.dump(outcome, sys.stdout)
    return 0


# --- driving and scoring -------------------------------------------------------------------


def _find_python(name: str, overrides: dict[str, str]) -> str | None:
    if name in overrides:
        return overrides[name]
    if importlib.util.find_spec(PEER_MODULE[name]) is not None:
        return sys.executable
    candidate = Path(f"/tmp/peer_{name}/bin/python")
    return str(candidate) if candidate.exists() else None


def _run_peer(name: str, python: str, sentences: list[str], corpus: str) -> dict | None:
    if python == sys.executable:
        return work(name, sentences, corpus)
    job = json.dumps({"sentences": sentences, "corpus": corpus})
    done = subprocess.run(
        [python, __file__, "--worker", name], input=job, capture_output=True, text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"}, check=False,
    )
    if done.returncode != 0:
        print(f"skip {name}: worker failed: {done.stderr.strip().splitlines()[-1:]}")
        return None
    return json.loads(done.stdout)


def _decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _same_value(found: str | None, expected: str | None, unit: str | None) -> bool:
    got, want = _decimal(found), _decimal(expected)
    if got is None or want is None:
        return got is None and want is None
    if got == want:
        return True
    return unit == "%" and got * 100 == want  # 0.3 for 百分之三十 is the same reading


def _numbers_inside(text: str) -> set[Decimal]:
    """Values a careless reader could take from a refused string (2012年 -> 2012)."""
    sys.path.insert(0, str(ROOT / "src"))
    from govreport_nlp.text.numerals import fold_width, parse_numeral

    values = set()
    for token in re.findall(r"[\d.,]+|[零〇一二三四五六七八九十百千万亿两]+", fold_width(text)):
        try:
            values.add(Decimal(parse_numeral(token.strip(".,"))))
        except (ValueError, InvalidOperation):
            continue
    return values


_NUMERAL_CHARS = "0123456789.０１２３４５６７８９．一二三四五六七八九十百千万亿两零"


def _locate(sentence: str, text: str) -> int:
    """Where ``text`` stands as a figure of its own (5%左右 not inside 3.5%左右)."""
    at = sentence.find(text)
    first = at
    while at > 0 and sentence[at - 1] in _NUMERAL_CHARS:
        at = sentence.find(text, at + 1)
    return first if at < 0 else at


def score(cases: list[dict], results: list[list[Extraction]]) -> dict[str, dict[str, list[int]]]:
    table: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for case, found in zip(cases, results, strict=True):
        group = case["group"]
        sentence, text = case["sentence"], case["text"]
        at = _locate(sentence, text)
        span = (at, at + len(text))
        if case["not_quantity"]:
            inside = _numbers_inside(text)
            hit = any(
                (e[0] is not None and e[0] < span[1] and span[0] < e[1])
                or (e[0] is None and _decimal(e[2]) in inside)
                for e in found
            )
            table[group]["false hits"][0] += hit
            table[group]["false hits"][1] += 1
            continue
        here = [e for e in found if e[0] is None or (e[0] < span[1] and span[0] < e[1])]
        match = next(
            (
                e for e in here
                if _same_value(e[2], case["value"], case["unit"])
                and (
                    case["value_max"] is None
                    or _same_value(e[3], case["value_max"], case["unit"])
                )
            ),
            None,
        )
        for column, ok in (
            ("value", match is not None),
            ("unit", match is not None and match[4] == case["unit"]),
            ("qualifier", match is not None and match[5] == case["qualifier"]),
        ):
            table[group][column][0] += ok
            table[group][column][1] += 1
    return table


def _corpus_text(limit: int) -> str:
    parts = []
    for path in sorted(CORPORA.glob("20[12]*_*.txt")):  # 2010s-2020s: Simplified text
        parts.append(path.read_text(encoding="utf-8-sig"))
        if sum(map(len, parts)) >= limit:
            break
    return "\n".join(parts)[:limit]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", choices=(*PEERS, "ours"), help=argparse.SUPPRESS)
    parser.add_argument("--peers", nargs="*", default=list(PEERS), choices=PEERS)
    parser.add_argument("--venv", action="append", default=[], metavar="NAME=PYTHON")
    parser.add_argument("--throughput-chars", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    if args.worker:
        return _worker_main(args.worker)

    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line]
    sentences = [c["sentence"] for c in cases]
    corpus = _corpus_text(args.throughput_chars)
    overrides = dict(item.split("=", 1) for item in args.venv)

    runs: dict[str, dict] = {"ours": work("ours", sentences, corpus)}
    for name in args.peers:
        python = _find_python(name, overrides)
        if python is None:
            print(f"skip {name}: not installed (see the module docstring for a virtualenv)")
            continue
        outcome = _run_peer(name, python, sentences, corpus[:PEER_THROUGHPUT_CHARS])
        if outcome is not None:
            runs[name] = outcome

    scores = {name: score(cases, run["results"]) for name, run in runs.items()}
    names = list(runs)
    groups = sorted({c["group"] for c in cases}, key=lambda g: (g.startswith("not_"), g))
    print(f"\n{len(cases)} cases from {CASES.relative_to(ROOT)}")
    print("cells: % right; false hits: how many refused strings got a number")
    header = f"{'group':<24}{'n':>5} " + "".join(f"{n[:14]:>15}" for n in names)
    for column in ("value", "unit", "qualifier", "false hits"):
        print(f"\n== {column}\n{header}")
        totals = {n: [0, 0] for n in names}
        for group in groups:
            cells = [scores[n][group].get(column) for n in names]
            if not any(cells):
                continue
            count = next(c[1] for c in cells if c)
            row = f"{group:<24}{count:>5} "
            for name, cell in zip(names, cells, strict=True):
                right, total = cell or (0, 0)
                totals[name][0] += right
                totals[name][1] += total
                shown = f"{right}" if column == "false hits" else f"{100 * right / total:.1f}"
                row += f"{shown:>15}"
            print(row)
        row = f"{'all':<24}{totals[names[0]][1]:>5} "
        for name in names:
            right, total = totals[name]
            shown = f"{right}" if column == "false hits" else f"{100 * right / max(total, 1):.1f}"
            row += f"{shown:>15}"
        print(row)
    print("\n== throughput (single core, CPU time, Simplified work-report text)")
    for name in names:
        run = runs[name]
        print(f"{name:<24}{run['chars_per_s'] / 1e6:>8.2f} M chars/s  over {run['chars']:,} chars")
    return 0


if __name__ == "__main__":
    sys.exit(main())
