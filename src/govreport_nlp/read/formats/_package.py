"""Office packages (.docx, .xlsx) are zip archives: the archive bounds apply inside them too.

A 300 KB .docx can declare a ``word/document.xml`` of gigabytes (a zip bomb dressed as a
report); python-docx would inflate it whole, then the pipeline would parse it.  Before a
reader hands the bytes to its parser, :func:`check_package` refuses a package whose members
are too many, too large, inflate too far past their compressed size, or add up to too much.
Declared sizes are enough to judge by: ``zipfile`` stops a member at its declared size and
fails its CRC when the data goes on, so a member cannot inflate past what it declares.

Exceptions ``zipfile`` raises on a damaged or unsupported package (``NotImplementedError``
for a "version needed to extract" it does not know, ``zlib.error`` for damaged deflate data,
``RuntimeError`` for an encrypted member) are what :data:`ZIP_ERRORS` lists, for readers to
turn into a :class:`~govreport_nlp.errors.CorruptFileError` naming the input.

>>> import io, zipfile
>>> buf = io.BytesIO()
>>> with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
...     z.writestr("word/document.xml", "<w:document/>")
>>> check_package(buf.getvalue(), "本溪.docx")
>>> buf = io.BytesIO()
>>> with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
...     z.writestr("word/document.xml", " " * (4 * MiB))
>>> check_package(buf.getvalue(), "bomb.docx")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
govreport_nlp.errors.ArchiveError: bomb.docx: word/document.xml inflates ...:1 ...
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from ...errors import ArchiveError, CorruptFileError, FileTooLargeError

__all__ = ["PACKAGE_LIMITS", "ZIP_ERRORS", "check_package"]

MiB = 1024 * 1024

# The same bounds as the batch reader's archive limits (read.sources.Limits), for a package:
# a member no larger than a document may be, a ratio bound once past a floor (small XML parts
# compress very well and are harmless), and a cap on members and on the whole package.
PACKAGE_LIMITS = {
    "max_member_bytes": 64 * MiB,
    "max_total_bytes": 256 * MiB,
    "max_ratio": 100,
    "ratio_floor": 1 * MiB,
    "max_members": 10_000,
}

ZIP_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, OSError,
    ValueError, struct.error, KeyError)


def check_package(data: bytes, source: str) -> None:
    """Refuse a zip package over the bounds (ArchiveError, FileTooLargeError) or unreadable as
    a zip (CorruptFileError); return None when its parser may open it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except ZIP_ERRORS as exc:
        raise CorruptFileError(f"{source}: not a readable zip package ({exc})") from exc
    if len(members) > PACKAGE_LIMITS["max_members"]:
        raise ArchiveError(f"{source}: {len(members)} parts, over the limit of "
                           f"{PACKAGE_LIMITS['max_members']}")
    total = 0
    for info in members:
        size, packed = info.file_size, max(info.compress_size, 1)
        if size > PACKAGE_LIMITS["max_member_bytes"]:
            raise FileTooLargeError(f"{source}: {info.filename} is {size} bytes uncompressed, "
                                    f"over the limit of {PACKAGE_LIMITS['max_member_bytes']}")
        if size > PACKAGE_LIMITS["ratio_floor"] and size > PACKAGE_LIMITS["max_ratio"] * packed:
            raise ArchiveError(
                f"{source}: {info.filename} inflates {size // packed}:1 ({size} bytes from "
                f"{packed}), over the limit of {PACKAGE_LIMITS['max_ratio']}:1 (zip bomb?)")
        total += size
        if total > PACKAGE_LIMITS["max_total_bytes"]:
            raise ArchiveError(f"{source}: parts inflate to more than "
                               f"{PACKAGE_LIMITS['max_total_bytes']} bytes in total")
