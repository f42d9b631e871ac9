"""The completed-inputs ledger that makes a file output resumable after Ctrl-C or SIGKILL.

Beside an output ``OUT`` the writer keeps ``OUT.resume``, one JSON line per input whose
records are all written: its source and sha256, and the size each output file had right after
them.  The order of writes is what makes a kill at any point harmless:

1. the input's records are written to the output files and flushed (to the operating system,
   which keeps them whatever happens to this process);
2. then its ledger line is written and flushed.

A rerun reads the whole lines of the ledger (a line cut by the kill is dropped), truncates each
output file to the sizes of the last whole line — so a record written after it, or cut in the
middle, is dropped too — appends from there, and skips the inputs the ledger lists.  Nothing
is duplicated and nothing is half-written.  When the run completes, the ledger is removed: a
later run into the same output starts afresh, as it always did.

A format that cannot be appended to (Parquet: its footer comes last) keeps each input's records
in the ledger line itself (``records``), with exact decimals, and builds its files from the
ledger when the run completes, under temporary names renamed into place.

>>> import tempfile
>>> out = Path(tempfile.mkdtemp()) / "out.jsonl"
>>> ledger = Ledger.start(out, {"out.jsonl": 0})
>>> ledger.record("本溪.txt", "ab12", {"out.jsonl": 120})
>>> ledger.close(complete=False)
>>> resumed = Ledger.resume(out)
>>> sorted(resumed.done), resumed.sizes
([('本溪.txt', 'ab12')], {'out.jsonl': 120})
>>> resumed.ledger.close(complete=True)
>>> Ledger.resume(out) is None
True
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from ..errors import OutputError

__all__ = ["RESUME_SUFFIX", "Ledger", "Resumed", "ledger_path"]

RESUME_SUFFIX = ".resume"
_DECIMAL_TAG = "$decimal"  # how a ledger line keeps a Decimal exact


def ledger_path(output: str | os.PathLike[str]) -> Path:
    """Where the ledger of ``output`` lives.

    >>> ledger_path("runs/2024.csv").name
    '2024.csv.resume'
    """
    return Path(f"{os.fspath(output)}{RESUME_SUFFIX}")


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {_DECIMAL_TAG: str(value)}
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _decode(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and _DECIMAL_TAG in obj:
        return Decimal(obj[_DECIMAL_TAG])
    return obj


def entry_line(source: str, sha256: str | None, *, sizes: Mapping[str, int] | None = None,
               records: list[Any] | None = None) -> bytes:
    """One ledger line (with its newline): raises when a record cannot be encoded, before
    anything is written."""
    entry: dict[str, Any] = {"source": source, "sha256": sha256}
    if sizes is not None:
        entry["sizes"] = dict(sizes)
    if records is not None:
        entry["records"] = records
    return (json.dumps(entry, ensure_ascii=False, default=_encode) + "\n").encode("utf-8")


@dataclass(slots=True)
class Resumed:
    """What an interrupted run left: its ledger (open for appending), the inputs it completed,
    and the file sizes after the last of them."""

    ledger: Ledger
    done: set[tuple[str, str | None]]
    sizes: dict[str, int]


class Ledger:
    """An output's ledger file, appended to one whole line at a time."""

    def __init__(self, path: Path, handle: IO[bytes]) -> None:
        self.path = path
        self._handle = handle

    @classmethod
    def start(cls, output: str | os.PathLike[str], sizes: Mapping[str, int]) -> Ledger:
        """A new ledger for a fresh output whose files have ``sizes`` (their headers)."""
        path = ledger_path(output)
        handle = open(path, "wb")
        handle.write(entry_line("", None, sizes=sizes))  # the start line: sizes of headers
        handle.flush()
        return cls(path, handle)

    @classmethod
    def resume(cls, output: str | os.PathLike[str]) -> Resumed | None:
        """The state an interrupted run left, or None when there is none to resume (no
        ledger, or one cut before its start line)."""
        path = ledger_path(output)
        try:
            handle = open(path, "r+b")
        except FileNotFoundError:
            return None
        done: set[tuple[str, str | None]] = set()
        sizes: dict[str, int] | None = None
        whole = 0  # bytes of the ledger up to its last whole line
        for number, (line, end) in enumerate(_whole_lines(handle)):
            entry = _parse_line(path, number, line)
            if number > 0:
                done.add((entry["source"], entry["sha256"]))
            sizes = entry.get("sizes", sizes)
            whole = end
        if sizes is None and whole == 0:
            handle.close()
            return None
        handle.truncate(whole)  # drop a line cut by the kill, so the next one starts clean
        handle.seek(whole)
        return Resumed(cls(path, handle), done, dict(sizes or {}))

    def entries(self) -> Iterator[dict[str, Any]]:
        """Every input's entry (the start line left out), reading the file afresh."""
        self._handle.flush()
        with open(self.path, "rb") as handle:
            for number, (line, _end) in enumerate(_whole_lines(handle)):
                if number > 0:
                    yield _parse_line(self.path, number, line)

    def record(self, source: str, sha256: str | None, sizes: Mapping[str, int] | None = None,
               *, line: bytes | None = None) -> None:
        """Append one input's entry (``line`` when already encoded) and flush it."""
        self._handle.write(line if line is not None else entry_line(source, sha256, sizes=sizes))
        self._handle.flush()

    def close(self, *, complete: bool) -> None:
        """Close; a complete run's ledger is removed (nothing is left to resume)."""
        self._handle.close()
        if complete:
            self.path.unlink(missing_ok=True)


def _whole_lines(handle: IO[bytes]) -> Iterator[tuple[bytes, int]]:
    """Each line ending in a newline, with the offset just past it; a cut last line is not."""
    offset = 0
    for line in handle:
        if not line.endswith(b"\n"):
            return
        offset += len(line)
        yield line, offset


def _parse_line(path: Path, number: int, line: bytes) -> dict[str, Any]:
    try:
        entry = json.loads(line, object_hook=_decode)
    except ValueError as exc:
        raise OutputError(f"{path}: line {number + 1} is damaged ({exc}); delete the file to "
                          "start the output afresh") from exc
    if not isinstance(entry, dict) or "source" not in entry:
        raise OutputError(f"{path}: line {number + 1} is not a ledger entry; delete the file "
                          "to start the output afresh")
    return entry
