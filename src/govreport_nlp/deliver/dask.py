"""Scale out on Dask: a bag of output records, a DataFrame of indicators.

Inputs are planned on the client: folders are listed (not read), plain files become tasks that
their worker reads itself (so workers must see the same paths: a shared or local file system),
and archives or standard input are unpacked on the client (with the limits of
:mod:`govreport_nlp.read.sources`) and their members shipped in the task graph.  Partitions keep the
input order, so ``to_bag(paths).compute()`` equals the single-process
``list(parse_records(paths))``.  For a batch on a running cluster from the shell use
``govreport parse --dask ADDRESS``, which streams with bounded memory instead.

Needs the extra ``dask`` (``dask[dataframe,distributed]``).

>>> bag = to_bag([("洪泽.txt", "全年受理政府信息公开申请95件。".encode())])
>>> records = bag.compute(scheduler="sync")
>>> [(r["source"], [i["text"] for i in r["indicators"]]) for r in records]
[('洪泽.txt', ['95件'])]
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .._extras import require
from ..models import ErrorRecord
from ..read.sources import Blob, Input, Limits, iter_inputs, read_input
from .batch import (
    IN_FLIGHT_PER_WORKER,
    Group,
    Record,
    Task,
    in_order,
    plan_tasks,
    regroup,
    run_chunk,
)
from .frames import INDICATOR_COLUMNS, frame, indicator_rows

__all__ = ["DEFAULT_PARTITION", "cluster_runner", "to_bag", "to_dataframe"]

# Inputs per partition: a few seconds of work per task keeps scheduling overhead small.
DEFAULT_PARTITION = 8

# One planned unit of work: a file for the worker to read, a blob already read, or an error.
Unit = Input | Blob | ErrorRecord


def _plan(inputs: Iterable[Any], limits: Limits) -> Iterator[Unit]:
    for item in inputs:
        if isinstance(item, tuple):  # (name, bytes)
            yield from read_input(item, limits)
            continue
        for unit in iter_inputs([item]):
            if isinstance(unit, Input) and (unit.path is None or unit.is_archive):
                yield from read_input(unit, limits)
            else:
                yield unit


def _partitions(inputs: Iterable[Any], limits: Limits, size: int) -> Iterator[list[Unit]]:
    part: list[Unit] = []
    for unit in _plan(inputs, limits):
        part.append(unit)
        if len(part) >= size:
            yield part
            part = []
    if part:
        yield part


def _records(units: list[Unit], include_text: bool, limits: Limits) -> list[Record]:
    """Worker side: read the files of one partition and parse everything in it."""
    chunk: list[Blob | ErrorRecord] = []
    for unit in units:
        if isinstance(unit, Input):
            chunk.extend(read_input(unit, limits))
        else:
            chunk.append(unit)
    groups = regroup(run_chunk(list(plan_tasks(chunk, None)), True, include_text))
    return [record for group in groups for record in group.records]


def _indicator_frame(records: list[Record]) -> Any:
    return frame(INDICATOR_COLUMNS, [row for r in records for row in indicator_rows(r)])


def _delayed_partitions(inputs: Iterable[Any] | str | os.PathLike[str], *,
                        include_text: bool, limits: Limits | None,
                        partition_size: int) -> list[Any]:
    dask = require("dask", extra="dask", purpose="Parsing on Dask")
    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    limits = limits or Limits()
    return [dask.delayed(_records, pure=True)(part, include_text, limits)
            for part in _partitions(inputs, limits, max(1, partition_size))]


def to_bag(inputs: Iterable[Any] | str | os.PathLike[str], *, include_text: bool = False,
           limits: Limits | None = None, partition_size: int = DEFAULT_PARTITION) -> Any:
    """A Dask bag of output-contract records (dicts), one per document, in input order.

    ``inputs``: a path (file, folder, archive), a list of them, or ``(name, bytes)`` pairs.
    """
    bag = require("dask.bag", extra="dask", purpose="Parsing on Dask", package="dask")
    parts = _delayed_partitions(inputs, include_text=include_text, limits=limits,
                                partition_size=partition_size)
    if not parts:
        return bag.from_sequence([], npartitions=1)
    return bag.from_delayed(parts)


def to_dataframe(inputs: Iterable[Any] | str | os.PathLike[str], *,
                 limits: Limits | None = None,
                 partition_size: int = DEFAULT_PARTITION) -> Any:
    """A Dask DataFrame of indicators: the columns of
    ``govreport_nlp.to_dataframe(...)``, one row per figure."""
    dask = require("dask", extra="dask", purpose="Parsing on Dask")
    dd = require("dask.dataframe", extra="dask", purpose="Parsing on Dask", package="dask")
    meta = frame(INDICATOR_COLUMNS, [])
    parts = [dask.delayed(_indicator_frame, pure=True)(p) for p in
             _delayed_partitions(inputs, include_text=False, limits=limits,
                                 partition_size=partition_size)]
    # Dask would turn object columns into Arrow strings, ``value`` (exact int/Decimal) too.
    with dask.config.set({"dataframe.convert-string": False}):
        if not parts:
            return dd.from_pandas(meta, npartitions=1)
        return dd.from_delayed(parts, meta=meta, verify_meta=False)


def cluster_runner(address: Any) -> Callable[[Iterator[list[Task]], bool, bool, bool],
                                              Iterator[Group]]:
    """A runner for :func:`govreport_nlp.deliver.batch.iter_groups` that sends each chunk to
    a Dask cluster (an address or a ``distributed.Client``), results in chunk order, a few
    chunks per worker thread in flight (``govreport parse --dask ADDRESS``)."""
    distributed = require("distributed", extra="dask", purpose="Running on a Dask cluster")

    def run(chunks: Iterator[list[Task]], as_dicts: bool, include_text: bool,
            encode_jsonl: bool) -> Iterator[Group]:
        own_client = not isinstance(address, distributed.Client)
        client = distributed.Client(address) if own_client else address
        try:
            workers = max(1, sum(client.nthreads().values()))

            def submit(chunk: list[Task]) -> Callable[[], list[Group]]:
                future = client.submit(run_chunk, chunk, as_dicts, include_text, encode_jsonl,
                                       pure=False)
                return future.result

            yield from in_order(submit, chunks, workers * IN_FLIGHT_PER_WORKER)
        finally:
            if own_client:
                client.close()

    return run
