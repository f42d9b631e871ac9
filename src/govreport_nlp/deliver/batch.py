"""Parse many inputs: in order, in parallel, one record per document, memory flat.

Inputs are walked by :mod:`govreport_nlp.read.sources` in the parent process (cheap: reading and
unpacking; containers with one report per row, such as a CSV, are split into their rows here)
and parsed in worker processes (expensive: everything else).  Work is sent in small
chunks and at most a few chunks per worker are in flight, so memory stays flat however large the
archive, and results come back in input order whatever order the workers finish in.

Every input gives at least one record: a :class:`~govreport_nlp.models.Report` per document it
holds, or an :class:`~govreport_nlp.models.ErrorRecord` when it cannot be read or parsed.  One
bad file never stops the batch, not even one that kills its worker process (it gets a
``WorkerCrashError`` record and the pool is restarted).

>>> records = list(parse_many([("洪泽.txt", "全年受理政府信息公开申请95件。".encode())]))
>>> [(r.source, [i.text for i in r.indicators]) for r in records]
[('洪泽.txt', ['95件'])]
>>> list(parse_many([]))
[]
"""

from __future__ import annotations

import gc
import hashlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, BinaryIO, TypeVar

from ..errors import DocumentTimeoutError, GovReportError, LoadError, OutputError
from ..models import Document, ErrorRecord, Report
from ..read.sources import ARCHIVE_SEPARATOR, Blob, Limits, iter_sources

__all__ = [
    "record_notices",
    "Group",
    "default_jobs",
    "iter_groups",
    "parse_blob",
    "parse_many",
    "parse_records",
    "record_counts",
]

logger = logging.getLogger(__name__)

Record = dict[str, Any]
Item = Report | ErrorRecord
T = TypeVar("T")

# Containers of one report per row, split into rows in the parent (load.py's container formats).
CONTAINER_FORMATS = frozenset({"csv", "dta", "jsonl"})
CONTAINER_SNIFF_BYTES = 64 * 1024  # enough for sniff_format's look at the head
WARM_UP_TEXT = "二、主动公开政府信息情况\n全年受理政府信息公开申请95件，同比增长12.5%。"
# Blobs per task, by default: CHUNK_BYTES of input, at most MAX_CHUNK blobs.  A full report
# (or a PDF) takes a few hundredths of a second or more, far above the cost of one send, and
# goes alone: a batch's last tasks are then short, so no worker finishes long after the other.
# A page-long report takes a few ms, so small documents go many to a task (sending, queueing
# and the result's round trip then cost little beside parsing), and a task stays short enough
# that the work in flight, and the retries after a worker dies, stay small.
CHUNK_BYTES = 64 * 1024
MAX_CHUNK = 32
# Chunks queued per worker: enough work queued that the workers do not wait while the parent
# reads a slow input (a Stata file has pandas imported first); memory stays bounded (at most
# this many chunks of CHUNK_BYTES of input, and their results, per worker).
IN_FLIGHT_PER_WORKER = 8
# Seconds a worker gets to stop on its own at the end of a batch before it is killed.
CLOSE_TIMEOUT = 10.0
# Seconds one document may take to load and parse by default (``--timeout``): a long
# report takes well under a second, a 64 MB single-line text a few minutes, so only a
# runaway document meets it.
DEFAULT_TIMEOUT = 600.0
# Once over its budget, a document is interrupted again this often until it stops (code that
# catches every exception could swallow the first interruption).
TIMEOUT_REPEAT = 1.0


@dataclass(frozen=True, slots=True)
class Group:
    """What one input blob gave: the blob's own source and digest, and its records (several
    for a container such as a CSV of reports).  ``sha256`` is None when nothing was read."""

    source: str
    sha256: str | None
    records: list[Any]
    seq: int = -1  # position of the input blob in the batch


# Runs chunks of tasks somewhere (arguments: chunks, as_dicts, include_text, encode_jsonl) and
# yields their groups in chunk order.
Runner = Callable[[Iterator[list["Task"]], bool, bool, bool], Iterator["Group"]]


def _error_from(source: str, sha256: str | None, exc: BaseException) -> ErrorRecord:
    return ErrorRecord(source=source, sha256=sha256, type=type(exc).__name__, message=str(exc))


def _load(blob: Blob, sha256: str) -> list[Document] | ErrorRecord:
    from ..read.load import load_all

    try:
        documents = load_all(blob.data, name=blob.source)
    except GovReportError as exc:
        return _error_from(blob.source, sha256, exc)
    except Exception as exc:  # the batch boundary: see parse_blob
        logger.debug("loading %s failed", blob.source, exc_info=True)
        return _error_from(blob.source, sha256, exc)
    if not documents:
        return _error_from(blob.source, sha256, LoadError(f"{blob.source}: contains no documents"))
    return documents


def _parse(document: Document) -> Item:
    from ..pipeline import parse_document

    try:
        return parse_document(document)
    except Exception as exc:  # the batch boundary: see parse_blob
        logger.debug("parsing %s failed", document.source, exc_info=True)
        return _error_from(document.source, document.sha256, exc)


def parse_blob(blob: Blob, timeout: float | None = None) -> list[Item]:
    """Load every document in ``blob`` and parse each; failures become error records.

    Unexpected exceptions are caught here too, on purpose: this is the batch boundary, and
    the error record keeps the exception's class name and message, so a bug in one stage
    shows up as data for that one document instead of ending the run.  ``timeout`` bounds
    the seconds loading takes and then each document's parse (see :func:`time_budget`).
    """
    sha256 = hashlib.sha256(blob.data).hexdigest()
    try:
        with time_budget(timeout, blob.source):
            loaded = _load(blob, sha256)
    except DocumentTimeoutError as exc:
        return [_error_from(blob.source, sha256, exc)]
    if isinstance(loaded, ErrorRecord):
        return [loaded]
    return [_parse_within(document, timeout) for document in loaded]


def _parse_within(document: Document, timeout: float | None) -> Item:
    try:
        with time_budget(timeout, document.source):
            return _parse(document)
    except DocumentTimeoutError as exc:
        return _error_from(document.source, document.sha256, exc)


@contextmanager
def time_budget(seconds: float | None, source: str) -> Iterator[None]:
    """Interrupt the block with :class:`DocumentTimeoutError` after ``seconds`` of wall time.

    A timer signal interrupts Python code and the ``regex`` engine (which checks for signals
    while it matches), so a runaway pattern or loop on one document ends as that document's
    error record.  Signals reach the main thread only: elsewhere (a Dask worker's thread),
    and where there is no interval timer, the block runs unbounded.
    """
    if (not seconds or seconds <= 0 or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise DocumentTimeoutError(f"{source}: not done after the time budget of {seconds:g} s "
                                   "per document (--timeout)")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds, TIMEOUT_REPEAT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True, slots=True)
class Task:
    """One unit of work: a blob to load and parse, a document already loaded (a row of a
    container), or an error record passing through.  ``seq`` numbers the input blob, so the
    parent can regroup the rows of one container."""

    seq: int
    source: str
    sha256: str | None
    item: Blob | Document | ErrorRecord
    timeout: float | None = None  # seconds per document (time_budget)


def plan_tasks(blobs: Iterable[Blob | ErrorRecord],
               skip: Callable[[str, str | None], bool] | None,
               timeout: float | None = None) -> Iterator[Task]:
    """Tasks in input order.  Containers (CSV, JSON Lines, Stata: one report per row) are
    split here, in the parent, so their rows spread over the workers like files do.
    ``skip(source, sha256)`` is asked about every input, refused ones included (their
    sha256 is None), so a resumed run writes none twice."""
    for task in _plan(blobs, skip, timeout):
        yield replace(task, timeout=timeout) if timeout else task


def _plan(blobs: Iterable[Blob | ErrorRecord],
          skip: Callable[[str, str | None], bool] | None,
          timeout: float | None) -> Iterator[Task]:
    for seq, blob in enumerate(blobs):
        if isinstance(blob, ErrorRecord):
            if skip is None or not skip(blob.source, blob.sha256):
                yield Task(seq, blob.source, blob.sha256, blob)
            continue
        sha256 = hashlib.sha256(blob.data).hexdigest()
        if skip is not None and skip(blob.source, sha256):
            continue
        if not _is_container(blob):
            yield Task(seq, blob.source, sha256, blob)
            continue
        try:
            with time_budget(timeout, blob.source):
                loaded = _load(blob, sha256)
        except DocumentTimeoutError as exc:
            loaded = _error_from(blob.source, sha256, exc)
        if isinstance(loaded, ErrorRecord):
            yield Task(seq, blob.source, sha256, loaded)
            continue
        for document in loaded:
            yield Task(seq, blob.source, sha256, document)


def _is_container(blob: Blob) -> bool:
    from ..read.load import sniff_format

    try:
        fmt = sniff_format(blob.data[:CONTAINER_SNIFF_BYTES], hint=_suffix(blob.source),
                           source=blob.source)
    except Exception:  # the batch boundary, in the parent: the worker reports it
        logger.debug("sniffing %s failed", blob.source, exc_info=True)
        return False
    return fmt in CONTAINER_FORMATS


def _suffix(source: str) -> str:
    name = source.rsplit(ARCHIVE_SEPARATOR, 1)[-1].rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def run_chunk(chunk: list[Task], as_dicts: bool, include_text: bool,
          encode_jsonl: bool = False) -> list[Group]:
    """Worker task: parse a chunk of tasks into one group per task."""
    groups: list[Group] = []
    for task in chunk:
        if isinstance(task.item, ErrorRecord):
            items: list[Item] = [task.item]
        elif isinstance(task.item, Blob):
            items = parse_blob(task.item, task.timeout)
        else:
            items = [_parse_within(task.item, task.timeout)]
        records: list[Any] = items
        if as_dicts or encode_jsonl:
            records = [_serialised(item, include_text, encode_jsonl) for item in items]
        groups.append(Group(task.source, task.sha256, records, task.seq))
    return groups


def _serialised(item: Item, include_text: bool, encode_jsonl: bool) -> Any:
    """``item`` as an output dict (or encoded line); a record that cannot be serialised
    (a value too long for ``int``'s string conversion) is replaced by its error record,
    inside the boundary, so no writer meets it."""
    try:
        record = item.to_dict(include_text=include_text)
        return _encoded(record) if encode_jsonl else record
    except Exception as exc:  # the batch boundary: see parse_blob
        logger.debug("serialising %s failed", item.source, exc_info=True)
        error = _error_from(item.source, item.sha256, OutputError(
            f"{item.source}: its record cannot be written ({type(exc).__name__}: {exc})"
        )).to_dict()
        return _encoded(error) if encode_jsonl else error


def _encoded(record: Record) -> Any:
    from .outputs import EncodedRecord, jsonl_line

    return EncodedRecord(jsonl_line(record), str(record.get("source", "?")),
                         record_counts(record), record.get("error"), record_notices(record))


def regroup(groups: Iterable[Group]) -> Iterator[Group]:
    """Merge consecutive groups of the same input blob (the rows of a split container)."""
    current: Group | None = None
    for group in groups:
        if current is not None and group.seq == current.seq:
            current.records.extend(group.records)
            continue
        if current is not None:
            yield current
        current = group
    if current is not None:
        yield current


def _warm_up() -> None:
    """Load dictionaries and compile patterns once per worker, before the first real task."""
    try:
        parse_blob(Blob("<warm-up>", WARM_UP_TEXT.encode()), timeout=None)
    except Exception:  # pragma: no cover - a broken stage will show on the real inputs
        logger.debug("warm-up failed", exc_info=True)


def _start_worker() -> None:
    """Worker initializer: leave Ctrl-C to the batch process, end with it, warm up, then
    take what exists now out of the collector's walks.

    The dictionary, the compiled patterns and, in a forked worker, everything inherited from
    the parent live as long as the worker.  A collection walks every object it tracks and
    writes to each, and a page inherited from the parent is copied when written to, so
    walking them costs time and memory for nothing (``gc.freeze``; the parent is untouched).
    """
    # Ctrl-C at a terminal reaches the whole process group: the batch process handles it
    # (it stops taking results, keeps what is written whole and stops the workers); a worker
    # interrupted in its task loop would only print a traceback over that message
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    _warm_up()
    gc.freeze()


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _exit_with_parent() -> None:
    """Make this worker end when the batch's process dies, even by SIGKILL (which runs no
    clean-up): otherwise it waits on its task pipe forever, holding its memory.

    On Linux the kernel sends SIGKILL when the parent goes (``prctl(PR_SET_PDEATHSIG)``);
    everywhere, a daemon thread waits on the parent's sentinel and exits the worker.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # pragma: no cover - no prctl in this libc
            pass
    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:  # pragma: no cover - not a pool worker
        return
    sentinel = parent.sentinel

    def watch() -> None:
        multiprocessing.connection.wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="govreport-parent-watch", daemon=True).start()


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _task_chunks(tasks: Iterable[Task], size: int | None) -> Iterator[list[Task]]:
    """Tasks grouped for sending: ``size`` to a group when given, else by the defaults above
    (CHUNK_BYTES of input, at most MAX_CHUNK tasks)."""
    if size is not None:
        yield from _chunks(tasks, max(1, size))
        return
    chunk: list[Task] = []
    held = 0
    for task in tasks:
        chunk.append(task)
        held += _input_size(task.item)
        if len(chunk) >= MAX_CHUNK or held >= CHUNK_BYTES:
            yield chunk
            chunk, held = [], 0
    if chunk:
        yield chunk


def _input_size(item: Blob | Document | ErrorRecord) -> int:
    if isinstance(item, Blob):
        return len(item.data)
    if isinstance(item, Document):
        return len(item.text)
    return 0


def in_order(submit: Callable[[list[Any]], Callable[[], list[Group]]],
             chunks: Iterable[list[Any]], window: int) -> Iterator[Group]:
    """Submit chunks keeping at most ``window`` in flight; yield results in submission order.

    (``Pool.imap`` would keep the order but its feeder thread reads the whole input ahead,
    so memory would grow with the archive; ``Executor.map`` submits everything at once.)
    """
    pending: deque[Callable[[], list[Group]]] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield from pending.popleft()()
    while pending:
        yield from pending.popleft()()


WORKER_CRASH = "WorkerCrashError"  # error type of a document whose worker process died


class _ResilientPool:
    """A process pool that outlives its workers.

    A worker can die without an exception to catch: killed by the kernel for memory, or a
    crash inside a native library on a hostile PDF.  Then every chunk in flight is retried
    one task at a time in a fresh pool, and a task that kills its worker again gets a
    ``WorkerCrashError`` record, so the rest of the batch goes on.
    """

    def __init__(self, jobs: int, *, as_dicts: bool, include_text: bool,
                 encode_jsonl: bool = False) -> None:
        self._jobs = jobs
        self._as_dicts = as_dicts
        self._include_text = include_text
        self._encode_jsonl = encode_jsonl
        self._generation = 0
        self._executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        # _warm_up also runs in each worker: a no-op cost for a warm fork, the dictionary
        # load for a fresh one (see _start_worker).
        return ProcessPoolExecutor(self._jobs, mp_context=_pool_context(),
                                   initializer=_start_worker)

    def _restart(self, generation: int) -> None:
        if generation != self._generation:
            return  # already replaced after the same crash
        # The survivors of a broken pool are stopped, not left to finish: a worker killed
        # while reading the task queue takes the queue's lock with it, and the others would
        # wait for that lock forever (and the interpreter's exit would wait for them).
        self._kill(self._processes())
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._executor = self._new_executor()
        self._generation += 1

    def _send(self, chunk: list[Task]) -> tuple[int, Future[list[Group]]]:
        """Submit ``chunk``; a pool found broken at submission (a worker died while earlier
        chunks ran) is replaced first, so the chunk goes to live workers."""
        generation = self._generation
        try:
            return generation, self._executor.submit(
                run_chunk, chunk, self._as_dicts, self._include_text, self._encode_jsonl)
        except BrokenProcessPool:
            self._restart(generation)
            return self._generation, self._executor.submit(
                run_chunk, chunk, self._as_dicts, self._include_text, self._encode_jsonl)

    def submit(self, chunk: list[Task]) -> Callable[[], list[Group]]:
        generation, future = self._send(chunk)

        def result() -> list[Group]:
            try:
                return future.result()
            except BrokenProcessPool:
                logger.warning("a worker process died; retrying its tasks one by one")
                self._restart(generation)
                return self._one_by_one(chunk)

        return result

    def _one_by_one(self, chunk: list[Task]) -> list[Group]:
        groups: list[Group] = []
        for task in chunk:
            generation, future = self._send([task])
            try:
                groups.extend(future.result())
            except BrokenProcessPool:
                self._restart(generation)
                groups.append(self._crashed(task))
        return groups

    def _crashed(self, task: Task) -> Group:
        item = task.item
        source = item.source
        sha256 = item.sha256 if isinstance(item, Document | ErrorRecord) else task.sha256
        record = ErrorRecord(source=source, sha256=sha256, type=WORKER_CRASH,
                             message=f"{source}: the worker process died while parsing it "
                             "(killed for memory, or crashed in a native library)")
        logger.warning("%s", record.message)
        out: Any = record
        if self._as_dicts or self._encode_jsonl:
            out = _encoded(record.to_dict()) if self._encode_jsonl else record.to_dict()
        return Group(task.source, task.sha256, [out], task.seq)

    def close(self) -> None:
        """Stop the workers.  All results are in by now, so a worker that does not stop on
        its own is stopped: when one was killed while it held the task queue's lock (idle,
        waiting for a task, so that no result was lost and the pool never broke), the
        others wait for that lock forever."""
        processes = self._processes()
        self._executor.shutdown(wait=False, cancel_futures=True)
        if any(p.exitcode is not None and p.exitcode < 0 for p in processes):
            self._kill(processes)  # one died by a signal: the queue's locks may be held
        for process in processes:
            process.join(timeout=CLOSE_TIMEOUT)
        self._kill(processes)
        self._executor.shutdown(wait=True)

    def _processes(self) -> list[multiprocessing.process.BaseProcess]:
        return list((getattr(self._executor, "_processes", None) or {}).values())

    @staticmethod
    def _kill(processes: list[multiprocessing.process.BaseProcess]) -> None:
        for process in processes:
            if process.is_alive():
                process.kill()
                process.join()


def _pool_context() -> multiprocessing.context.BaseContext:
    """How to start workers: forked from this process, warm, when that is safe; else fresh.

    A fresh worker builds jieba's dictionary itself (seconds of CPU, once per worker and
    again after every restart).  On Linux, a process that runs no other thread warms up here,
    once, and forks its workers, which start with the dictionary and compiled patterns in
    memory (shared copy-on-write).  With another thread running (a progress bar, a Dask
    client, a pool being replaced) forking is unsafe — the child inherits whatever locks
    those threads hold — so workers start from the forkserver (or spawn) and warm up
    themselves.  Elsewhere (macOS, Windows) "fork" is never used.
    """
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        _warm_up()
        return multiprocessing.get_context("fork")
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def iter_groups(inputs: Iterable[Any], *, jobs: int = 1, as_dicts: bool = False,
                include_text: bool = False, limits: Limits | None = None,
                skip: Callable[[str, str | None], bool] | None = None,
                chunk_size: int | None = None, runner: Runner | None = None,
                stdin: BinaryIO | None = None, encode_jsonl: bool = False,
                timeout: float | None = DEFAULT_TIMEOUT) -> Iterator[Group]:
    """Records grouped by input blob, in input order (the engine under :func:`parse_many`).

    ``skip(source, sha256)`` drops inputs already written (a resumed output: see
    :meth:`~govreport_nlp.deliver.outputs.Writer.stored`); ``timeout`` bounds the seconds
    one document may take (its error record says so; None: unbounded);
    ``runner`` runs the chunks somewhere else, such as a Dask cluster
    (:func:`govreport_nlp.deliver.dask.cluster_runner`); by default they run here or in
    ``jobs`` worker processes;
    ``chunk_size`` fixes the number of blobs sent to a worker at a time (default: by size,
    see ``CHUNK_BYTES``); ``encode_jsonl`` has the workers encode each record as a JSON Lines
    line (an :class:`~govreport_nlp.deliver.outputs.EncodedRecord`, which the JSON Lines writer
    writes as it is), so the parent neither rebuilds nor encodes the dicts.
    """
    if isinstance(inputs, str | os.PathLike | tuple):
        inputs = [inputs]  # one path (or one (name, bytes) pair), not an iterable of them
    tasks = plan_tasks(iter_sources(inputs, limits, stdin=stdin), skip, timeout)
    chunks = _task_chunks(tasks, chunk_size)
    if runner is not None:
        yield from regroup(runner(chunks, as_dicts, include_text, encode_jsonl))
        return
    yield from regroup(_run(chunks, jobs=jobs, as_dicts=as_dicts, include_text=include_text,
                            encode_jsonl=encode_jsonl))


def _run(chunks: Iterator[list[Task]], *, jobs: int, as_dicts: bool, include_text: bool,
         encode_jsonl: bool = False) -> Iterator[Group]:
    """Run chunks here or in a process pool; results in chunk order."""
    if jobs <= 1:
        for chunk in chunks:
            yield from run_chunk(chunk, as_dicts, include_text, encode_jsonl)
        return
    pool = _ResilientPool(jobs, as_dicts=as_dicts, include_text=include_text,
                          encode_jsonl=encode_jsonl)
    try:
        yield from in_order(pool.submit, chunks, jobs * IN_FLIGHT_PER_WORKER)
    finally:
        pool.close()


def parse_many(inputs: Iterable[Any], *, jobs: int = 1, limits: Limits | None = None,
               max_bytes: int | None = None, chunk_size: int | None = None
               ) -> Iterator[Item]:
    """Parse files, folders, archives (or ``(name, bytes)`` pairs): an iterator of reports
    and error records, one per document, in input order.

    ``jobs > 1`` parses in that many worker processes.  ``max_bytes`` is a shortcut for
    ``Limits(max_bytes=...)``: a larger document gets a ``FileTooLargeError`` record.
    """
    limits = _limits(limits, max_bytes)
    for group in iter_groups(inputs, jobs=jobs, limits=limits, chunk_size=chunk_size):
        yield from group.records


def parse_records(inputs: Iterable[Any], *, jobs: int = 1, include_text: bool = False,
                  limits: Limits | None = None, max_bytes: int | None = None,
                  chunk_size: int | None = None) -> Iterator[Record]:
    """Like :func:`parse_many` but yields output-contract dicts (``Report.to_dict``), built in
    the workers, which is cheaper to send between processes than the objects."""
    limits = _limits(limits, max_bytes)
    for group in iter_groups(inputs, jobs=jobs, as_dicts=True, include_text=include_text,
                             limits=limits, chunk_size=chunk_size):
        yield from group.records


def _limits(limits: Limits | None, max_bytes: int | None) -> Limits:
    limits = limits or Limits()
    if max_bytes is not None:
        limits = replace(limits, max_bytes=max_bytes)
    return limits


def record_counts(record: Record) -> tuple[int, int, int]:
    """(documents, indicators, failures) one output record adds to a summary.

    >>> record_counts({"source": "a.txt", "indicators": [{}, {}]})
    (1, 2, 0)
    >>> record_counts({"source": "b.txt", "sha256": None, "error": {"type": "DecodeError"}})
    (0, 0, 1)
    """
    if "error" in record:
        return 0, 0, 1
    return 1, len(record.get("indicators", ())), 0


def record_notices(record: Record) -> tuple[str, ...]:
    """The warnings of a record that a run's summary prints: a document that gave nothing to
    read (empty, or no Chinese in it).

    >>> record_notices({"source": "a.txt", "warnings": ["empty document: the input holds no text"]})
    ('empty document: the input holds no text',)
    >>> record_notices({"source": "b.txt", "warnings": ["table T2: 3 cells"]})
    ()
    """
    from ..pipeline import NOTICE_EMPTY, NOTICE_NO_CHINESE

    return tuple(w for w in record.get("warnings", ()) or ()
                 if isinstance(w, str) and w.startswith((NOTICE_EMPTY, NOTICE_NO_CHINESE)))


def default_jobs() -> int:
    """Worker processes to use for ``--jobs 0``: the CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
