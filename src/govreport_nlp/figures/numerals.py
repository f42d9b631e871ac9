"""The numeral reader lives in :mod:`govreport_nlp.text.numerals` (structure/ reads numerals
too, and may import text/ only); this name stays for the figures modules importing it."""

from ..text.numerals import (
    CN_DIGITS,
    CN_SMALL_UNITS,
    MAX_DIGITS,
    NumeralTooLongError,
    check_digits,
    fold_table,
    fold_width,
    integral,
    parse_folded,
    parse_numeral,
    to_chinese,
)

__all__ = [
    "MAX_DIGITS",
    "CN_DIGITS",
    "NumeralTooLongError",
    "check_digits",
    "CN_SMALL_UNITS",
    "fold_table",
    "fold_width",
    "integral",
    "parse_folded",
    "parse_numeral",
    "to_chinese",
]
