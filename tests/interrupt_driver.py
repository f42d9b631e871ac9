"""Run ``govreport parse`` and stop at a chosen point of the writing, for kill-and-resume tests.

``python tests/interrupt_driver.py ARGS...`` runs ``govreport ARGS...`` with one hook
installed from the environment: ``GOVREPORT_TEST_PAUSE=POINT:N`` pauses the batch's process
the ``N``-th time it reaches ``POINT``, after writing its worker processes' ids to the file
``GOVREPORT_TEST_MARKER``; the test then sends the signal it wants (SIGINT to the process
group, as Ctrl-C does, or SIGKILL) while the process sits exactly there.  Points:

* ``between``: an input's records arrived, nothing of them written yet;
* ``before-ledger``: its records written and flushed, its ledger line not yet;
* ``torn-ledger``: half of its ledger line written and flushed;
* ``torn-record``: half of its records' text written and flushed (JSON Lines, CSV);
* ``mid-transaction``: SQLite, half of one report's indicator rows inserted, uncommitted.

The pause is bounded (:data:`PAUSE_LIMIT`), so a test that fails to signal does not hang.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

from govreport_nlp import cli
from govreport_nlp.deliver import ledger, outputs

PAUSE_LIMIT = 120.0  # seconds


def _pause() -> None:
    marker = os.environ["GOVREPORT_TEST_MARKER"]
    workers = [p.pid for p in multiprocessing.active_children()]
    with open(marker + ".tmp", "w") as handle:
        json.dump({"pid": os.getpid(), "workers": workers}, handle)
    os.replace(marker + ".tmp", marker)
    deadline = time.monotonic() + PAUSE_LIMIT
    while time.monotonic() < deadline:
        time.sleep(0.05)
    sys.exit("interrupt_driver: no signal came")


class _Counter:
    def __init__(self, point: str, n: int) -> None:
        self.point, self.n, self.seen = point, n, 0
        self.armed = False  # torn-record: the cut text is written, pause at its ledger line

    def reached(self, point: str) -> bool:
        if point != self.point:
            return False
        self.seen += 1
        return self.seen == self.n


def _install(point: str, n: int) -> None:
    counter = _Counter(point, n)
    real_record = ledger.Ledger.record

    def record(self: Any, source: str, sha256: str | None, sizes: Any = None, *,
               line: bytes | None = None) -> None:
        if counter.armed or counter.reached("before-ledger"):
            _pause()
        if counter.reached("torn-ledger"):
            whole = line if line is not None else ledger.entry_line(source, sha256, sizes=sizes)
            self._handle.write(whole[: len(whole) // 2])
            self._handle.flush()
            _pause()
        real_record(self, source, sha256, sizes, line=line)

    ledger.Ledger.record = record  # type: ignore[method-assign]

    for cls in (outputs.JsonlWriter, outputs.CsvWriter):
        _cut_encode(cls, counter)

    for cls in (outputs.JsonlWriter, outputs.CsvWriter, outputs.ParquetWriter,
                outputs.SqliteWriter):
        real_group = cls.write_group

        def write_group(self: Any, *args: Any, _real: Callable[..., Any] = real_group,
                        **kwargs: Any) -> Any:
            if counter.reached("between"):
                _pause()
            return _real(self, *args, **kwargs)

        cls.write_group = write_group  # type: ignore[method-assign]

    real_rows = outputs.indicator_rows

    def indicator_rows(record: Any) -> Iterator[Any]:
        rows = list(real_rows(record))
        if len(rows) >= 2 and counter.reached("mid-transaction"):
            yield from rows[: len(rows) // 2]
            _pause()
        yield from rows

    outputs.indicator_rows = indicator_rows  # type: ignore[assignment]


def _cut_encode(cls: Any, counter: _Counter) -> None:
    real_encode = cls.encode

    def encode(self: Any, records: list[Any]) -> dict[str, str]:
        texts = real_encode(self, records)
        if counter.reached("torn-record"):
            counter.armed = True
            first = next(iter(texts))
            texts = {name: (text[: len(text) // 2] if name == first else "")
                     for name, text in texts.items()}
        return texts

    cls.encode = encode


def main(argv: list[str]) -> int:
    hook = os.environ.get("GOVREPORT_TEST_PAUSE")
    if hook:
        point, n = hook.rsplit(":", 1)
        _install(point, int(n))
    return cli.main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
