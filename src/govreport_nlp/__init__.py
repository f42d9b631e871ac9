"""govreport_nlp: Chinese government reports as structured data.

>>> from govreport_nlp import parse
>>> report = parse("2023年，全年共受理政府信息公开申请95件。")
>>> [(i.text, i.value, i.unit) for i in report.indicators]
[('95件', 95, '件')]

Heavy modules (jieba, spaCy, pandas, PDF/DOCX readers, Dask) load only when first used.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from .deliver.batch import parse_many
    from .errors import (
        CorruptFileError,
        DecodeError,
        GovReportError,
        InputNotFoundError,
        LoadError,
        MissingExtraError,
        ScannedPdfError,
        UnsupportedFormatError,
    )
    from .models import Document, Indicator, Report, Section
    from .pipeline import parse, parse_text
    from .read.load import load
    from .text.normalise import normalise
    from .text.segment import segment

__all__ = [
    "__version__",
    "parse",
    "parse_text",
    "parse_many",
    "load",
    "normalise",
    "segment",
    "to_dataframe",
    "panel",
    "Document",
    "Report",
    "Section",
    "Indicator",
    "GovReportError",
    "DecodeError",
    "UnsupportedFormatError",
    "CorruptFileError",
    "LoadError",
    "InputNotFoundError",
    "ScannedPdfError",
    "MissingExtraError",
]

_LAZY = {
    "parse": "pipeline",
    "parse_text": "pipeline",
    "parse_many": "deliver.batch",
    "load": "read.load",
    "normalise": "text.normalise",
    "segment": "text.segment",
    "to_dataframe": "deliver.frames",
    "panel": "deliver.frames",
    "Document": "models",
    "Report": "models",
    "Section": "models",
    "Indicator": "models",
    "GovReportError": "errors",
    "DecodeError": "errors",
    "UnsupportedFormatError": "errors",
    "CorruptFileError": "errors",
    "LoadError": "errors",
    "InputNotFoundError": "errors",
    "ScannedPdfError": "errors",
    "MissingExtraError": "errors",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'govreport_nlp' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
