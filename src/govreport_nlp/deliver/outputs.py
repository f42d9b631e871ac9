"""Writers for what other systems read: JSON Lines, CSV, Parquet, SQLite.

Every writer takes output-contract records one at a time and streams them out, so memory does
not grow with the batch.

* ``jsonl``: one contract record per line (errors included), UTF-8, to a file or stdout.
* ``csv``: the indicators table (columns of :data:`~govreport_nlp.deliver.frames.INDICATOR_COLUMNS`,
  the same header as ``to_dataframe(...)``); with ``-o out.csv`` the reports,
  sections and checks tables go beside it as ``out.reports.csv``, ``out.sections.csv`` and
  ``out.checks.csv``.
* ``parquet``: the same four tables (``out.parquet`` holds the indicators), via pyarrow
  (extra ``pandas``), written in row groups as records arrive.
* ``sqlite``: tables ``inputs``, ``reports``, ``sections``, ``indicators``, ``checks`` with
  foreign keys between them and a view ``indicators_tidy`` shaped like the CSV.  Each input
  blob is recorded in ``inputs`` by source and sha256 once all its documents are stored; a
  re-run skips those (an input that failed is parsed again and its old rows replaced).

>>> import io
>>> out = io.StringIO()
>>> with open_writer("jsonl", stream=out) as writer:
...     writer.write({"source": "本溪.txt", "sha256": None, "error": {"type": "DecodeError",
...                   "message": "本溪.txt: not text"}})
>>> out.getvalue().startswith('{"source": "本溪.txt", "sha256": null, "error": {"type"')
True
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from .._extras import require
from ..errors import OutputError, OutputLockedError
from ..models import ErrorRecord
from .frames import (
    CHECK_COLUMNS,
    CHECK_FIELDS,
    INDICATOR_COLUMNS,
    INDICATOR_FIELDS,
    PANEL_COLUMNS,
    REPORT_COLUMNS,
    REPORT_FIELDS,
    SECTION_COLUMNS,
    SECTION_FIELDS,
    Column,
    Row,
    check_rows,
    flat,
    indicator_rows,
    report_row,
    section_rows,
)
from .ledger import Ledger, entry_line

__all__ = [
    "FORMAT_BY_SUFFIX",
    "EncodedRecord",
    "MultiWriter",
    "OutputFormat",
    "Writer",
    "companion_paths",
    "format_for",
    "jsonl_line",
    "open_writer",
    "write_panel",
]

Record = Mapping[str, Any]

logger = logging.getLogger(__name__)


class OutputFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"
    PARQUET = "parquet"
    SQLITE = "sqlite"


FORMAT_BY_SUFFIX = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
                    ".parquet": "parquet", ".pq": "parquet", ".sqlite": "sqlite",
                    ".sqlite3": "sqlite", ".db": "sqlite"}


def format_for(path: str | os.PathLike[str] | None,
               default: str | OutputFormat = OutputFormat.JSONL) -> OutputFormat:
    """The output format an output path's suffix asks for.

    >>> [str(format_for(p)) for p in ("a.parquet", "b.db", "c.out", None)]
    ['parquet', 'sqlite', 'jsonl', 'jsonl']
    """
    if path is None:
        return OutputFormat(default)
    suffix = Path(path).suffix.lower()
    return OutputFormat(FORMAT_BY_SUFFIX.get(suffix, default))


TABLES: dict[str, tuple[Column, ...]] = {
    "indicators": INDICATOR_COLUMNS,
    "reports": REPORT_COLUMNS,
    "sections": SECTION_COLUMNS,
    "checks": CHECK_COLUMNS,
}


def _rows(record: Record) -> dict[str, Iterable[Row]]:
    return {
        "indicators": indicator_rows(record),
        "reports": [report_row(record)],
        "sections": section_rows(record),
        "checks": check_rows(record),
    }


def companion_paths(path: str | os.PathLike[str]) -> dict[str, Path]:
    """Where each table goes for a CSV/Parquet output path: the indicators in the path itself,
    the others beside it.

    >>> [p.name for p in companion_paths("out/2024.csv").values()]
    ['2024.csv', '2024.reports.csv', '2024.sections.csv', '2024.checks.csv']
    """
    path = Path(path)
    return {name: path if name == "indicators" else path.with_name(
        f"{path.stem}.{name}{path.suffix}") for name in TABLES}


class Writer:
    """Base writer: ``write(record)``, ``write_group(source, sha256, records)``, ``close()``;
    a context manager.

    ``write_group`` writes one input's records whole or not at all and returns what it wrote:
    the records, or in their place the input's error record when one of them cannot be
    written (a value no format can hold), so one input never ends the batch.
    ``stored(source, sha256)`` says whether an earlier, interrupted run into the same output
    already wrote that input (see :mod:`govreport_nlp.deliver.ledger`); a resumed run skips it.
    Leaving the ``with`` block by an exception (Ctrl-C) calls :meth:`abort`, not
    :meth:`close`: what is whole stays, and the output stays resumable.
    """

    def write(self, record: Record) -> None:
        self.write_group(str(record["source"]), record.get("sha256"), [record])

    def write_group(self, source: str, sha256: str | None,
                    records: Iterable[Record]) -> list[Record]:
        raise NotImplementedError

    def stored(self, source: str, sha256: str | None) -> bool:
        return False

    def close(self) -> None:
        """Finish the output (the run is complete) and release it."""

    def abort(self) -> None:
        """Release the output of an interrupted run, keeping it resumable."""
        self.close()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def error_in_place(source: str, sha256: str | None, exc: Exception) -> dict[str, Any]:
    """The error record that replaces an input's records when they cannot be written."""
    logger.debug("writing %s failed", source, exc_info=True)
    return ErrorRecord(source=source, sha256=sha256, type=OutputError.__name__,
                       message=f"{source}: its records cannot be written "
                       f"({type(exc).__name__}: {exc})").to_dict()


class MultiWriter(Writer):
    """Several outputs from one parse (``-o all.jsonl -o all.sqlite``).  An input is skipped
    only when every output already holds it, and written only to those that do not."""

    def __init__(self, writers: list[Writer]) -> None:
        self._writers = writers

    def write_group(self, source: str, sha256: str | None,
                    records: Iterable[Record]) -> list[Record]:
        records = list(records)
        written = records
        for writer in self._writers:
            if not writer.stored(source, sha256):
                got = writer.write_group(source, sha256, records)
                written = got if got is not records else written
        return written

    def stored(self, source: str, sha256: str | None) -> bool:
        return all(writer.stored(source, sha256) for writer in self._writers)

    def close(self) -> None:
        for writer in self._writers:
            writer.close()

    def abort(self) -> None:
        for writer in self._writers:
            writer.abort()


@dataclass(frozen=True, slots=True)
class EncodedRecord:
    """An output record already encoded as a JSON Lines line, in a batch worker, with what a
    run's summary needs from it: encoding in the workers keeps the parent (which reads the
    inputs and writes the output for every worker) from becoming the bottleneck."""

    line: str
    source: str
    counts: tuple[int, int, int]  # batch.record_counts: documents, indicators, failures
    error: dict[str, Any] | None = None
    notices: tuple[str, ...] = ()  # batch.record_notices: what the terminal is told



def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def jsonl_line(record: Record) -> str:
    """One record as a JSON Lines line (without the newline); Decimals become JSON numbers.

    >>> from decimal import Decimal
    >>> jsonl_line({"value": Decimal("12.5"), "name": "增长"})
    '{"value": 12.5, "name": "增长"}'
    """
    return json.dumps(record, ensure_ascii=False, default=_json_default)


class _TablesWriter(Writer):
    """A writer of text tables (JSON Lines: one; CSV: four) to a stream or to files.

    To files, it appends and keeps the ledger (see :mod:`~govreport_nlp.deliver.ledger`):
    each input's text is built whole first, then written and flushed, then recorded; a run
    that finds a ledger beside its output resumes it.  To a stream it just writes.
    """

    def __init__(self, *, streams: dict[str, IO[str]] | None = None,
                 output: str | os.PathLike[str] | None = None,
                 paths: dict[str, Path] | None = None) -> None:
        self._streams = streams or {}
        self._files: dict[str, IO[bytes]] = {}
        self._ledger: Ledger | None = None
        self._done: set[tuple[str, str | None]] = set()
        if output is not None and paths is not None:
            self._open_files(output, paths)
        else:
            for name, stream in self._streams.items():
                stream.write(self.header(name))

    def header(self, name: str) -> str:
        return ""

    def encode(self, records: list[Any]) -> dict[str, str]:
        """The text each table gets from one input's records."""
        raise NotImplementedError

    def _open_files(self, output: str | os.PathLike[str], paths: dict[str, Path]) -> None:
        resumed = Ledger.resume(output) if all(p.exists() for p in paths.values()) else None
        if resumed is None:
            for name, path in paths.items():
                self._files[name] = open(path, "wb")
                self._files[name].write(self.header(name).encode("utf-8"))
                self._files[name].flush()
            self._ledger = Ledger.start(output, self._sizes())
            return
        self._ledger, self._done = resumed.ledger, resumed.done
        for name, path in paths.items():
            size, recorded = path.stat().st_size, resumed.sizes.get(path.name)
            if recorded is None or size < recorded:
                resumed.ledger.close(complete=False)
                raise OutputError(
                    f"{path}: cannot resume, it is shorter than {resumed.ledger.path} says "
                    "(changed since the interrupted run?); delete that file to start afresh")
            handle = open(path, "r+b")
            handle.truncate(recorded)  # drop what was written after the last whole input
            handle.seek(recorded)
            self._files[name] = handle

    def _sizes(self) -> dict[str, int]:
        return {Path(handle.name).name: handle.tell() for handle in self._files.values()}

    def stored(self, source: str, sha256: str | None) -> bool:
        return (source, sha256) in self._done

    def write_group(self, source: str, sha256: str | None,
                    records: Iterable[Record]) -> list[Record]:
        records = list(records)
        try:
            texts = self.encode(records)
        except Exception as exc:  # the batch boundary: one input's records, not the run
            records = [error_in_place(source, sha256, exc)]
            texts = self.encode(records)
        for name, text in texts.items():
            if name in self._files:
                self._files[name].write(text.encode("utf-8"))
            elif name in self._streams:
                self._streams[name].write(text)
        if self._ledger is not None:
            for handle in self._files.values():
                handle.flush()
            self._ledger.record(source, sha256, self._sizes())
            self._done.add((source, sha256))
        return records

    def close(self) -> None:
        self._release(complete=True)

    def abort(self) -> None:
        self._release(complete=False)

    def _release(self, *, complete: bool) -> None:
        for handle in self._files.values():
            handle.close()
        for stream in self._streams.values():
            stream.flush()
        if self._ledger is not None:
            self._ledger.close(complete=complete)
            self._ledger = None


class JsonlWriter(_TablesWriter):
    """One contract record per line."""

    def encode(self, records: list[Any]) -> dict[str, str]:
        # a batch can encode its records in the workers (see batch.iter_groups(encode_jsonl))
        return {"records": "".join(
            (r.line if isinstance(r, EncodedRecord) else jsonl_line(r)) + "\n"
            for r in records)}


class CsvWriter(_TablesWriter):
    """Indicators to the main file or stream; other tables to companion files."""

    def header(self, name: str) -> str:
        return self._csv([[column for column, _ in TABLES[name]]])

    def encode(self, records: list[Any]) -> dict[str, str]:
        tables: dict[str, list[list[Any]]] = {name: [] for name in TABLES}
        for record in records:
            for name, rows in _rows(record).items():
                columns = TABLES[name]
                tables[name].extend([_csv_cell(flat(row[c], kind)) for c, kind in columns]
                                    for row in rows)
        return {name: self._csv(rows) for name, rows in tables.items()}

    @staticmethod
    def _csv(rows: list[list[Any]]) -> str:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        return out.getvalue()


def _csv_cell(value: Any) -> Any:
    return "" if value is None else value


class ParquetWriter(Writer):
    """Four Parquet files, written in row groups of ``rows_per_group`` rows.

    A Parquet file is whole only once its footer is written, so it cannot be appended to or
    resumed: each input's records go to the ledger as they arrive (exact, resumable), and
    the files are built from it when the run completes, under temporary names renamed into
    place — an interrupted run leaves any earlier files of the same name as they were.
    """

    def __init__(self, path: str | os.PathLike[str], *, rows_per_group: int = 10_000) -> None:
        self._pa = require("pyarrow", extra="pandas", purpose="Writing Parquet")
        self._pq = require("pyarrow.parquet", extra="pandas", purpose="Writing Parquet",
                           package="pyarrow")
        self._rows_per_group = rows_per_group
        self._schemas = {name: self._schema(columns) for name, columns in TABLES.items()}
        self._paths = companion_paths(path)
        resumed = Ledger.resume(path)
        if resumed is None:
            self._ledger, self._done = Ledger.start(path, {}), set()
        else:
            self._ledger, self._done = resumed.ledger, resumed.done

    def _schema(self, columns: tuple[Column, ...]) -> Any:
        pa = self._pa
        types = {"string": pa.string(), "int": pa.int64(), "bool": pa.bool_(),
                 "decimal": pa.decimal128(38, DECIMAL_SCALE), "strings": pa.list_(pa.string())}
        return pa.schema([(name, types[kind]) for name, kind in columns])

    def stored(self, source: str, sha256: str | None) -> bool:
        return (source, sha256) in self._done

    def write_group(self, source: str, sha256: str | None,
                    records: Iterable[Record]) -> list[Record]:
        records = list(records)
        try:
            self._tables(records)  # what close() will do with them: it must not fail then
            line = entry_line(source, sha256, records=records)
        except Exception as exc:  # the batch boundary: one input's records, not the run
            records = [error_in_place(source, sha256, exc)]
            line = entry_line(source, sha256, records=records)
        self._ledger.record(source, sha256, line=line)
        self._done.add((source, sha256))
        return records

    def _tables(self, records: list[Record]) -> dict[str, Any]:
        buffers: dict[str, list[Row]] = {name: [] for name in TABLES}
        for record in records:
            for name, rows in _rows(record).items():
                buffers[name].extend(rows)
        return {name: self._table(name, rows) for name, rows in buffers.items()}

    def _table(self, name: str, rows: list[Row]) -> Any:
        decimals = [c for c, kind in TABLES[name] if kind == "decimal"]
        for row in rows:
            for column in decimals:
                row[column] = _fit_scale(row[column])
        return self._pa.Table.from_pylist(rows, schema=self._schemas[name])

    def close(self) -> None:
        partial = {name: path.with_name(path.name + ".partial")
                   for name, path in self._paths.items()}
        writers = {name: self._pq.ParquetWriter(str(partial[name]), self._schemas[name])
                   for name in TABLES}
        buffers: dict[str, list[Row]] = {name: [] for name in TABLES}
        for entry in self._ledger.entries():
            for record in entry["records"]:
                for name, rows in _rows(record).items():
                    buffers[name].extend(rows)
                    if len(buffers[name]) >= self._rows_per_group:
                        writers[name].write_table(self._table(name, buffers[name]))
                        buffers[name] = []
        for name, writer in writers.items():
            if buffers[name]:
                writer.write_table(self._table(name, buffers[name]))
            writer.close()
        for name, path in self._paths.items():
            os.replace(partial[name], path)
        self._ledger.close(complete=True)

    def abort(self) -> None:
        self._ledger.close(complete=False)


# Parquet decimals need a fixed scale; report figures have at most a few decimal places.
DECIMAL_SCALE = 6
_QUANTUM = Decimal(1).scaleb(-DECIMAL_SCALE)


DECIMAL_LIMIT = 10 ** (38 - DECIMAL_SCALE)  # decimal128(38, 6) holds magnitudes below this


def _fit_scale(value: Any) -> Any:
    """A value Parquet's decimal128(38, 6) can hold: rounded to 6 places; None (with a
    warning) past 10**32, which no report figure reaches."""
    if value is None:
        return None
    if abs(value) >= DECIMAL_LIMIT:
        logger.warning("value %s is too large for a Parquet decimal; stored as null", value)
        return None
    if isinstance(value, Decimal) and value.as_tuple().exponent < -DECIMAL_SCALE:  # type: ignore[operator]
        return value.quantize(_QUANTUM)
    return value


_SQL_TYPES = {"string": "TEXT", "int": "INTEGER", "decimal": "NUMERIC", "bool": "INTEGER",
              "strings": "TEXT"}


def _q(name: str) -> str:
    """Quote an identifier (``end``, ``key`` are SQL keywords)."""
    return f'"{name}"'


def _columns_sql(columns: tuple[Column, ...]) -> str:
    return ", ".join(f"{_q(name)} {_SQL_TYPES[kind]}" for name, kind in columns)


# Seconds a writer waits for another process's lock on the same database before it gives up
# with OutputLockedError (SQLite retries within that time by itself).
SQLITE_LOCK_WAIT = 30.0


class SqliteWriter(Writer):
    """Normalised tables with keys; resumable by input source and sha256.

    Each input is one transaction: its ``inputs`` row (the "done" mark) and all its rows
    commit together or not at all, so an interruption anywhere loses only the inputs in
    flight, and a rerun redoes exactly those.  In WAL mode with ``synchronous=NORMAL`` a
    commit costs no disk flush.  Another process writing the same file is waited for (up to
    :data:`SQLITE_LOCK_WAIT` seconds, or ``lock_wait``) before :class:`OutputLockedError`.
    """

    def __init__(self, path: str | os.PathLike[str], *, commit_every: int = 1,
                 lock_wait: float | None = None) -> None:
        # commit_every is accepted for compatibility; every input commits on its own now.
        self._path = os.fspath(path)
        lock_wait = SQLITE_LOCK_WAIT if lock_wait is None else lock_wait
        self._lock_wait = lock_wait
        self._db = sqlite3.connect(self._path, timeout=lock_wait, isolation_level=None)
        try:
            with self._locked("open"):
                self._db.execute("PRAGMA foreign_keys = ON")
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = NORMAL")
                self._create()  # idempotent statements (executescript commits each)
        except BaseException:
            self._db.close()
            raise

    @contextmanager
    def _locked(self, doing: str) -> Iterator[None]:
        """Turn SQLite's "database is locked" into one line naming the file and the wait."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            if "locked" in str(exc) or "busy" in str(exc):
                raise OutputLockedError(
                    f"{self._path}: the database is locked by another process (waited "
                    f"{self._lock_wait:g} s to {doing}); run one writer at a time") from exc
            raise

    def _create(self) -> None:
        db = self._db
        db.executescript(f"""
            CREATE TABLE IF NOT EXISTS inputs (
                id INTEGER PRIMARY KEY, source TEXT NOT NULL, sha256 TEXT,
                records INTEGER NOT NULL, failures INTEGER NOT NULL,
                UNIQUE (source, sha256));
            CREATE TABLE IF NOT EXISTS reports (
                id INTEGER PRIMARY KEY,
                input_id INTEGER NOT NULL REFERENCES inputs(id) ON DELETE CASCADE,
                source TEXT NOT NULL, sha256 TEXT, {_columns_sql(REPORT_FIELDS)});
            CREATE TABLE IF NOT EXISTS sections (
                id INTEGER PRIMARY KEY,
                report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
                parent_id INTEGER REFERENCES sections(id),
                {_columns_sql(SECTION_FIELDS)});
            CREATE TABLE IF NOT EXISTS indicators (
                id INTEGER PRIMARY KEY,
                report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
                section_id INTEGER REFERENCES sections(id),
                {_columns_sql(INDICATOR_FIELDS)});
            CREATE TABLE IF NOT EXISTS checks (
                id INTEGER PRIMARY KEY,
                report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
                {_columns_sql(CHECK_FIELDS)});
            CREATE INDEX IF NOT EXISTS reports_input ON reports(input_id);
            CREATE INDEX IF NOT EXISTS reports_sha256 ON reports(sha256);
            CREATE INDEX IF NOT EXISTS sections_report ON sections(report_id);
            CREATE INDEX IF NOT EXISTS indicators_report ON indicators(report_id);
            CREATE INDEX IF NOT EXISTS checks_report ON checks(report_id);
            CREATE VIEW IF NOT EXISTS indicators_tidy AS
                SELECT {", ".join(f"r.{_q(name)}" for name, _ in INDICATOR_COLUMNS
                                  if name in dict(REPORT_COLUMNS)
                                  and name not in dict(INDICATOR_FIELDS))},
                       {", ".join(f"i.{_q(name)}" for name, _ in INDICATOR_FIELDS)}
                FROM indicators i JOIN reports r ON r.id = i.report_id
                ORDER BY i.report_id, i.seq;
        """)

    def stored(self, source: str, sha256: str | None) -> bool:
        """Whether an earlier run stored the input with no failure (a failed or unread one is
        parsed again, and its rows replaced)."""
        if sha256 is None:
            return False
        with self._locked("read"):
            row = self._db.execute(
                "SELECT failures FROM inputs WHERE source = ? AND sha256 = ?", (source, sha256)
            ).fetchone()
        return row is not None and row[0] == 0

    def write_group(self, source: str, sha256: str | None,
                    records: Iterable[Record]) -> list[Record]:
        records = list(records)
        try:
            self._store(source, sha256, records)
        except (OutputLockedError, sqlite3.DatabaseError):
            raise  # the database, not this input: the run cannot go on
        except Exception as exc:  # the batch boundary: one input's records, not the run
            records = [error_in_place(source, sha256, exc)]
            self._store(source, sha256, records)
        return records

    def _store(self, source: str, sha256: str | None, records: list[Record]) -> None:
        """One input in one transaction, rolled back whole on any exception (Ctrl-C too)."""
        db = self._db
        with self._locked("write"):
            db.execute("BEGIN IMMEDIATE")
            try:
                # A failed or unread input from an earlier run is replaced, not duplicated.
                if sha256 is None:
                    db.execute("DELETE FROM inputs WHERE source = ? AND sha256 IS NULL",
                               (source,))
                else:
                    db.execute("DELETE FROM inputs WHERE source = ? AND sha256 = ?",
                               (source, sha256))
                failures = sum(1 for r in records if "error" in r)
                input_id = db.execute(
                    "INSERT INTO inputs (source, sha256, records, failures) VALUES (?, ?, ?, ?)",
                    (source, sha256, len(records), failures)).lastrowid
                for record in records:
                    self._insert(input_id, record)
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _insert(self, input_id: int | None, record: Record) -> None:
        db = self._db
        report = report_row(record)
        names = ["input_id"] + [name for name, _ in REPORT_COLUMNS]
        values = [input_id] + [_sql(report[name], kind) for name, kind in REPORT_COLUMNS]
        report_id = db.execute(
            f"INSERT INTO reports ({', '.join(map(_q, names))}) "
            f"VALUES ({', '.join('?' * len(names))})", values).lastrowid
        section_ids: dict[int, int] = {}
        section_names = ["report_id", "parent_id"] + [name for name, _ in SECTION_FIELDS]
        for row in section_rows(record):
            parent = section_ids.get(row["parent_seq"]) if row["parent_seq"] is not None \
                else None
            cursor = db.execute(
                f"INSERT INTO sections ({', '.join(map(_q, section_names))}) "
                f"VALUES ({', '.join('?' * len(section_names))})",
                [report_id, parent] + [row[name] for name, _ in SECTION_FIELDS])
            section_ids[row["seq"]] = cursor.lastrowid  # type: ignore[assignment]
        indicator_names = ["report_id", "section_id"] + [name for name, _ in INDICATOR_FIELDS]
        db.executemany(
            f"INSERT INTO indicators ({', '.join(map(_q, indicator_names))}) "
            f"VALUES ({', '.join('?' * len(indicator_names))})",
            ([report_id, section_ids.get(row["section_seq"])]
             + [_sql(row[name], kind) for name, kind in INDICATOR_FIELDS]
             for row in indicator_rows(record)))
        check_names = ["report_id"] + [name for name, _ in CHECK_FIELDS]
        db.executemany(
            f"INSERT INTO checks ({', '.join(map(_q, check_names))}) "
            f"VALUES ({', '.join('?' * len(check_names))})",
            ([report_id] + [row[name] for name, _ in CHECK_FIELDS]
             for row in check_rows(record)))

    def close(self) -> None:
        self._db.close()  # every input committed as it was written

    def abort(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")
        self._db.close()


def _sql(value: Any, kind: str) -> Any:
    """A cell for SQLite.  Decimals go in NUMERIC columns: integral figures as exact integers,
    others as the nearest double (what the JSON record holds too)."""
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, int) and not SQLITE_MIN_INT <= value <= SQLITE_MAX_INT:
        return float(value)  # 10.36百亿亿次 = 1.036e19 is past SQLite's 64-bit integers
    return flat(value, kind)  # type: ignore[arg-type]


SQLITE_MIN_INT, SQLITE_MAX_INT = -(2**63), 2**63 - 1


def open_writer(fmt: str | OutputFormat, path: str | os.PathLike[str] | None = None, *,
                stream: IO[str] | None = None) -> Writer:
    """A writer for ``fmt`` to ``path`` (or to ``stream``/stdout for jsonl and csv)."""
    fmt = OutputFormat(fmt)
    if fmt in (OutputFormat.PARQUET, OutputFormat.SQLITE) and path is None:
        raise ValueError(f"--format {fmt} needs an output path (-o)")
    if fmt is OutputFormat.JSONL:
        if path is None:
            return JsonlWriter(streams={"records": stream or sys.stdout})
        return JsonlWriter(output=path, paths={"records": Path(path)})
    if fmt is OutputFormat.CSV:
        if path is None:
            return CsvWriter(streams={"indicators": stream or sys.stdout})
        return CsvWriter(output=path, paths=companion_paths(path))
    if fmt is OutputFormat.PARQUET:
        assert path is not None
        return ParquetWriter(path)
    assert path is not None
    return SqliteWriter(path)


def write_panel(rows: Iterable[Row], path: str | os.PathLike[str] | None = None, *,
                stream: IO[str] | None = None) -> int:
    """Write panel rows (:func:`~govreport_nlp.deliver.frames.panel_rows`) as CSV (to ``stream``
    or ``path``), Parquet or SQLite (table ``panel``) by the path's suffix; returns the count."""
    rows = list(rows)
    fmt = format_for(path, OutputFormat.CSV)
    if fmt is OutputFormat.PARQUET and path is not None:
        pa = require("pyarrow", extra="pandas", purpose="Writing Parquet")
        pq = require("pyarrow.parquet", extra="pandas", purpose="Writing Parquet",
                     package="pyarrow")

        columns = {name: [_fit_scale(r[name]) if kind == "decimal" else r[name] for r in rows]
                   for name, kind in PANEL_COLUMNS}
        types = {"string": pa.string(), "int": pa.int64(), "decimal": pa.decimal128(38, 6)}
        pq.write_table(pa.table({n: pa.array(columns[n], type=types[k])
                                 for n, k in PANEL_COLUMNS}), str(path))
    elif fmt is OutputFormat.SQLITE and path is not None:
        with sqlite3.connect(str(path)) as db:
            db.execute("DROP TABLE IF EXISTS panel")
            db.execute(f"CREATE TABLE panel ({_columns_sql(PANEL_COLUMNS)})")
            db.executemany(
                f"INSERT INTO panel VALUES ({', '.join('?' * len(PANEL_COLUMNS))})",
                [[_sql(r[n], k) for n, k in PANEL_COLUMNS] for r in rows])
    else:
        handle = stream if path is None else open(path, "w", encoding="utf-8", newline="")
        try:
            writer = csv.writer(handle)
            writer.writerow([name for name, _ in PANEL_COLUMNS])
            writer.writerows([[_csv_cell(r[n]) for n, _ in PANEL_COLUMNS] for r in rows])
        finally:
            if path is not None:
                handle.close()
    return len(rows)
