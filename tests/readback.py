"""Read a batch's output back, whatever its format, for tests that compare runs.

``outcomes(out)`` gives one ``(source, error type or None)`` per record, in the order written;
``contents(out)`` gives everything the output holds in a form two runs can be compared by
(file bytes for JSON Lines and CSV, table rows for Parquet, table rows without their row ids
for SQLite), so an interrupted-and-resumed run can be checked against an uninterrupted one.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

from govreport_nlp.deliver.outputs import companion_paths, format_for


def outcomes(out: Path) -> list[tuple[str, str | None]]:
    """(source, error type or None) for each record of the output, in order."""
    fmt = str(format_for(out))
    if fmt == "jsonl":
        records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
        return [(r["source"], (r.get("error") or {}).get("type")) for r in records]
    if fmt == "csv":
        with open(companion_paths(out)["reports"], encoding="utf-8", newline="") as handle:
            return [(row["source"], row["error_type"] or None) for row in csv.DictReader(handle)]
    if fmt == "parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(companion_paths(out)["reports"]).to_pylist()
        return [(row["source"], row["error_type"]) for row in table]
    with sqlite3.connect(out) as db:
        return list(db.execute("SELECT source, error_type FROM reports ORDER BY id"))


def contents(out: Path) -> Any:
    """Everything the output holds, comparable between runs."""
    fmt = str(format_for(out))
    if fmt == "jsonl":
        return out.read_bytes()
    if fmt == "csv":
        return {name: path.read_bytes() for name, path in companion_paths(out).items()}
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return {name: pq.read_table(path).to_pylist()
                for name, path in companion_paths(out).items()}
    return sqlite_rows(out)


# Columns that number rows as they were inserted: a resumed run numbers them differently.
_ROW_IDS = {"id", "input_id", "report_id", "section_id", "parent_id"}


def sqlite_rows(out: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Each table's rows without row ids, in a canonical order, plus how many there are of
    each table (a duplicated row would show)."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    with sqlite3.connect(out) as db:
        names = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for name in names:
            columns = [r[1] for r in db.execute(f'PRAGMA table_info("{name}")')
                       if r[1] not in _ROW_IDS]
            quoted = ", ".join(f'"{column}"' for column in columns)
            rows = db.execute(f'SELECT {quoted} FROM "{name}"')
            tables[name] = sorted(rows, key=repr)
    return tables


def integrity(out: Path) -> str:
    with sqlite3.connect(out) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])
