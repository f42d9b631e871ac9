"""Walk batch inputs into named byte blobs, safely.

An input is a file, a directory (walked recursively in sorted order), a ``.zip`` or
``.tar``/``.tar.gz``/``.tgz``/``.tar.bz2``/``.tar.xz`` archive (members read in the order the
archive stores them, archives inside archives down to :attr:`Limits.max_depth`), or ``-`` for
standard input.  Each document-sized piece comes out as a :class:`Blob` named the way the output
contract names sources (``archive.zip!2012/benxi.txt``); a piece that must be refused comes out
as an :class:`~govreport_nlp.models.ErrorRecord` in its place, so a batch accounts for every
input.  Containers of several reports (CSV, JSON Lines, Stata) stay one blob here: the loader
splits them.

Nothing is ever extracted to disk.  Archive members are still checked as if they were:

* names that are absolute or climb out with ``..`` are refused (``ArchiveError``: zip-slip);
* a member over :attr:`Limits.max_bytes`, an archive whose members add up to more than
  :attr:`Limits.max_total_bytes`, and a member that inflates more than
  :attr:`Limits.max_ratio` times its compressed size are refused (bombs);
* symbolic and hard links, device files and FIFOs are skipped with a logged warning, in
  archives and in directory walks alike (following links could loop or leave the tree);
* hidden names (``.git``, ``.DS_Store``, ``__MACOSX``) are skipped silently.

>>> blobs = list(iter_sources([("本溪.txt", "2012年受理申请95件。".encode())]))
>>> [(b.source, len(b.data)) for b in blobs]
[('本溪.txt', 27)]
>>> list(iter_sources([]))
[]
"""

from __future__ import annotations

import fnmatch
import io
import logging
import os
import stat
import sys
import tarfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import PurePosixPath
from typing import IO, BinaryIO

import regex

from .._data import load_table
from ..errors import (
    ArchiveError,
    CorruptFileError,
    FileTooLargeError,
    InputNotFoundError,
    LoadError,
)
from ..models import ErrorRecord
from .formats._package import ZIP_ERRORS

__all__ = [
    "STDIN",
    "Blob",
    "Input",
    "Limits",
    "is_archive_name",
    "iter_inputs",
    "iter_sources",
    "read_input",
]

logger = logging.getLogger(__name__)

STDIN = "-"
STDIN_NAME = "<stdin>"
ARCHIVE_SEPARATOR = "!"
MiB = 1024 * 1024

# Suffixes that mark an archive we open ourselves; a .docx is a zip too but is a document.
ZIP_SUFFIXES = (".zip",)
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep a hostile or mistaken input from exhausting memory.

    ``max_bytes`` bounds one document (a file or an archive member); ``max_total_bytes`` bounds
    what one top-level archive may inflate to, nested archives included; ``max_ratio`` bounds
    uncompressed/compressed size of a member once it is over ``ratio_floor`` bytes (small
    members of repetitive text may compress very well and are harmless); ``max_depth`` is how
    many archives may be nested (1: an archive may not contain archives).
    """

    max_bytes: int = 64 * MiB
    max_total_bytes: int = 4096 * MiB
    max_ratio: int = 100
    ratio_floor: int = 1 * MiB
    max_depth: int = 3
    max_members: int = 1_000_000


@dataclass(frozen=True, slots=True)
class Blob:
    """One named piece of input bytes: a document, or a container the loader splits."""

    source: str
    data: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class Input:
    """A planned input not read yet: a regular file (``path``) or standard input."""

    source: str
    path: str | None  # None: standard input

    @property
    def is_archive(self) -> bool:
        return is_archive_name(self.source)


def is_archive_name(name: str) -> bool:
    """Whether ``name`` is a zip or tar archive by its suffix.

    >>> [is_archive_name(n) for n in ("2012.zip", "reports.TAR.GZ", "北京.docx", "a.txt")]
    [True, True, False, False]
    """
    lowered = name.lower()
    return lowered.endswith(ZIP_SUFFIXES) or lowered.endswith(TAR_SUFFIXES)


def _error(source: str, exc: Exception, sha256: str | None = None) -> ErrorRecord:
    return ErrorRecord(source=source, sha256=sha256, type=type(exc).__name__, message=str(exc))


@cache
def _skip_pattern() -> regex.Pattern[str]:
    # ``regex`` reads fnmatch's translation as ``re`` does, and takes a ``timeout=``
    globs = [fnmatch.translate(row["pattern"]) for row in load_table("walk_skip.tsv")]
    return regex.compile("|".join(globs), regex.IGNORECASE)


def _is_hidden(name: str) -> bool:
    """Whether a walk passes over ``name`` (junk, hidden, a collection's README/MANIFEST)."""
    return _skip_pattern().match(name) is not None


# --------------------------------------------------------------------------- planning


def iter_inputs(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[Input | ErrorRecord]:
    """Expand command-line inputs into regular files (directories walked, sorted), unread.

    A path that does not exist or is not a regular file gives an error record; links and
    devices met while walking a directory are skipped with a warning.
    """
    for item in inputs:
        name = os.fspath(item)
        if name == STDIN:
            yield Input(STDIN_NAME, None)
            continue
        try:
            info = os.stat(name)  # follows a link the user named explicitly
        except FileNotFoundError:
            shown = printable_name(name)
            yield _error(shown, InputNotFoundError(f"{shown}: no such file or folder"))
            continue
        except OSError as exc:
            shown = printable_name(name)
            yield _error(shown, LoadError(f"{shown}: cannot read ({exc.strerror or exc})"))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk_directory(name)
        elif stat.S_ISREG(info.st_mode):
            yield Input(printable_name(name), name)
        else:
            yield _error(printable_name(name), LoadError(
                f"{printable_name(name)}: not a regular file or directory"))


def _walk_directory(top: str) -> Iterator[Input | ErrorRecord]:
    try:
        entries = sorted(os.scandir(top), key=lambda e: e.name)
    except OSError as exc:
        shown = printable_name(top)
        yield _error(shown, LoadError(f"{shown}: cannot list directory ({exc.strerror or exc})"))
        return
    for entry in entries:
        if _is_hidden(entry.name):
            continue
        path = os.path.join(top, entry.name)
        shown = printable_name(path)
        if entry.is_symlink():
            logger.warning("%s: symbolic link skipped", shown)
        elif entry.is_dir(follow_symlinks=False):
            yield from _walk_directory(path)
        elif entry.is_file(follow_symlinks=False):
            yield Input(shown, path)
        else:
            logger.warning("%s: device file or FIFO skipped", shown)


# --------------------------------------------------------------------------- reading


class _Budget:
    """Uncompressed bytes one top-level archive may still produce (shared with its nested
    archives, so a bomb cannot hide one level down)."""

    __slots__ = ("members", "remaining")

    def __init__(self, limits: Limits) -> None:
        self.remaining = limits.max_total_bytes
        self.members = limits.max_members


def read_input(unit: Input | tuple[str, bytes], limits: Limits | None = None,
               *, stdin: BinaryIO | None = None) -> Iterator[Blob | ErrorRecord]:
    """Read one planned input: a document blob, or every member blob of an archive.

    ``unit`` may also be ``(name, bytes)`` for data already in memory.
    """
    limits = limits or Limits()
    if isinstance(unit, tuple):
        name, data = unit
        yield from _from_bytes(name, data, limits, depth=0, budget=None)
        return
    if unit.path is None:
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read()
        yield from _from_bytes(unit.source, data, limits, depth=0, budget=None, sniff=True)
        return
    if unit.is_archive:
        yield from _open_archive_file(unit.source, unit.path, limits)
        return
    try:
        size = os.path.getsize(unit.path)
        if size > limits.max_bytes:
            raise FileTooLargeError(
                f"{unit.source}: {size} bytes is over the limit of {limits.max_bytes} bytes")
        with open(unit.path, "rb") as handle:
            data = handle.read(limits.max_bytes + 1)
        if len(data) > limits.max_bytes:  # grew while we looked
            raise FileTooLargeError(
                f"{unit.source}: over the limit of {limits.max_bytes} bytes")
    except FileTooLargeError as exc:
        yield _error(unit.source, exc)
        return
    except OSError as exc:
        yield _error(unit.source, LoadError(f"{unit.source}: cannot read ({exc.strerror or exc})"))
        return
    yield Blob(unit.source, data)


def iter_sources(inputs: Iterable[str | os.PathLike[str] | tuple[str, bytes]],
                 limits: Limits | None = None, *,
                 stdin: BinaryIO | None = None) -> Iterator[Blob | ErrorRecord]:
    """Every document-sized blob of ``inputs`` in a deterministic order, or its error record.

    Items may be paths, ``"-"`` (standard input, or ``stdin`` when given) or ``(name, bytes)``.
    """
    limits = limits or Limits()
    for item in inputs:
        if isinstance(item, tuple):
            yield from read_input(item, limits)
            continue
        for unit in iter_inputs([item]):
            if isinstance(unit, ErrorRecord):
                yield unit
            else:
                yield from _guarded(unit.source, read_input(unit, limits, stdin=stdin))


def _guarded(source: str, blobs: Iterator[Blob | ErrorRecord]) -> Iterator[Blob | ErrorRecord]:
    """The input boundary: whatever one input raises while it is read becomes its error
    record (after the blobs it gave before), and the walk goes on to the next input."""
    try:
        yield from blobs
    except Exception as exc:  # the boundary, see the docstring
        logger.debug("reading %s failed", source, exc_info=True)
        yield _error(source, exc if isinstance(exc, LoadError) else CorruptFileError(
            f"{source}: cannot be read ({type(exc).__name__}: {exc})"))


# What reading a damaged tar archive can raise: a gzip header cut after its method byte makes
# tarfile's stream reader call ord() on nothing (TypeError).
TAR_ERRORS: tuple[type[Exception], ...] = (
    tarfile.TarError, zlib.error, OSError, EOFError, ValueError, TypeError)


def _sniff_archive(data: bytes) -> str | None:
    """``"zip"``/``"tar"`` when bytes without a telling name are an archive of documents."""
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
        except ZIP_ERRORS:
            return None
        # Office and OFD documents are zips; they are documents, not archives of them.
        if "[Content_Types].xml" in names or "OFD.xml" in names:
            return None
        return "zip"
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
            archive.next()
        return "tar"
    except TAR_ERRORS:
        return None


def _from_bytes(source: str, data: bytes, limits: Limits, *, depth: int,
                budget: _Budget | None, sniff: bool = False) -> Iterator[Blob | ErrorRecord]:
    kind: str | None
    if sniff:
        kind = _sniff_archive(data)
    elif is_archive_name(source):
        kind = "zip" if source.lower().endswith(ZIP_SUFFIXES) else "tar"
    else:
        kind = None
    if kind is None:
        if len(data) > limits.max_bytes:
            yield _error(source, FileTooLargeError(
                f"{source}: {len(data)} bytes is over the limit of {limits.max_bytes} bytes"))
        else:
            yield Blob(source, data)
        return
    if depth >= limits.max_depth:
        yield _error(source, ArchiveError(
            f"{source}: archive nested deeper than {limits.max_depth} level(s); not opened"))
        return
    budget = budget or _Budget(limits)
    if kind == "zip":
        members = _read_zip(source, io.BytesIO(data), limits, depth, budget)
    else:
        members = _read_tar(source, io.BytesIO(data), len(data), limits, depth, budget)
    yield from _accounted(source, members)


def _accounted(source: str, members: Iterator[Blob | ErrorRecord]
               ) -> Iterator[Blob | ErrorRecord]:
    """An archive's members; an error record in their place when it gives none (empty, or
    only folders, links, devices and hidden files), so the archive is accounted for."""
    given = False
    for member in members:
        given = True
        yield member
    if not given:
        yield _error(source, ArchiveError(
            f"{source}: no document in the archive (empty, or only folders, links, devices "
            "and hidden files)"))


def _open_archive_file(source: str, path: str, limits: Limits) -> Iterator[Blob | ErrorRecord]:
    budget = _Budget(limits)
    try:
        handle = open(path, "rb")
    except OSError as exc:
        yield _error(source, LoadError(f"{source}: cannot read ({exc.strerror or exc})"))
        return
    with handle:
        if source.lower().endswith(ZIP_SUFFIXES):
            yield from _accounted(source, _read_zip(source, handle, limits, 0, budget))
        else:
            yield from _accounted(source, _read_tar(
                source, handle, os.fstat(handle.fileno()).st_size, limits, 0, budget))


def _safe_member_name(raw: str) -> str:
    """The member name as a relative POSIX path, or ``ArchiveError`` when it would escape.

    >>> _safe_member_name("./2012/本溪.txt")
    '2012/本溪.txt'
    >>> _safe_member_name("../../etc/passwd")
    Traceback (most recent call last):
    ...
    govreport_nlp.errors.ArchiveError: member name '../../etc/passwd' climbs out of the archive
    """
    name = raw.replace("\\", "/")
    parts = [p for p in PurePosixPath(name).parts if p not in ("", ".")]
    if name.startswith("/") or (parts and _is_drive(parts[0])):
        raise ArchiveError(f"member name {raw!r} is an absolute path")
    if ".." in parts:
        raise ArchiveError(f"member name {raw!r} climbs out of the archive")
    if not parts:
        raise ArchiveError(f"member name {raw!r} is empty")
    return "/".join(parts)


UTF8_NAME_FLAG = 0x800  # zip general purpose flag bit 11: the name is UTF-8


def _zip_member_name(info: zipfile.ZipInfo) -> str:
    """A zip member's name as its archiver wrote it.  ``zipfile`` reads a name without the
    UTF-8 flag as CP437, but archivers on Chinese Windows write the ANSI code page (GBK) and
    Info-ZIP on Unix writes UTF-8, both without the flag.

    >>> info = zipfile.ZipInfo("本溪.txt".encode("gbk").decode("cp437"))
    >>> _zip_member_name(info)
    '本溪.txt'
    """
    if info.flag_bits & UTF8_NAME_FLAG:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:  # not read as CP437 (a metadata_encoding was given)
        return info.filename
    return _decode_name(raw)


def _decode_name(raw: bytes) -> str:
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "backslashreplace")


def printable_name(name: str) -> str:
    """``name`` as text every writer can encode.  File and tar member names the system
    could not decode carry their bytes as surrogates; they are decoded as UTF-8, then GBK
    (folders copied from Chinese Windows), else shown as escapes.

    >>> printable_name("本溪.txt".encode("gbk").decode("utf-8", "surrogateescape"))
    '本溪.txt'
    >>> printable_name(b"a\\xff.txt".decode("utf-8", "surrogateescape"))
    'a\\\\xff.txt'
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        return _decode_name(name.encode("utf-8", "surrogateescape"))
    except UnicodeEncodeError:  # a surrogate not from surrogateescape
        return name.encode("utf-8", "backslashreplace").decode("ascii")


def _is_drive(part: str) -> bool:
    return len(part) >= 2 and part[1] == ":" and part[0].isascii() and part[0].isalpha()


def _admit_member(archive: str, raw: str) -> str | ErrorRecord | None:
    """The source name of archive member ``raw``; an error record when its name is refused
    (path escape), None when the walk passes over it (hidden, a README/MANIFEST)."""
    try:
        safe = _safe_member_name(raw)
    except ArchiveError as exc:
        return _error(f"{archive}{ARCHIVE_SEPARATOR}{raw}", ArchiveError(f"{archive}: {exc}"))
    if any(_is_hidden(part) for part in safe.split("/")):
        return None
    return f"{archive}{ARCHIVE_SEPARATOR}{safe}"


def _read_capped(stream: IO[bytes], cap: int) -> bytes:
    """Read at most ``cap + 1`` bytes in pieces, so an over-long member is seen as such
    without inflating it whole."""
    pieces: list[bytes] = []
    total = 0
    while total <= cap:
        piece = stream.read(min(MiB, cap + 1 - total))
        if not piece:
            break
        pieces.append(piece)
        total += len(piece)
    return b"".join(pieces)


def _check_sizes(source: str, declared: int, compressed: int | None, limits: Limits,
                 budget: _Budget) -> None:
    """Refuse a member by its declared size before inflating it."""
    _enforce(source, declared, compressed, limits, budget,
             too_large=f"{declared} bytes uncompressed is over the limit of "
                       f"{limits.max_bytes} bytes")


def _take(source: str, data: bytes, declared: int, compressed: int | None, limits: Limits,
          budget: _Budget) -> None:
    """Charge what was actually inflated (declared sizes can lie) to the budget."""
    actual = len(data)
    _enforce(source, actual, compressed, limits, budget,
             too_large=f"inflates past the limit of {limits.max_bytes} bytes "
                       f"(declared {declared})")
    budget.remaining -= actual


def _enforce(source: str, size: int, compressed: int | None, limits: Limits,
             budget: _Budget, *, too_large: str) -> None:
    """The three bounds on a member of ``size`` bytes: its own size, its compression ratio
    (bombs) and what the whole archive may still inflate to."""
    if size > limits.max_bytes:
        raise FileTooLargeError(f"{source}: {too_large}")
    if (compressed is not None and size > limits.ratio_floor
            and size > limits.max_ratio * max(compressed, 1)):
        raise ArchiveError(
            f"{source}: compression ratio {size // max(compressed, 1)}:1 is over the limit "
            f"of {limits.max_ratio}:1 (zip bomb?)")
    if size > budget.remaining:
        raise ArchiveError(
            f"{source}: archive inflates to more than {limits.max_total_bytes} bytes in total")


def _walk_order(info: zipfile.ZipInfo) -> tuple[str, ...]:
    """A member's place in a folder walk: its path's parts, compared part by part."""
    return tuple(_zip_member_name(info).replace("\\", "/").split("/"))


def _read_zip(archive_source: str, handle: BinaryIO, limits: Limits, depth: int,
              budget: _Budget) -> Iterator[Blob | ErrorRecord]:
    try:
        archive = zipfile.ZipFile(handle)
    except ZIP_ERRORS as exc:  # NotImplementedError too: an unknown "version to extract"
        yield _error(archive_source, CorruptFileError(f"{archive_source}: not a readable zip "
                                                       f"archive ({exc})"))
        return
    with archive:
        # In the order a walk of the same files as a folder gives (names sorted in each
        # folder), not the order the archiver stored them: the same rows either way.
        for info in sorted(archive.infolist(), key=_walk_order):
            if info.is_dir():
                continue
            admitted = _admit_member(archive_source, _zip_member_name(info))
            if not isinstance(admitted, str):
                if admitted is not None:
                    yield admitted
                continue
            source = admitted
            mode = info.external_attr >> 16  # Unix mode, when the archiver recorded one
            if stat.S_ISLNK(mode):
                logger.warning("%s: symbolic link skipped", source)
                continue
            if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                logger.warning("%s: device file or FIFO skipped", source)
                continue
            budget.members -= 1
            if budget.members < 0:
                yield _error(source, ArchiveError(
                    f"{source}: more than {limits.max_members} members in one archive"))
                continue
            try:
                _check_sizes(source, info.file_size, info.compress_size, limits, budget)
                with archive.open(info) as member:
                    data = _read_capped(member, limits.max_bytes)
                _take(source, data, info.file_size, info.compress_size, limits, budget)
            except (FileTooLargeError, ArchiveError) as exc:
                yield _error(source, exc)
                continue
            except ZIP_ERRORS as exc:
                # zlib errors, bad CRC, encrypted members (RuntimeError), unknown methods
                yield _error(source, CorruptFileError(f"{source}: cannot read member ({exc})"))
                continue
            yield from _from_bytes(source, data, limits, depth=depth + 1, budget=budget)


class _CountingReader(io.RawIOBase):
    """Counts compressed bytes a streaming tar reader has consumed, for the ratio bound."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.consumed += n
        return n


def _over_ratio(inflated: int, counter: _CountingReader, limits: Limits) -> bool:
    return inflated > limits.ratio_floor and inflated > limits.max_ratio * max(
        counter.consumed, 1)


def _drain(archive: tarfile.TarFile, info: tarfile.TarInfo, counter: _CountingReader,
           inflated: int, limits: Limits) -> int | ArchiveError:
    """Inflate a refused member to pass it, a piece at a time: the bytes inflated, or an
    ArchiveError once the stream inflates past the ratio bound (the rest is then not read),
    so the work stays proportional to the compressed bytes read."""
    member = archive.extractfile(info)
    drained = 0
    while member is not None:
        try:
            piece = member.read(MiB)
        except TAR_ERRORS as exc:
            return ArchiveError(f"{info.name}: damaged while skipped ({exc}); "
                                "the rest is not read")
        if not piece:
            break
        drained += len(piece)
        if _over_ratio(inflated + drained, counter, limits):
            return ArchiveError(
                f"compression ratio over {limits.max_ratio}:1 after {inflated + drained} "
                "bytes (tar bomb?); the rest is not read")
    return drained


def _read_tar(archive_source: str, handle: BinaryIO, compressed_size: int, limits: Limits,
              depth: int, budget: _Budget) -> Iterator[Blob | ErrorRecord]:
    counter = _CountingReader(handle)
    inflated = 0
    try:
        # Streaming mode: one pass, no seeking, memory independent of archive size.
        archive = tarfile.open(fileobj=io.BufferedReader(counter), mode="r|*")
    except TAR_ERRORS as exc:
        yield _error(archive_source, CorruptFileError(f"{archive_source}: not a readable tar "
                                                       f"archive ({exc})"))
        return
    with archive:
        while True:
            try:
                info = archive.next()
            except TAR_ERRORS as exc:
                yield _error(archive_source, CorruptFileError(
                    f"{archive_source}: archive is damaged after {inflated} bytes; "
                    f"the rest is not read ({exc})"))
                return
            if info is None:
                return
            if info.isdir():
                continue
            admitted = _admit_member(archive_source, printable_name(info.name))
            if not isinstance(admitted, str):
                if admitted is not None:
                    yield admitted
                continue
            source = admitted
            if info.issym() or info.islnk():
                logger.warning("%s: link skipped (points to %s)", source, info.linkname)
                continue
            if not info.isfile():
                logger.warning("%s: device file or FIFO skipped", source)
                continue
            budget.members -= 1
            if budget.members < 0:
                yield _error(source, ArchiveError(
                    f"{source}: more than {limits.max_members} members in one archive"))
                continue
            try:
                _check_sizes(source, info.size, None, limits, budget)
                member = archive.extractfile(info)
                data = _read_capped(member, limits.max_bytes) if member else b""
                _take(source, data, info.size, None, limits, budget)
            except (FileTooLargeError, ArchiveError) as exc:
                yield _error(source, exc)
                # The stream can only pass a refused member by inflating it: do that here,
                # where the ratio to the compressed bytes read so far stops a bomb early.
                drained = _drain(archive, info, counter, inflated, limits)
                if isinstance(drained, ArchiveError):
                    yield _error(archive_source, drained)
                    return
                inflated += drained
                continue
            except TAR_ERRORS as exc:
                yield _error(source, CorruptFileError(f"{source}: cannot read member ({exc})"))
                return  # a stream cannot resynchronise after a damaged member
            inflated += len(data)
            # Tar members have no compressed size of their own: bound the whole stream's ratio.
            if _over_ratio(inflated, counter, limits):
                yield _error(source, ArchiveError(
                    f"{archive_source}: compression ratio over {limits.max_ratio}:1 "
                    f"after {inflated} bytes (tar bomb?); the rest is not read"))
                return
            yield from _from_bytes(source, data, limits, depth=depth + 1, budget=budget)
