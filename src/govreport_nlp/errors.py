"""Typed errors.  Every failure a user can meet on bad input is one of these.

A batch run turns them into error records (``{"error": {"type": ..., "message": ...}}``), so
``type`` is the class name and the message names the offending input.
"""

from __future__ import annotations

__all__ = [
    "GovReportError",
    "LoadError",
    "InputNotFoundError",
    "DecodeError",
    "UnsupportedFormatError",
    "CorruptFileError",
    "EncryptedFileError",
    "EncryptedPdfError",
    "ScannedPdfError",
    "FileTooLargeError",
    "MultipleDocumentsError",
    "ArchiveError",
    "MissingExtraError",
    "DataFileError",
    "DocumentTimeoutError",
    "OutputError",
    "OutputLockedError",
]


class GovReportError(Exception):
    """Base class of every error this library raises on purpose."""


class LoadError(GovReportError):
    """An input could not be turned into a document."""


class InputNotFoundError(LoadError, FileNotFoundError):
    """A path that does not exist: a file named to ``parse``/``load`` (a ``str`` that looks like
    a path is one), or an argument on the command line.  Report text given as a ``str`` goes
    through ``parse_text()``, or is unmistakable (it has a newline, or is long)."""


class DecodeError(LoadError):
    """The bytes are not text in any encoding we accept (UTF-8/16, GB18030, Big5)."""


class UnsupportedFormatError(LoadError):
    """The content is of a kind we do not read (an image, an executable, ...)."""


class CorruptFileError(LoadError):
    """The content claims a format (PDF, DOCX, zip ...) but cannot be read as it."""


class EncryptedFileError(LoadError):
    """The file is password-protected and cannot be opened without the password."""


class EncryptedPdfError(EncryptedFileError):
    """The PDF is encrypted and the empty password (common on government sites) does not
    open it."""


class ScannedPdfError(LoadError):
    """PDF pages are images without a text layer and OCR is not installed; ``pages`` are the
    1-based page numbers, the message names the extra to install."""

    def __init__(self, message: str, pages: tuple[int, ...] = ()) -> None:
        super().__init__(message)
        self.pages = pages


class MultipleDocumentsError(LoadError):
    """``load`` was given a container (CSV, DTA, JSONL) holding several reports: use
    ``load_all``."""


class FileTooLargeError(LoadError):
    """The input is over the configured size limit."""


class ArchiveError(LoadError):
    """An archive member was refused (path escape, bomb, nesting, link or device)."""


class MissingExtraError(GovReportError, ImportError):
    """An optional dependency is needed; the message names the extra to install."""

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        super().__init__(
            f"{purpose} needs the optional package {package!r}: "
            f"pip install 'govreport-nlp[{extra}]'"
        )
        self.package = package
        self.extra = extra


class DataFileError(GovReportError):
    """A vocabulary file in the package is malformed (message gives file:line)."""


class DocumentTimeoutError(GovReportError):
    """One document took longer than the per-document time budget (``--timeout``)."""


class OutputError(GovReportError):
    """An output cannot be written or resumed (the message names the file and what to do)."""


class OutputLockedError(OutputError):
    """Another process holds the output's lock (an SQLite database being written) for longer
    than the writer waits."""
