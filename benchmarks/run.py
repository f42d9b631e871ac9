"""The benchmark table: end-to-end parse throughput, stage breakdown, peers, start-up, memory.

    python benchmarks/run.py                      # everything that can run here
    python benchmarks/run.py --quick              # a third of the corpus, no peers
    python benchmarks/run.py --no-peers --repeat 3

Throughput is characters of report text per CPU second of one process (``time.process_time``:
one core, and unaffected by other processes sharing the machine).  Each measurement runs in a
fresh child process, after a warm-up parse of a short text (jieba's dictionary loaded; that
cost is reported separately as first-parse latency), so caches built while parsing are those
of one pass over the corpus, as in a batch run.  Best of ``--repeat`` children.

Texts: every ``*.txt`` report under ``--corpora`` (the shared corpus), split by detected
script.  The Traditional set is the corpus's Traditional reports, the bundled
``corpora/qinghe_2013_traditional.txt`` and every ``--s2t-every``-th Simplified report
converted to Traditional with OpenCC ``s2t`` beforehand (conversion not timed).

The no-HMM word segmentation runs in Rust when the ``[fast]`` extra (rjieba) is installed; the
end-to-end rate is also measured with ``GOVREPORT_NLP_PURE_SEGMENTER=1`` (the pure-Python
path, same output).  The table ends with the issue's targets, met or not.

Peers run over the same texts where they overlap with a stage: jieba ``lcut`` (the cost of
segmenting everything), OpenCC ``t2s`` (pure Python, and the official C++ binding when a
virtualenv with ``pip install opencc`` is found), cn2an ``transform`` and JioNLP
``ner.extract_money`` (number reading).  Peers that are not importable here run in their own
virtualenv — ``/tmp/peer_<name>/bin/python`` or ``--venv NAME=PYTHON`` — and are skipped with a
note when absent.  To make them::

    python -m venv /tmp/peer_opencc && /tmp/peer_opencc/bin/pip install opencc
    python -m venv /tmp/peer_cn2an && /tmp/peer_cn2an/bin/pip install cn2an
    python -m venv /tmp/peer_jionlp && /tmp/peer_jionlp/bin/pip install jionlp
"""

from __future__ import annotations

import os
import sys

# Run as a script, this folder comes first on sys.path, and benchmarks/numbers.py would
# shadow the standard library module that decimal imports: drop the folder first.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse  # noqa: E402  (after the sys.path fix above)
import json  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"
BUNDLED_TRADITIONAL = ROOT / "corpora" / "qinghe_2013_traditional.txt"
WARM_UP = "二、主动公开政府信息情况\n全年主动公开政府信息2847条，较上年增长12.3%。"
PEER_CHARS = 200_000  # slow peers: a slice of the same text is enough for a rate
STAGES = ("load", "normalise", "sections+meta", "numbers", "tables", "attribution")
PURE_SEGMENTER = "GOVREPORT_NLP_PURE_SEGMENTER"  # govreport_nlp.text.segment.PURE_PYTHON_ENV

# --- texts -------------------------------------------------------------------------------------


Blobs = list[tuple[str, bytes]]


def corpus_texts(corpora: Path, s2t_every: int, fraction: int) -> dict[str, Blobs]:
    """{"simplified": [(name, utf-8 bytes)], "traditional": [...]} (see the module docstring)."""
    from govreport_nlp.models import Script
    from govreport_nlp.read.load import load
    from govreport_nlp.text.normalise import detect_script

    paths = sorted(corpora.glob("*/*.txt"))[::fraction]
    simplified: list[tuple[str, bytes]] = []
    traditional: list[tuple[str, bytes]] = []
    for path in paths:
        data = path.read_bytes()
        text = load(data, name=path.name).text
        group = simplified if detect_script(text) is Script.SIMPLIFIED else traditional
        group.append((path.name, text.encode("utf-8")))
    if BUNDLED_TRADITIONAL.is_file():
        traditional.append((BUNDLED_TRADITIONAL.name, BUNDLED_TRADITIONAL.read_bytes()))
    if s2t_every:
        import opencc

        s2t = opencc.OpenCC("s2t")  # pure-Python package name; the C++ one takes "s2t.json"
        for name, data in simplified[::s2t_every]:
            traditional.append(("s2t:" + name, s2t.convert(data.decode("utf-8")).encode("utf-8")))
    return {"simplified": simplified, "traditional": traditional}


# --- child measurements (each in a fresh process) --------------------------------------------


def _cpu(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def child_e2e(blobs: list[tuple[str, bytes]]) -> dict[str, Any]:
    """load + parse_document of every text; also the pass again with warm caches."""
    from govreport_nlp.pipeline import parse_document, parse_text
    from govreport_nlp.read.load import load

    parse_text(WARM_UP)
    chars = sum(len(b.decode("utf-8")) for _, b in blobs)

    def run() -> None:
        for name, data in blobs:
            parse_document(load(data, name=name))

    cold = _cpu(run)
    warm = _cpu(run)
    return {"chars": chars, "cold": cold, "warm": warm}


def child_stages(blobs: list[tuple[str, bytes]]) -> dict[str, Any]:
    """Each stage over the whole set in turn, with the inputs the pipeline gives it."""
    from govreport_nlp.figures import indicators, numbers, roles
    from govreport_nlp.models import Genre
    from govreport_nlp.pipeline import parse_text
    from govreport_nlp.read.load import load
    from govreport_nlp.structure import meta, sections
    from govreport_nlp.tables import cells as tables
    from govreport_nlp.text.normalise import normalise

    parse_text(WARM_UP)
    seconds: dict[str, float] = {}
    docs: list[Any] = []
    seconds["load"] = _cpu(lambda: docs.extend(load(data, name=name) for name, data in blobs))
    norms: list[Any] = []
    seconds["normalise"] = _cpu(lambda: norms.extend(normalise(d.text) for d in docs))
    texts = [n.text for n in norms]
    infos: list[Any] = []
    found_sections: list[Any] = []

    def sections_and_meta() -> None:
        for doc, text in zip(docs, texts, strict=True):
            info = meta.read_meta(text, filename=doc.source, html_title=doc.title)
            found_sections.append(sections.split_sections(text, info.genre))
            infos.append(info)

    seconds["sections+meta"] = _cpu(sections_and_meta)
    found: list[Any] = []
    seconds["numbers"] = _cpu(lambda: found.extend(numbers.find_quantities(t) for t in texts))

    def template_tables() -> None:
        for doc, info in zip(docs, infos, strict=True):
            if info.genre is Genre.INFO_DISCLOSURE:
                cells = tables.extract_template(doc.text, doc.tables).cells
                tables.check_template(cells)

    seconds["tables"] = _cpu(template_tables)

    def attribution() -> None:
        # as the pipeline calls it: work reports get the report's year and section roles
        for text, quantities, info, parts in zip(texts, found, infos, found_sections,
                                                 strict=True):
            spans = (roles.section_roles(parts, year=info.year, text=text)
                     if info.genre is Genre.WORK_REPORT else ())
            indicators.attribute(text, quantities, genre=info.genre, year=info.year,
                                 section_roles=spans)
            indicators.find_implicit(text, genre=info.genre)

    seconds["attribution"] = _cpu(attribution)
    chars = sum(len(d.text) for d in docs)
    return {"chars": chars, "seconds": seconds, "figures": sum(map(len, found))}


def child_jieba(blobs: list[tuple[str, bytes]]) -> dict[str, Any]:
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    texts = [b.decode("utf-8") for _, b in blobs]
    return {"chars": sum(map(len, texts)), "cold": _cpu(lambda: [tokenizer.lcut(t) for t in texts])}


def child_opencc(blobs: list[tuple[str, bytes]]) -> dict[str, Any]:
    """OpenCC t2s over the texts, with whichever ``opencc`` module this interpreter has."""
    import opencc

    texts = [b.decode("utf-8") for _, b in blobs]
    converter = None
    for config in ("t2s", "t2s.json"):
        try:
            converter = opencc.OpenCC(config)
            converter.convert("後")
            break
        except Exception:  # the two packages name their configurations differently
            converter = None
    if converter is None:
        return {"error": "no t2s configuration"}
    convert = converter.convert
    return {"chars": sum(map(len, texts)), "cold": _cpu(lambda: [convert(t) for t in texts]),
            "module": getattr(opencc, "__file__", "?")}


def child_cn2an(blobs: list[tuple[str, bytes]]) -> dict[str, Any]:
    import warnings

    import cn2an

    texts = _slice([b.decode("utf-8") for _, b in blobs], PEER_CHARS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # it warns on every numeral it cannot read
        cn2an.transform("一", "cn2an")
        seconds = _cpu(lambda: [cn2an.transform(t, "cn2an") for t in texts])
    return {"chars": sum(map(len, texts)), "cold": seconds}


def child_jionlp(blobs: list[tuple[str, bytes]]) -> dict[str, Any]:
    import jionlp

    texts = _slice([b.decode("utf-8") for _, b in blobs], PEER_CHARS)
    jionlp.ner.extract_money("共投入资金3.5亿元")
    return {"chars": sum(map(len, texts)),
            "cold": _cpu(lambda: [jionlp.ner.extract_money(t) for t in texts])}


def child_startup(_: object) -> dict[str, Any]:
    """Import time (fresh interpreters), first-parse latency and peak memory of a parse."""
    code_import = "import time; t = time.perf_counter(); import govreport_nlp; " \
                  "print(time.perf_counter() - t)"
    imports = []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", code_import], capture_output=True,
                             text=True, check=True, env=_env())
        imports.append(float(out.stdout))
    code_pipeline = "import time; t = time.perf_counter(); import govreport_nlp.pipeline; " \
                    "print(time.perf_counter() - t)"
    pipeline_imports = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code_pipeline], capture_output=True,
                             text=True, check=True, env=_env())
        pipeline_imports.append(float(out.stdout))
    spacy_loaded = subprocess.run(
        [sys.executable, "-c", "import sys, govreport_nlp.pipeline; print('spacy' in sys.modules)"],
        capture_output=True, text=True, check=True, env=_env()).stdout.strip()
    return {"import": min(imports), "import_pipeline": min(pipeline_imports),
            "spacy_on_import": spacy_loaded == "True"}


def child_first_parse(blobs: list[tuple[str, bytes]]) -> dict[str, Any]:
    import resource

    from govreport_nlp.pipeline import parse_document, parse_text
    from govreport_nlp.read.load import load

    start = time.perf_counter()
    parse_text(WARM_UP)
    first = time.perf_counter() - start
    start = time.perf_counter()
    parse_text(WARM_UP.replace("2847", "2848"))
    second = time.perf_counter() - start
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    largest = max(blobs, key=lambda b: len(b[1]))
    for name, data in blobs:
        parse_document(load(data, name=name))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"first_parse": first, "second_parse": second, "rss_after_warmup_kb": base,
            "peak_rss_kb": peak, "largest": largest[0], "largest_chars": len(largest[1].decode())}


CHILDREN: dict[str, Callable[[Any], dict[str, Any]]] = {
    "e2e": child_e2e, "stages": child_stages, "jieba": child_jieba, "opencc": child_opencc,
    "cn2an": child_cn2an, "jionlp": child_jionlp, "startup": child_startup,
    "first_parse": child_first_parse,
}


def _slice(texts: list[str], chars: int) -> list[str]:
    out: list[str] = []
    total = 0
    for text in texts:
        if total >= chars:
            break
        out.append(text)
        total += len(text)
    return out


def _env(extra_path: str | None = None, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra or {})
    if extra_path:
        env["PYTHONPATH"] = extra_path + os.pathsep + env.get("PYTHONPATH", "")
    return env


# --- parent --------------------------------------------------------------------------------


def run_child(kind: str, payload: Any, python: str = sys.executable,
              pythonpath: str | None = None, timeout: float = 1800,
              env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``kind`` in a fresh interpreter; the texts go through a temporary file."""
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump([[name, data.decode("utf-8")] for name, data in payload] if payload else [], f)
        path = f.name
    try:
        proc = subprocess.run(
            [python, str(Path(__file__).resolve()), "--child", kind, path],
            capture_output=True, text=True, timeout=timeout, env=_env(pythonpath, env),
            cwd=str(ROOT.parent),
        )
    finally:
        os.unlink(path)
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _best(kind: str, payload: Any, repeat: int, key: str = "cold", **kw: Any) -> dict[str, Any]:
    results = [run_child(kind, payload, **kw) for _ in range(repeat)]
    good = [r for r in results if "error" not in r]
    if not good:
        return results[0]
    def cost(result: dict[str, Any]) -> float:
        value = result.get(key)
        return sum(value.values()) if isinstance(value, dict) else float(value or 0.0)

    return min(good, key=cost)


def _peer_python(name: str, module: str, venvs: dict[str, str]) -> str | None:
    if name in venvs:
        return venvs[name]
    import importlib.util

    if importlib.util.find_spec(module) is not None:
        return sys.executable
    candidate = Path(f"/tmp/peer_{name}/bin/python")
    return str(candidate) if candidate.exists() else None


def _site_packages(python: str) -> str | None:
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    out = subprocess.run([python, "-c", code], capture_output=True, text=True)
    return out.stdout.strip() or None


def _rate(result: dict[str, Any], key: str = "cold") -> str:
    if "error" in result:
        return f"skipped ({result['error'][:60]})"
    return f"{result['chars'] / result[key]:>12,.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--repeat", type=int, default=1, help="children per measurement (best)")
    parser.add_argument("--s2t-every", type=int, default=3,
                        help="convert every n-th Simplified report to Traditional (0: none)")
    parser.add_argument("--quick", action="store_true", help="a third of the corpus, no peers")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--venv", action="append", default=[], metavar="NAME=PYTHON",
                        help="interpreter of a peer's virtualenv (opencc, cn2an, jionlp)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        kind, path = args.child
        payload = [(n, t.encode("utf-8")) for n, t in json.loads(Path(path).read_text("utf-8"))]
        print(json.dumps(CHILDREN[kind](payload)))
        return 0

    if not args.corpora.is_dir():
        parser.error(f"no corpus at {args.corpora}")
    load_before = _load_average()
    venvs = dict(v.split("=", 1) for v in args.venv)
    sets = corpus_texts(args.corpora, args.s2t_every, 3 if args.quick else 1)
    peers = not (args.quick or args.no_peers)
    rows: list[tuple[str, str, str]] = []
    notes: list[str] = [f"segmenter: {_segmenter()}"]
    rates: dict[str, float] = {}

    for script, blobs in sets.items():
        chars = sum(len(b.decode("utf-8")) for _, b in blobs)
        notes.append(f"{script}: {len(blobs)} texts, {chars:,} chars")
        e2e = _best("e2e", blobs, args.repeat)
        rates[script] = e2e["chars"] / e2e["cold"] if "error" not in e2e else 0.0
        rows.append((script, "govreport parse (load + all stages)", _rate(e2e)))
        rows.append((script, "  same, second pass (warm caches)", _rate(e2e, "warm")))
        pure = _best("e2e", blobs, args.repeat, env={PURE_SEGMENTER: "1"})
        rows.append((script, "  same, pure-Python segmenter (without the [fast] extra)",
                     _rate(pure)))
        stages = _best("stages", blobs, args.repeat, key="seconds")
        if "error" in stages:
            rows.append((script, "  stages", _rate(stages)))
        else:
            for stage in STAGES:
                seconds = stages["seconds"][stage]
                rate = f"{stages['chars'] / seconds:>12,.0f}" if seconds else "           -"
                rows.append((script, f"  stage: {stage}", rate))
        rows.append((script, "jieba lcut (segment everything)",
                     _rate(_best("jieba", blobs, args.repeat))))
        if script == "traditional":
            rows.append((script, "OpenCC t2s, pure Python (opencc-python-reimplemented)",
                         _rate(_best("opencc", blobs, args.repeat))))
            cpp = _peer_python("opencc", "__no_such_module__", venvs)
            site = _site_packages(cpp) if cpp else None
            if site and peers:
                # the C++ binding's site-packages first on the path: same module name "opencc"
                binding = _best("opencc", blobs, args.repeat, python=sys.executable,
                                pythonpath=site)
                rows.append((script, "OpenCC t2s, C++ binding", _rate(binding)))
                e2e_cpp = _best("e2e", blobs, args.repeat, pythonpath=site)
                rows.append((script, "govreport parse with the C++ OpenCC binding",
                             _rate(e2e_cpp)))
            else:
                rows.append((script, "OpenCC t2s, C++ binding", "skipped (no venv with opencc)"))
        if script == "simplified" and peers:
            for name, module in (("cn2an", "cn2an"), ("jionlp", "jionlp")):
                python = _peer_python(name, module, venvs)
                if python is None:
                    rows.append((script, f"{name} (peer)", "skipped (not installed)"))
                    continue
                result = _best(name, blobs, args.repeat, python=python, timeout=3600)
                task = "transform cn2an" if name == "cn2an" else "ner.extract_money"
                rows.append((script, f"{name} {task} (peer)", _rate(result)))

    load_after = _load_average()
    startup = run_child("startup", None)
    first = run_child("first_parse", sets["simplified"])

    print(f"# govreport_nlp benchmark — {platform.python_implementation()} "
          f"{platform.python_version()}, {platform.machine()}, {_cpu_name()}, "
          f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}")
    print(f"# load average (1, 5, 15 min): {load_before} at the start, {load_after} after the "
          "throughput runs (other processes on the machine share its cores)")
    for note in notes:
        print(f"# {note}")
    print(f"{'script':<12} {'measurement':<56} {'chars/s/core':>14}")
    for script, name, rate in rows:
        print(f"{script:<12} {name:<56} {rate:>14}")
    if "error" not in startup:
        print(f"import govreport_nlp: {startup['import']:.3f} s; import govreport_nlp.pipeline: "
              f"{startup['import_pipeline']:.3f} s (spaCy imported: {startup['spacy_on_import']})")
    targets = [
        ("end to end >= 1,000,000 chars/s (Simplified)", rates.get("simplified", 0) >= 1e6),
        ("end to end >= 350,000 chars/s (Traditional)", rates.get("traditional", 0) >= 3.5e5),
    ]
    if "error" not in startup:
        targets.append(("import govreport_nlp <= 0.3 s", startup["import"] <= 0.3))
    for target, met in targets:
        print(f"target: {target}: {'met' if met else 'NOT MET'}")
    if "error" not in first:
        print(f"first parse (dictionary build, patterns compiled): {first['first_parse']:.2f} s; "
              f"second: {first['second_parse'] * 1000:.1f} ms")
        print(f"peak RSS: {first['rss_after_warmup_kb'] / 1024:.0f} MB after warm-up, "
              f"{first['peak_rss_kb'] / 1024:.0f} MB after parsing the Simplified set "
              f"(largest text {first['largest_chars']:,} chars)")
    return 0


def _segmenter() -> str:
    """Which no-HMM segmenter a child will use (the [fast] extra's Rust one when installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"rjieba {version('rjieba')} (Rust, the [fast] extra)"
    except PackageNotFoundError:
        return "pure Python (rjieba not installed)"


def _load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    raise SystemExit(main())
