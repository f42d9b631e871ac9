"""Readers for the file formats the loader accepts.

Each reader turns the input into an :class:`Extracted` value (text, tables with cell offsets,
title, warnings); :mod:`govreport_nlp.read.load` sniffs the format and wraps the result in a
:class:`~govreport_nlp.models.Document`.  Heavy parsers (bs4, python-docx, pypdfium2, pandas)
are imported inside the reader functions only.
"""

from __future__ import annotations

from ._builder import Extracted, TextBuilder

__all__ = ["Extracted", "TextBuilder"]
