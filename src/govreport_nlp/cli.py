"""The ``govreport`` command.

``govreport parse PATH...`` parses files, folders, archives or ``-`` (standard input) and writes
one record per document (``--format jsonl``, the default, to stdout unless ``-o``), or tidy
tables (``csv``, ``parquet``, ``sqlite``).  Every input gives a record or an error record; the
exit status is 1 when any failed.  A progress bar shows on a terminal, never when stderr is
piped; a summary line closes every run.  ``govreport check`` lists reports whose template
tables fail an identity, ``govreport show`` prints a report's section tree with its figures, and
``govreport evaluate`` scores the parser against gold files.  This module is the only one that
parses arguments or chooses exit statuses; the commands call the library's public functions.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import sys
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ._version import __version__
from .deliver.batch import (
    DEFAULT_TIMEOUT,
    Runner,
    default_jobs,
    iter_groups,
    record_counts,
    record_notices,
)
from .deliver.frames import panel_rows
from .deliver.outputs import (
    FORMAT_BY_SUFFIX,
    EncodedRecord,
    MultiWriter,
    OutputFormat,
    Writer,
    format_for,
    open_writer,
    write_panel,
)
from .deliver.render import print_to_pipe, render_html, render_tree
from .errors import GovReportError, MissingExtraError, OutputError
from .models import ErrorRecord, Report
from .read.sources import Input, Limits, iter_inputs

__all__ = ["build_parser", "main"]

# What `govreport check FOLDER` reads from a folder.
CHECK_SUFFIXES = frozenset({".txt", ".md", ".pdf", ".docx", ".html", ".htm", ".ofd", ".xlsx",
                            ".xls", ".doc", ".wps"})
# Failures listed one per line in the closing summary before "and N more".
FAILURES_LISTED = 20
SIZE_SUFFIXES = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}

logger = logging.getLogger("govreport_nlp")


def byte_size(text: str) -> int:
    """``"64M"`` → bytes (suffixes k, M, G; powers of 1024).

    >>> byte_size("64M"), byte_size("1500")
    (67108864, 1500)
    """
    cleaned = text.strip().lower().removesuffix("b").removesuffix("i")
    suffix = cleaned[-1:] if cleaned[-1:] in SIZE_SUFFIXES else ""
    number = cleaned[: len(cleaned) - len(suffix)]
    try:
        value = int(number) * SIZE_SUFFIXES[suffix]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a size: {text!r} (e.g. 500000, 64M, 1G)") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"size must be positive: {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govreport",
        description="Turn Chinese government reports into structured data.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_parse(subparsers)
    _add_check(subparsers)
    _add_evaluate(subparsers)
    _add_show(subparsers)
    _add_panel(subparsers)
    return parser


def _add_parse(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "parse", help="parse reports into records or tables",
        description="Parse files, folders (recursively), .zip/.tar/.tar.gz archives, JSON Lines "
        "or CSV of reports, or - (standard input).  Output order follows the input order.",
        epilog="With --format csv or parquet and -o OUT.csv, the indicators table goes to OUT "
        "and the reports, sections and checks tables beside it (OUT.reports.csv, ...).  "
        "Exit status: 0 all parsed, 1 some inputs failed, 2 usage error.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="inputs; - for stdin")
    parser.add_argument("-o", "--output", metavar="OUT", action="append", default=[],
                        help="output file (default: stdout, jsonl/csv only); repeat it to "
                        "write several formats from one parse, each chosen by its suffix")
    parser.add_argument("--format", choices=[f.value for f in OutputFormat], default=None,
                        help="output format (default: from OUT's suffix, else jsonl)")
    parser.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                        help="worker processes (0: one per CPU; default 1)")
    parser.add_argument("--include-text", action="store_true",
                        help='add each document\'s text as "text" (jsonl)')
    parser.add_argument("--max-bytes", type=byte_size, default=Limits().max_bytes,
                        metavar="N", help="refuse documents larger than this (e.g. 64M; "
                        "default %(default)s): they get a FileTooLargeError record")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help="seconds one document may take (default %(default)g; 0: no "
                        "limit): a slower one gets a DocumentTimeoutError record")
    parser.add_argument("--dask", metavar="ADDRESS",
                        help="run on an existing Dask cluster (scheduler address)")
    parser.add_argument("--no-progress", action="store_true",
                        help="no progress bar even on a terminal")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no closing summary (failures still set the exit status)")
    parser.set_defaults(func=run_parse)


def _count(number: int, noun: str) -> str:
    """'1 document', '2 documents': the summary line reads as English."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@dataclass(slots=True)
class Summary:
    documents: int = 0
    indicators: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    notices: list[tuple[str, str]] = field(default_factory=list)  # (source, notice)
    records: int = 0
    skipped: int = 0
    started: float = field(default_factory=time.perf_counter)

    def add(self, record: dict[str, Any] | EncodedRecord) -> None:
        if isinstance(record, EncodedRecord):
            (documents, indicators, failures), source = record.counts, record.source
            error, notices = record.error or {}, record.notices
        else:
            documents, indicators, failures = record_counts(record)
            source, error = record.get("source", "?"), record.get("error") or {}
            notices = record_notices(record)
        self.records += 1
        self.notices.extend((source, notice) for notice in notices[:1])
        self.documents += documents
        self.indicators += indicators
        if failures:
            self.failures.append((source, error.get("type", "?"), error.get("message", "")))

    def render(self) -> str:
        elapsed = time.perf_counter() - self.started
        rate = self.documents / elapsed if elapsed > 0 else 0.0
        lines = [
            f"govreport: {_count(self.documents, 'document')}, "
            f"{_count(self.indicators, 'indicator')}, "
            f"{len(self.failures)} failed"
            + (f", {self.skipped} inputs already stored (skipped)" if self.skipped else "")
            + f" in {elapsed:.1f} s ({rate:.1f} documents/s)"]
        for source, error_type, message in self.failures[:FAILURES_LISTED]:
            lines.append(f"  failed: {source}: {error_type}: {message}")
        for source, notice in self.notices[:FAILURES_LISTED]:
            lines.append(f"  nothing read: {source}: {notice}")
        if len(self.failures) > FAILURES_LISTED:
            lines.append(f"  ... and {len(self.failures) - FAILURES_LISTED} more failures")
        return "\n".join(lines)

    def nothing_parsed(self, paths: Sequence[str]) -> str | None:
        """The one line saying why a run read nothing (None when something was read or
        everything was already stored)."""
        if self.skipped or self.documents > len(self.notices):
            return None
        shown = ", ".join(paths)
        if not self.records:
            return f"{shown}: no report files found (an empty folder?)"
        return f"{shown}: nothing readable was parsed (see the lines above)"


def _open_outputs(args: argparse.Namespace) -> tuple[Writer, set[OutputFormat]] | str:
    """The writer(s) the arguments ask for, or a usage error message."""
    if not args.output:
        fmt = OutputFormat(args.format or OutputFormat.JSONL)
        if fmt in (OutputFormat.PARQUET, OutputFormat.SQLITE):
            return f"--format {fmt} needs -o OUT"
        return open_writer(fmt, None, stream=_utf8_stdout()), {fmt}
    default = args.format or OutputFormat.JSONL
    for path in args.output:
        problem = output_problem(path, explicit=bool(args.format and len(args.output) == 1))
        if problem is not None:
            return problem
    formats = [OutputFormat(args.format) if args.format and len(args.output) == 1
               else format_for(path, default) for path in args.output]
    writers: list[Writer] = []
    try:
        for fmt, path in zip(formats, args.output, strict=True):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            writers.append(open_writer(fmt, path))
    except (OSError, MissingExtraError) as exc:
        for writer in writers:
            writer.close()
        return _output_failure(path, exc)
    except BaseException:
        for writer in writers:
            writer.close()
        raise
    return (writers[0] if len(writers) == 1 else MultiWriter(writers)), set(formats)


def output_problem(path: str, *, explicit: bool, suffixes: Sequence[str] = ()) -> str | None:
    """Why ``-o path`` cannot be written, in one line, before anything is parsed (None: it
    can be tried).  ``explicit``: a --format was given, so any suffix will do."""
    target = Path(path)
    if target.is_dir():
        return f"{path}: is a folder; -o takes a file name (e.g. {target / 'out.jsonl'})"
    suffix = target.suffix.lower()
    known = suffixes or tuple(FORMAT_BY_SUFFIX)
    if not explicit and suffix and suffix not in known:
        return (f"{path}: unknown output suffix {suffix!r}; use one of "
                f"{', '.join(sorted(known))} (or --format)")
    return None


def _output_failure(path: str, exc: BaseException) -> str:
    if isinstance(exc, MissingExtraError):
        return f"{path}: {exc}"
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return f"{path}: cannot write ({reason})"


def _utf8_stdout() -> IO[str]:
    """stdout as UTF-8 whatever the locale (records are Chinese text)."""
    stream = sys.stdout
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    if encoding == "utf8" or not hasattr(stream, "buffer"):
        return stream
    return io.TextIOWrapper(stream.buffer, encoding="utf-8", newline="\n", write_through=True)


def _planned_total(paths: Sequence[str]) -> int | None:
    """How many blobs the inputs hold, for the progress bar's ETA; None when unknowable
    cheaply (standard input, tar streams)."""
    total = 0
    for unit in iter_inputs(paths):
        if not isinstance(unit, Input):
            total += 1
        elif unit.path is None:
            return None
        elif unit.is_archive:
            if not unit.source.lower().endswith(".zip"):
                return None
            try:
                with zipfile.ZipFile(unit.path) as archive:
                    total += sum(1 for info in archive.infolist() if not info.is_dir())
            except Exception:  # any damage: the reader reports it; here it is one input
                total += 1
        else:
            total += 1
    return total


def _progress(args: argparse.Namespace) -> Any:
    if args.no_progress or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # extra "progress" not installed: run without a bar
        return None
    # tqdm's monitor thread would keep the batch from forking its workers warm (a process
    # with other threads must not fork); the bar refreshes on every update anyway.
    tqdm.monitor_interval = 0
    return tqdm(total=_planned_total(args.paths), unit="input", dynamic_ncols=True,
                file=sys.stderr, desc="parsing")


def run_parse(args: argparse.Namespace) -> int:
    if args.paths.count("-") > 1:
        print("govreport parse: standard input (-) can be read only once", file=sys.stderr)
        return 2
    try:
        opened = _open_outputs(args)
    except OutputError as exc:  # an output that cannot be resumed, or is locked
        opened = str(exc)
    if isinstance(opened, str):
        print(f"govreport parse: {opened}", file=sys.stderr)
        return 2
    writer, formats = opened
    try:
        return _parse_into(args, writer, formats)
    except OutputError as exc:
        print(f"govreport parse: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        if args.output:
            print("govreport parse: interrupted; what was written is whole: run the same "
                  "command again to resume", file=sys.stderr)
        return 130


def _parse_into(args: argparse.Namespace, writer: Writer, formats: set[OutputFormat]) -> int:
    jobs = default_jobs() if args.jobs <= 0 else args.jobs
    limits = Limits(max_bytes=args.max_bytes)
    summary = Summary()
    bar = _progress(args)

    def skip(source: str, sha256: str | None) -> bool:
        if writer.stored(source, sha256):
            summary.skipped += 1
            if bar is not None:
                bar.update(1)
            return True
        return False

    try:
        with writer:
            for group in iter_groups(args.paths, jobs=jobs, as_dicts=True,
                                     include_text=args.include_text, limits=limits,
                                     skip=skip if args.output else None,
                                     runner=_dask_runner(args.dask),
                                     timeout=args.timeout or None,
                                     # JSON Lines alone: encoded in the workers, in parallel
                                     encode_jsonl=formats == {OutputFormat.JSONL}):
                written = writer.write_group(group.source, group.sha256, group.records)
                for record in written:
                    summary.add(record)
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix(docs=summary.documents, failed=len(summary.failures),
                                    refresh=False)
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    finally:
        if bar is not None:
            bar.close()
    if not args.quiet:
        print(summary.render(), file=sys.stderr)
    nothing = summary.nothing_parsed(args.paths)
    if nothing is not None:
        print(f"govreport parse: {nothing}", file=sys.stderr)
        return 1
    return 1 if summary.failures else 0


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (pytest swaps it)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(logging.Formatter("govreport: %(levelname)s: %(message)s"))

    @property
    def stream(self) -> IO[str]:
        return sys.stderr

    @stream.setter
    def stream(self, value: IO[str]) -> None:
        pass


def _dask_runner(address: str | None) -> Runner | None:
    if address is None:
        return None
    from .deliver.dask import cluster_runner  # needs the extra `dask`: only when asked to

    return cluster_runner(address)


# ---------------------------------------------------------------------------------------------
# govreport check PATH...


def _add_check(subparsers: Any) -> None:
    """``govreport check PATH...``: list reports whose template tables fail an identity.

    Exit status: 1 when any report fails a check, 2 when none fails but an input could not be
    read, 0 otherwise.
    """
    parser = subparsers.add_parser(
        "check",
        help="check the arithmetic of disclosure-report template tables",
        description="List reports whose template tables fail a check, with the numbers.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also list passing reports and extraction warnings")
    parser.set_defaults(func=run_check)


def _check_inputs(paths: Sequence[str], command: str) -> tuple[list[Path], int]:
    """The report files the arguments name (folders walked, sorted), and how many arguments
    gave none, each told in one line on stderr (never read as report text)."""
    found: list[Path] = []
    problems = 0
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix.lower() in CHECK_SUFFIXES
                           and p.is_file() and not any(part.startswith(".") for part in
                                                       p.relative_to(path).parts))
            if not files:
                print(f"govreport {command}: {raw}: no report files in this folder (looked for "
                      f"{', '.join(sorted(CHECK_SUFFIXES))})", file=sys.stderr)
                problems += 1
            found.extend(files)
        elif path.exists():
            found.append(path)
        else:
            print(f"govreport {command}: {raw}: no such file or folder", file=sys.stderr)
            problems += 1
    return found, problems


def _reports_of(path: Path) -> list[Report]:
    """Every report in one input, through the whole pipeline (which reads the template tables
    whenever a table title is printed, even when genre detection misses)."""
    from .pipeline import parse_document
    from .read.load import load_all

    return [parse_document(doc) for doc in load_all(path)]


def run_check(args: argparse.Namespace) -> int:
    failed = 0
    seen = 0
    paths, errors = _check_inputs(args.paths, "check")
    for path in paths:
        try:
            reports = _reports_of(path)
        except (OSError, UnicodeDecodeError, ValueError, GovReportError) as exc:
            print(f"govreport check: {path}: {type(exc).__name__}: {exc}", file=sys.stderr)
            errors += 1
            continue
        for report in reports:
            notices = record_notices({"warnings": list(report.warnings)})
            if notices:
                print(f"govreport check: {report.source}: {notices[0]}", file=sys.stderr)
                errors += 1
                continue
            seen += 1
            bad = [c for c in report.checks if not c.ok]
            if bad:
                failed += 1
                print(f"{report.source}: {len(bad)} of {len(report.checks)} checks fail")
                for check in bad:
                    print(f"  {check.rule}: {check.detail}")
            elif args.verbose:
                print(f"{report.source}: {len(report.checks)} checks pass")
            if args.verbose:
                for warning in report.warnings:
                    print(f"  warning: {warning}")
    if args.verbose or failed:
        print(f"{failed} of {seen} report(s) with a failing check", file=sys.stderr)
    if failed:
        return 1
    return 2 if errors else 0


# ---------------------------------------------------------------------------------------------
# govreport evaluate --gold DIR


def _add_evaluate(subparsers: Any) -> None:
    """``govreport evaluate --gold DIR [--corpora DIR] [--details] [--json] [--min-f1 X]``."""
    parser = subparsers.add_parser(
        "evaluate",
        help="score parse output against gold files",
        description="Parse the reports that gold files name and score the result: a per-file "
        "table and micro-averaged totals.  Exit status 0 (a measurement), unless --min-f1 is "
        "given and indicator F1 falls below it.",
    )
    parser.add_argument("--gold", required=True, help="directory of gold *.json files")
    parser.add_argument(
        "--corpora",
        default=None,
        help="where gold 'file' paths are found (default: GOLD/../../corpora)",
    )
    parser.add_argument("--details", action="store_true", help="list misses and false positives")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.add_argument(
        "--min-f1", type=float, default=None, metavar="X", help="exit 1 when indicator F1 < X"
    )
    parser.set_defaults(func=run_evaluate)


def run_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_ratio

    gold_dir = Path(args.gold)
    if not gold_dir.is_dir():
        print(f"govreport evaluate: no gold directory {gold_dir}", file=sys.stderr)
        return 2
    evaluation = evaluate(gold_dir, corpora=args.corpora)
    if args.json:
        print_to_pipe(json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=2, default=str))
    elif args.details:
        print_to_pipe(f"{evaluation.format_table()}\n\n{evaluation.format_details()}")
    else:
        print_to_pipe(evaluation.format_table())
    if args.min_f1 is not None:
        f1 = evaluation.totals.indicators.f1
        if f1 is None or f1 < args.min_f1:
            print(
                f"govreport evaluate: indicator F1 {format_ratio(f1)} is below {args.min_f1}",
                file=sys.stderr,
            )
            return 1
    return 0


# ---------------------------------------------------------------------------------------------
# govreport show FILE


def _add_show(subparsers: Any) -> None:
    """``govreport show FILE [--no-color] [--explain]``."""
    parser = subparsers.add_parser(
        "show",
        help="print a report's section tree with its figures",
        description="Parse FILE and print its headings, each with the figures its body reports.",
    )
    parser.add_argument("file", help="a report (txt, html, docx, pdf, …)")
    parser.add_argument("--no-color", action="store_true", help="plain text, no ANSI colours")
    parser.add_argument(
        "--explain", action="store_true",
        help="after each figure's name, the rule that gave it (name_rule)",
    )
    parser.add_argument("--html", action="store_true",
                        help="one HTML page instead: the text with every figure highlighted "
                        "(hover for value, unit, key, period, role), sections as an outline, "
                        "template tables with failing checks marked (> view.html)")
    parser.set_defaults(func=run_show)


def _parse_one(path: Path) -> Report | ErrorRecord:
    from .pipeline import parse  # the pipeline loads every stage: only when asked to

    report: Report | ErrorRecord = parse(path)
    return report


def run_show(args: argparse.Namespace) -> int:
    try:
        report = _parse_one(Path(args.file))
    except (GovReportError, OSError) as exc:
        print(f"govreport show: {args.file}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    if isinstance(report, ErrorRecord):
        print(f"govreport show: {args.file}: {report.type}: {report.message}", file=sys.stderr)
        return 1
    if args.html:
        _utf8_stdout().write(render_html(report))
        return 0
    color = not args.no_color and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    print_to_pipe(render_tree(report, color=color, explain=args.explain))
    return 0


def _add_panel(subparsers: Any) -> None:
    """``govreport panel PATH... [-o FILE]``: issuer × year × key, one row per (report, key,
    role, period); CSV to stdout, or by the output's suffix .csv / .parquet / .sqlite."""
    parser = subparsers.add_parser(
        "panel", help="one row per (report, key, role, period) for joining across years",
        description="Canonical-key panel of the reports: one value per (report, key, role, "
                    "period); a second, different statement of the same cell is named in the "
                    "warning column.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write here (.csv, .parquet, .sqlite) instead of CSV to stdout")
    parser.set_defaults(func=run_panel)


def run_panel(args: argparse.Namespace) -> int:
    if args.output:
        problem = output_problem(args.output, explicit=False,
                                 suffixes=(".csv", ".parquet", ".pq", ".sqlite", ".sqlite3", ".db"))
        if problem is not None:
            print(f"govreport panel: {problem}", file=sys.stderr)
            return 2
    rows = []
    summary = Summary()
    for group in iter_groups(args.paths, as_dicts=True):
        for record in group.records:
            summary.add(record)
            if "error" not in record:
                rows.extend(panel_rows(record))
    for source, error_type, message in summary.failures:
        print(f"govreport panel: {source}: {error_type}: {message}", file=sys.stderr)
    for source, notice in summary.notices:
        print(f"govreport panel: {source}: {notice}", file=sys.stderr)
    nothing = summary.nothing_parsed(args.paths)
    if nothing is not None:
        print(f"govreport panel: {nothing}", file=sys.stderr)
        return 1
    try:
        if args.output:
            Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        count = write_panel(rows, args.output, stream=None if args.output else _utf8_stdout())
    except (OSError, MissingExtraError) as exc:
        print(f"govreport panel: {_output_failure(args.output, exc)}", file=sys.stderr)
        return 2
    if args.output:
        print(f"govreport panel: {_count(summary.documents, 'document')}, {count} rows "
              f"written to {args.output}", file=sys.stderr)
    return 1 if summary.failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``govreport`` command; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return int(exc.code or 0)
    if getattr(args, "func", None) is None:
        parser.print_help(sys.stderr)
        return 2
    handler = _StderrHandler()
    handler.setLevel(logging.WARNING)
    logger.addHandler(handler)
    level = logger.level
    if level == logging.NOTSET or level > logging.WARNING:
        logger.setLevel(logging.WARNING)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("govreport: interrupted", file=sys.stderr)
        return 130
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
