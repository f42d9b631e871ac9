"""Binary Word files (``.doc``, WPS ``.wps``) converted to ``.docx`` by LibreOffice.

When ``soffice`` (or ``libreoffice``) is on PATH the file is converted headless in a private
temporary folder and read as a ``.docx``; otherwise :class:`UnsupportedFormatError` says what
to install or do.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ...errors import CorruptFileError, UnsupportedFormatError
from ._builder import Extracted

__all__ = ["read_legacy_word"]

_TIMEOUT_SECONDS = 120


def read_legacy_word(data: bytes, source: str, kind: str) -> Extracted:
    """Convert a ``.doc``/``.wps`` (``kind``) to .docx with LibreOffice and read that."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise UnsupportedFormatError(
            f"{source}: a binary Word file ({kind}); install LibreOffice so that 'soffice' is "
            "on PATH (apt-get install libreoffice-writer), or save it as .docx"
        )
    from .docx import read_docx

    with tempfile.TemporaryDirectory(prefix="govreport-") as folder:
        path = Path(folder) / f"input{kind}"
        path.write_bytes(data)
        try:
            subprocess.run(
                [office, "--headless", "--norestore", f"-env:UserInstallation=file://{folder}/u",
                 "--convert-to", "docx", "--outdir", folder, str(path)],
                check=True, capture_output=True, timeout=_TIMEOUT_SECONDS,
            )
            converted = path.with_suffix(".docx").read_bytes()
        except (subprocess.SubprocessError, OSError) as exc:
            raise CorruptFileError(f"{source}: LibreOffice could not convert it ({exc})") from exc
    return read_docx(converted, source)
