"""Writers for what other systems read: JSON Lines, CSV, Parquet, SQLite.

Every writer takes output-contract records one at a time and streams them out, so memory does
not grow with the batch.

* ``jsonl``: one contract record per line (errors included), UTF-8, to a file or stdout.
* ``csv``: the indicators table (columns of :data:`~govreport_nlp.deliver.frames.INDICATOR_COLUMNS`,
  the same header as ``to_dataframe(...).indicators``); with ``-o out.csv`` the reports,
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
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from .._extras import require
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
    """Base writer: ``write(record)``, ``write_group(group)``, ``close()``; a context manager.

    ``stored(source, sha256)`` says whether an input is already in the output (only SQLite
    can tell; others say no).
    """

    def write(self, record: Record) -> None:
        raise NotImplementedError

    def write_group(self, source: str, sha256: str | None, records: Iterable[Record]) -> None:
        for record in records:
            self.write(record)

    def stored(self, source: str, sha256: str) -> bool:
        return False

    def close(self) -> None:
        """Flush and release the output."""

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


class MultiWriter(Writer):
    """Several outputs from one parse (``-o all.jsonl -o all.sqlite``).  An input is skipped
    only when every output already holds it."""

    def __init__(self, writers: list[Writer]) -> None:
        self._writers = writers

    def write(self, record: Record) -> None:
        for writer in self._writers:
            writer.write(record)

    def write_group(self, source: str, sha256: str | None, records: Iterable[Record]) -> None:
        records = list(records)
        for writer in self._writers:
            writer.write_group(source, sha256, records)

    def stored(self, source: str, sha256: str) -> bool:
        return all(writer.stored(source, sha256) for writer in self._writers)

    def close(self) -> None:
        for writer in self._writers:
            writer.close()


@dataclass(frozen=True, slots=True)
class EncodedRecord:
    """An output record already encoded as a JSON Lines line, in a batch worker, with what a
    run's summary needs from it: encoding in the workers keeps the parent (which reads the
    inputs and writes the output for every worker) from becoming the bottleneck."""

    line: str
    source: str
    counts: tuple[int, int, int]  # batch.record_counts: documents, indicators, failures
    error: dict[str, Any] | None = None



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


class JsonlWriter(Writer):
    def __init__(self, stream: IO[str], *, owned: bool) -> None:
        self._stream = stream
        self._owned = owned

    def write(self, record: Record | EncodedRecord) -> None:
        # a batch can encode its records in the workers (see batch.iter_groups(encode_jsonl))
        line = record.line if isinstance(record, EncodedRecord) else jsonl_line(record)
        self._stream.write(line)
        self._stream.write("\n")

    def close(self) -> None:
        if self._owned:
            self._stream.close()
        else:
            self._stream.flush()


class CsvWriter(Writer):
    """Indicators to the main stream; other tables to companion files when writing to a path."""

    def __init__(self, streams: dict[str, IO[str]], *, owned: bool) -> None:
        self._streams = streams
        self._owned = owned
        self._writers = {}
        for name, stream in streams.items():
            writer = csv.writer(stream, lineterminator="\n")
            writer.writerow([column for column, _ in TABLES[name]])
            self._writers[name] = writer

    def write(self, record: Record) -> None:
        for name, rows in _rows(record).items():
            writer = self._writers.get(name)
            if writer is None:
                continue
            columns = TABLES[name]
            writer.writerows([_csv_cell(flat(row[c], kind)) for c, kind in columns]
                             for row in rows)

    def close(self) -> None:
        for stream in self._streams.values():
            if self._owned:
                stream.close()
            else:
                stream.flush()


def _csv_cell(value: Any) -> Any:
    return "" if value is None else value


class ParquetWriter(Writer):
    """Four Parquet files, written in row groups of ``rows_per_group`` rows."""

    def __init__(self, path: str | os.PathLike[str], *, rows_per_group: int = 10_000) -> None:
        self._pa = require("pyarrow", extra="pandas", purpose="Writing Parquet")
        self._pq = require("pyarrow.parquet", extra="pandas", purpose="Writing Parquet",
                           package="pyarrow")
        self._rows_per_group = rows_per_group
        self._schemas = {name: self._schema(columns) for name, columns in TABLES.items()}
        self._paths = companion_paths(path)
        self._buffers: dict[str, list[Row]] = {name: [] for name in TABLES}
        self._writers = {
            name: self._pq.ParquetWriter(str(self._paths[name]), self._schemas[name])
            for name in TABLES
        }

    def _schema(self, columns: tuple[Column, ...]) -> Any:
        pa = self._pa
        types = {"string": pa.string(), "int": pa.int64(), "bool": pa.bool_(),
                 "decimal": pa.decimal128(38, DECIMAL_SCALE), "strings": pa.list_(pa.string())}
        return pa.schema([(name, types[kind]) for name, kind in columns])

    def write(self, record: Record) -> None:
        for name, rows in _rows(record).items():
            buffer = self._buffers[name]
            buffer.extend(rows)
            if len(buffer) >= self._rows_per_group:
                self._flush(name)

    def _flush(self, name: str) -> None:
        buffer = self._buffers[name]
        if not buffer:
            return
        columns = TABLES[name]
        decimals = [c for c, kind in columns if kind == "decimal"]
        for row in buffer:
            for column in decimals:
                row[column] = _fit_scale(row[column])
        table = self._pa.Table.from_pylist(buffer, schema=self._schemas[name])
        self._writers[name].write_table(table)
        buffer.clear()

    def close(self) -> None:
        for name, writer in self._writers.items():
            self._flush(name)
            writer.close()


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


class SqliteWriter(Writer):
    """Normalised tables with keys; resumable by input source and sha256."""

    def __init__(self, path: str | os.PathLike[str], *, commit_every: int = 200) -> None:
        self._db = sqlite3.connect(str(path))
        self._db.execute("PRAGMA foreign_keys = ON")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._create()
        self._commit_every = commit_every
        self._pending = 0

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
                                  if name in dict(REPORT_COLUMNS))},
                       {", ".join(f"i.{_q(name)}" for name, _ in INDICATOR_FIELDS)}
                FROM indicators i JOIN reports r ON r.id = i.report_id
                ORDER BY i.report_id, i.seq;
        """)

    def stored(self, source: str, sha256: str) -> bool:
        row = self._db.execute(
            "SELECT failures FROM inputs WHERE source = ? AND sha256 = ?", (source, sha256)
        ).fetchone()
        return row is not None and row[0] == 0

    def write(self, record: Record) -> None:
        self.write_group(record["source"], record.get("sha256"), [record])

    def write_group(self, source: str, sha256: str | None, records: Iterable[Record]) -> None:
        records = list(records)
        db = self._db
        # A failed or unread input from an earlier run is replaced, not duplicated.
        if sha256 is None:
            db.execute("DELETE FROM inputs WHERE source = ? AND sha256 IS NULL", (source,))
        else:
            db.execute("DELETE FROM inputs WHERE source = ? AND sha256 = ?", (source, sha256))
        failures = sum(1 for r in records if "error" in r)
        input_id = db.execute(
            "INSERT INTO inputs (source, sha256, records, failures) VALUES (?, ?, ?, ?)",
            (source, sha256, len(records), failures)).lastrowid
        for record in records:
            self._insert(input_id, record)
        self._pending += 1
        if self._pending >= self._commit_every:
            db.commit()
            self._pending = 0

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
        self._db.commit()
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
            return JsonlWriter(stream or sys.stdout, owned=False)
        return JsonlWriter(open(path, "w", encoding="utf-8", newline="\n"), owned=True)
    if fmt is OutputFormat.CSV:
        if path is None:
            return CsvWriter({"indicators": stream or sys.stdout}, owned=False)
        return CsvWriter({name: open(p, "w", encoding="utf-8", newline="")
                          for name, p in companion_paths(path).items()}, owned=True)
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
