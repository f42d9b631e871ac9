"""The ``govreport`` command.

``govreport parse PATH...`` parses files, folders, archives or ``-`` (standard input) and writes
one record per document (``--format jsonl``, the default, to stdout unless ``-o``), or tidy
tables (``csv``, ``parquet``, ``sqlite``).  Every input gives a record or an error record; the
exit status is 1 when any failed.  A progress bar shows on a terminal, never when stderr is
piped; a summary line closes every run.  Other modules add their own subcommands through
``register_cli(subparsers)`` (``check``, ``evaluate``, ``show``).
"""

from __future__ import annotations

import argparse
import importlib
import io
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
from .batch import default_jobs, iter_groups, record_counts
from .outputs import EncodedRecord, MultiWriter, OutputFormat, Writer, format_for, open_writer
from .sources import Input, Limits, iter_inputs

__all__ = ["build_parser", "main"]

# Modules that may add a subcommand, with the subcommand they add (for the docs only).
PLUGIN_MODULES = (("tables", "check"), ("evaluate", "evaluate"), ("render", "show"))
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
    for module_name, _ in PLUGIN_MODULES:
        try:
            module = importlib.import_module(f".{module_name}", __package__)
        except ImportError:
            continue  # not written yet, or its optional dependency is missing
        register = getattr(module, "register_cli", None)
        if register is not None:
            register(subparsers)
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
    parser.add_argument("--dask", metavar="ADDRESS",
                        help="run on an existing Dask cluster (scheduler address)")
    parser.add_argument("--no-progress", action="store_true",
                        help="no progress bar even on a terminal")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no closing summary (failures still set the exit status)")
    parser.set_defaults(func=run_parse)


@dataclass(slots=True)
class Summary:
    documents: int = 0
    indicators: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    skipped: int = 0
    started: float = field(default_factory=time.perf_counter)

    def add(self, record: dict[str, Any] | EncodedRecord) -> None:
        if isinstance(record, EncodedRecord):
            (documents, indicators, failures), source = record.counts, record.source
            error = record.error or {}
        else:
            documents, indicators, failures = record_counts(record)
            source, error = record.get("source", "?"), record.get("error") or {}
        self.documents += documents
        self.indicators += indicators
        if failures:
            self.failures.append((source, error.get("type", "?"), error.get("message", "")))

    def render(self) -> str:
        elapsed = time.perf_counter() - self.started
        rate = self.documents / elapsed if elapsed > 0 else 0.0
        lines = [
            f"govreport: {self.documents} documents, {self.indicators} indicators, "
            f"{len(self.failures)} failed"
            + (f", {self.skipped} inputs already stored (skipped)" if self.skipped else "")
            + f" in {elapsed:.1f} s ({rate:.1f} documents/s)"]
        for source, error_type, message in self.failures[:FAILURES_LISTED]:
            lines.append(f"  failed: {source}: {error_type}: {message}")
        if len(self.failures) > FAILURES_LISTED:
            lines.append(f"  ... and {len(self.failures) - FAILURES_LISTED} more failures")
        return "\n".join(lines)


def _open_outputs(args: argparse.Namespace) -> tuple[Writer, set[OutputFormat]] | str:
    """The writer(s) the arguments ask for, or a usage error message."""
    if not args.output:
        fmt = OutputFormat(args.format or OutputFormat.JSONL)
        if fmt in (OutputFormat.PARQUET, OutputFormat.SQLITE):
            return f"--format {fmt} needs -o OUT"
        return open_writer(fmt, None, stream=_utf8_stdout()), {fmt}
    default = args.format or OutputFormat.JSONL
    formats = [OutputFormat(args.format) if args.format and len(args.output) == 1
               else format_for(path, default) for path in args.output]
    writers: list[Writer] = []
    try:
        for fmt, path in zip(formats, args.output, strict=True):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            writers.append(open_writer(fmt, path))
    except BaseException:
        for writer in writers:
            writer.close()
        raise
    return (writers[0] if len(writers) == 1 else MultiWriter(writers)), set(formats)


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
            except (zipfile.BadZipFile, OSError):
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
    opened = _open_outputs(args)
    if isinstance(opened, str):
        print(f"govreport parse: {opened}", file=sys.stderr)
        return 2
    writer, formats = opened
    jobs = default_jobs() if args.jobs <= 0 else args.jobs
    limits = Limits(max_bytes=args.max_bytes)
    summary = Summary()
    bar = _progress(args)

    def skip(source: str, sha256: str) -> bool:
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
                                     skip=skip if formats == {OutputFormat.SQLITE} else None,
                                     dask_address=args.dask,
                                     # JSON Lines alone: encoded in the workers, in parallel
                                     encode_jsonl=formats == {OutputFormat.JSONL}):
                writer.write_group(group.source, group.sha256, group.records)
                for record in group.records:
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
