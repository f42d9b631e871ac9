"""One loader for the vocabulary files in ``govreport_nlp/data``.

Every vocabulary (units, hedges, heading patterns, section keys, template keys, phrase
tables, the jieba user dictionary) is a tab-separated file with ``#`` comment lines that say
where its columns come from, then one header row.  Tables are read once and cached; a row with
the wrong number of fields raises :class:`~govreport_nlp.errors.DataFileError` naming
``file:line`` so a bad edit is found at once.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from .errors import DataFileError

__all__ = ["data_text", "load_table", "load_column"]

Row = dict[str, str]


@cache
def data_text(name: str) -> str:
    """Return the raw text of data file ``name`` (UTF-8)."""
    return resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")


@cache
def load_table(name: str) -> tuple[Row, ...]:
    """Read ``data/<name>`` as a table of rows keyed by the header.

    Empty trailing fields may be omitted; a row with *more* fields than the header, or a
    missing required first field, is an error.

    >>> rows = load_table("hedges.tsv")
    >>> any(r["word"] == "近" for r in rows)
    True
    """
    header: list[str] | None = None
    rows: list[Row] = []
    for lineno, raw in enumerate(data_text(name).splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        fields = raw.split("\t")
        if header is None:
            header = fields
            continue
        if len(fields) > len(header) or not fields[0]:
            raise DataFileError(
                f"{name}:{lineno}: expected at most {len(header)} fields "
                f"({', '.join(header)}), got {len(fields)}: {raw!r}"
            )
        fields += [""] * (len(header) - len(fields))
        rows.append(dict(zip(header, fields, strict=True)))
    if header is None:
        raise DataFileError(f"{name}: no header row")
    return tuple(rows)


@cache
def load_column(name: str, column: str) -> tuple[str, ...]:
    """One column of a data table, in file order, duplicates removed."""
    seen: dict[str, None] = {}
    for row in load_table(name):
        if column not in row:
            raise DataFileError(f"{name}: no column {column!r}")
        seen.setdefault(row[column], None)
    return tuple(seen)
