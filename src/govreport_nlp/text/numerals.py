"""Exact values of numerals as Chinese official text writes them.

Arabic (``546``, ``7545.3``, ``1,244``, full-width ``１２，３４５``), Chinese (``一千二百三十四``,
``两``, ``〇``/``零``, ``十二``, digit-by-digit ``二〇二四``, ``三点一四``, colloquial ``一万五``)
and the mixed forms reports love (``3.1万``, ``1.26万亿``, ``1亿2345万``).  Values are ``int``
when integral, else :class:`~decimal.Decimal` — never ``float``.

>>> parse_numeral("3.1万"), parse_numeral("一千二百三十四"), parse_numeral("两")
(31000, 1234, 2)
>>> parse_numeral("1.26万亿")
1260000000000
>>> parse_numeral("７５４５.３")
Decimal('7545.3')
>>> parse_numeral("进一步")
Traceback (most recent call last):
...
ValueError: not a numeral: '进一步'

A numeral is read only while it prints at most :data:`MAX_DIGITS` digits: every value computed
from it (times 万 or 亿, a percent of a fraction, a table cell in 万元) then stays exact in the
default decimal context, and its text stays far below Python's int-to-string limit (4 300
digits), so every output format can write it.  A longer one is refused with
:class:`NumeralTooLongError` (a ``ValueError``: the scanner and the table reader skip it);
no report prints such a figure (the largest, a national budget in 元, has 15 digits).

>>> parse_numeral("1" * 29)
Traceback (most recent call last):
...
govreport_nlp.text.numerals.NumeralTooLongError: 29 digits, over MAX_DIGITS (28): '111111111111'…
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import regex

from .._data import load_table
from ..models import Number

__all__ = [
    "MAX_DIGITS",
    "NumeralTooLongError",
    "check_digits",
    "CN_DIGITS",
    "CN_SMALL_UNITS",
    "COUNTING_NUMERALS",
    "NUMERALS_FILE",
    "NUMERAL_CHARS",
    "ONE_TO_NINE",
    "PLAIN_DIGITS",
    "BIG_UNITS",
    "COLLOQUIAL_DIGITS",
    "PLAIN_SMALL_UNITS",
    "WRITTEN_DIGITS",
    "ZEROS",
    "fold_table",
    "fold_width",
    "integral",
    "parse_folded",
    "parse_numeral",
    "read_whole",
    "to_chinese",
]

NUMERALS_FILE = "numerals.tsv"


def _vocabulary(kind: str, forms: tuple[str, ...] = ("plain", "colloquial", "financial")
                ) -> dict[str, int]:
    return {
        r["char"]: int(r["value"])
        for r in load_table(NUMERALS_FILE)
        if r["kind"] == kind and r["form"] in forms
    }


# Digit characters (everyday, colloquial and financial forms) and their values.
CN_DIGITS: dict[str, int] = _vocabulary("digit")
#: the most digits (Arabic and Chinese, integer and fraction) a numeral may print to be read:
#: the default decimal context's precision, so arithmetic on its value never rounds
MAX_DIGITS = 28
_DIGIT_CHARS = frozenset("0123456789０１２３４５６７８９") | frozenset(CN_DIGITS)


class NumeralTooLongError(ValueError):
    """A numeral printing more than :data:`MAX_DIGITS` digits: refused, never rounded."""


def check_digits(text: str) -> None:
    """Raise :class:`NumeralTooLongError` if ``text`` prints more than :data:`MAX_DIGITS`
    digits (Arabic, full-width or Chinese); the test is one length check for short text.

    >>> check_digits("1,234,567.89")
    """
    if len(text) > MAX_DIGITS:
        count = sum(c in _DIGIT_CHARS for c in text)
        if count > MAX_DIGITS:
            raise NumeralTooLongError(
                f"{count} digits, over MAX_DIGITS ({MAX_DIGITS}): {text[:12]!r}…"
            )


# Positional units inside a 万-section.
CN_SMALL_UNITS: dict[str, int] = _vocabulary("small_unit")
_BIG_UNITS = _vocabulary("big_unit")
_PLAIN = _vocabulary("digit", ("plain",))
#: the digits a year or a digit string is written with (二〇二四, 一九五八): 零〇○ and 一…九
PLAIN_DIGITS = "".join(_PLAIN)
#: the plain digits one to nine (一…九)
ONE_TO_NINE = "".join(c for c, v in _PLAIN.items() if v)
#: the numerals that count and number things (第三, 十二、, “十四五”, 第十届): 一…九 and 十
COUNTING_NUMERALS = ONE_TO_NINE + "".join(
    c for c, v in _vocabulary("small_unit", ("plain",)).items() if v == 10
)
#: every character of a Chinese numeral (digits in all forms, 十百千 and 万亿)
NUMERAL_CHARS = "".join((*CN_DIGITS, *CN_SMALL_UNITS, *_BIG_UNITS))
#: the zeros 零〇○ (a zero never starts a number: 一年零三个月)
ZEROS = "".join(c for c, v in CN_DIGITS.items() if v == 0)
#: the colloquial digits 两 and 俩 (两个, 俩人), which figures scan for
COLLOQUIAL_DIGITS = "".join(_vocabulary("digit", ("colloquial",)))
#: the plain positional units 十百千 and the big units 万亿
PLAIN_SMALL_UNITS = "".join(_vocabulary("small_unit", ("plain",)))
BIG_UNITS = "".join(_BIG_UNITS)

# One-to-one character folds applied before scanning, so offsets stay valid: full-width ASCII
# (digits, letters, ％ ．) to half-width, and the Traditional forms of the characters numerals,
# units and hedges are made of (data/number_folds.tsv).  The Chinese comma ， is *not* folded:
# it is punctuation far more often than a thousands separator, so grouping accepts both.
# Full-width digits, letters and the signs numbers use (％ ． ／); full-width punctuation such as
# （ ） ： stays, like the normaliser leaves it.
_FULL_WIDTH = {
    ord(c): ord(c) - 0xFEE0
    for c in "０１２３４５６７８９％．／"
    + "".join(chr(0xFF21 + i) + chr(0xFF41 + i) for i in range(26))
}


@cache
def fold_table() -> dict[int, int]:
    """The character folds as a ``str.translate`` table (read once from the data file)."""
    table = dict(_FULL_WIDTH)
    table[ord("\u3000")] = ord(" ")
    for row in load_table("number_folds.tsv"):
        table[ord(row["traditional"])] = ord(row["simplified"])
    return table


@cache
def _fold_pairs() -> tuple[tuple[str, str], ...]:
    """The folds as (character, replacement) pairs, for one ``str.replace`` per fold found."""
    table = fold_table()
    # replacing one character after another equals one pass of str.translate only when no
    # replacement is itself folded (else 萬 -> 万 -> ... could chain): true of the table, kept so
    if any(target in table for target in table.values()):
        raise ValueError("number_folds.tsv: a fold's result is itself folded")
    return tuple((chr(source), chr(target)) for source, target in table.items())


@cache
def _fold_groups() -> tuple[tuple[regex.Pattern[str] | None, tuple[tuple[str, str], ...]], ...]:
    """The folds grouped for a fast "is one of them in the text" test.

    A run of consecutive code points (full-width digits, letters) stands behind one range
    search, which the regex module scans several times faster than a set of characters; a
    character outside such a run is looked for alone (``in`` is a C scan).
    """
    runs: list[list[tuple[str, str]]] = []
    for pair in sorted(_fold_pairs()):
        if runs and ord(pair[0]) == ord(runs[-1][-1][0]) + 1:
            runs[-1].append(pair)
        else:
            runs.append([pair])
    groups: list[tuple[regex.Pattern[str] | None, tuple[tuple[str, str], ...]]] = []
    for run in runs:
        if len(run) >= 3:
            first, last = regex.escape(run[0][0]), regex.escape(run[-1][0])
            groups.append((regex.compile(f"[{first}-{last}]"), tuple(run)))
        else:
            groups.extend((None, (pair,)) for pair in run)
    return tuple(groups)


# Below this length str.translate (one table look-up per character) is the cheapest fold; above
# it, one fast scan per fold source or run of sources is (a text holds few or none of them).
_SHORT_TEXT = 64


def fold_width(text: str) -> str:
    """Fold full-width ASCII and Traditional numeral characters; length is unchanged.

    The result is ``text.translate(fold_table())``, reached faster for a long text.

    >>> fold_width("１２３４５件，兩萬")
    '12345件，两万'
    """
    if len(text) < _SHORT_TEXT:
        return text.translate(fold_table())
    # the analysis view is already folded: usually nothing to do, else only a few characters
    # (mostly the ideographic space U+3000, which the normaliser keeps).  A replacement is never
    # itself a source (_fold_pairs), so the runs' searches see the same sources after it.
    for probe, pairs in _fold_groups():
        if probe is not None and probe.search(text) is None:
            continue
        for source, target in pairs:
            if source in text:
                text = text.replace(source, target)
    return text


def integral(value: Decimal) -> Number:
    """``int`` for a whole Decimal, else the Decimal with trailing zeros stripped.

    >>> integral(Decimal("31000.0")), integral(Decimal("7.50"))
    (31000, Decimal('7.5'))
    """
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()  # not whole: normalize only strips trailing zeros


_GROUPED = regex.compile(r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?")
_ARABIC = regex.compile(r"\d+(?:\.\d+)?|\.\d+")
_CN_DIGIT_STRING = regex.compile(rf"[{PLAIN_DIGITS}]{{2,}}(?:点[{PLAIN_DIGITS}]+)?")
_SPLIT = regex.compile(r"(\d+(?:\.\d+)?|[^\d])")


def parse_numeral(s: str) -> Number:
    """Value of one numeral (no unit, no hedge); ``ValueError`` if ``s`` is not one.

    >>> parse_numeral("1,244"), parse_numeral("１２，３４５，６７８"), parse_numeral("二〇二四")
    (1244, 12345678, 2024)
    >>> parse_numeral("一万五"), parse_numeral("十二"), parse_numeral("1亿2345万")
    (15000, 12, 123450000)
    >>> parse_numeral("6,500万"), parse_numeral("３，０３６万")
    (65000000, 30360000)
    """
    return parse_folded(fold_width(s).strip(), s)


def read_whole(s: str) -> int:
    """A whole number however written (1958, １９９８, 一九五八, 二〇二六, 二十七, 十三): years,
    congress terms, plan and heading numbers; ``ValueError`` if ``s`` is not one.

    >>> read_whole("一九五八"), read_whole("二十七"), read_whole("十"), read_whole("１９９８")
    (1958, 27, 10, 1998)
    """
    value = parse_numeral(s)
    if not isinstance(value, int):
        raise ValueError(f"not a whole number: {s!r}")
    return value


def parse_folded(text: str, shown: str | None = None) -> Number:
    """:func:`parse_numeral` for text already folded and stripped (the scanner's hot path)."""
    s = text if shown is None else shown
    if not text:
        raise ValueError(f"not a numeral: {s!r}")
    check_digits(text)
    if text.isascii():  # the hot path: 546, 7545.3
        if text.isdigit():
            return int(text)
        if _is_ascii_decimal(text):
            return integral(Decimal(text))
    elif text[-1] in _BIG_UNITS and len(text) <= MAX_CHINESE_NUMERAL:
        # 3.1万, 45亿, 1.26万亿: an Arabic number times a magnitude, the commonest mixed form.
        # _big computes the same products in the same order (its regexes cost more).
        sizes: tuple[int, ...]
        if text.endswith("万亿"):
            head, sizes = text[:-2], (10**4, 10**8)
        else:
            head, sizes = text[:-1], (_BIG_UNITS[text[-1]],)
        if ("," in head or "，" in head) and _GROUPED.fullmatch(head):
            head = head.replace(",", "").replace("，", "")  # 6,500万亩, ３，０３６万担
        if head.isascii() and (head.isdigit() or _is_ascii_decimal(head)):
            value = Decimal(head)
            for size in sizes:
                value = value * size
            return integral(value)
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "").replace("，", "")
    if _ARABIC.fullmatch(text):
        return integral(Decimal(text))
    if _CN_DIGIT_STRING.fullmatch(text):
        whole, _, frac = text.partition("点")
        digits = "".join(str(CN_DIGITS[c]) for c in whole)
        if frac:
            digits += "." + "".join(str(CN_DIGITS[c]) for c in frac)
        return integral(Decimal(digits))
    if len(text) > MAX_CHINESE_NUMERAL:
        # _big recurses once per 万/亿: bound the depth (hostile runs of numerals)
        raise ValueError(f"not a numeral (over {MAX_CHINESE_NUMERAL} characters): {s[:20]!r}…")
    try:
        return integral(_big(text))
    except (KeyError, ArithmeticError, ValueError) as err:
        raise ValueError(f"not a numeral: {s!r}") from err


def _is_ascii_decimal(text: str) -> bool:
    """``546.3`` or ``.5`` (what ``_ARABIC`` reads with a point), for ASCII text."""
    return text.count(".") == 1 and text.replace(".", "").isdigit() and text[-1] != "."


#: the longest Chinese or mixed numeral read (一千二百三十四亿五千六百七十八万九千零一十二 has 21)
MAX_CHINESE_NUMERAL = 64


def _big(text: str) -> Decimal:
    """Split at the last 亿, then the last 万: the head times the magnitude plus the tail."""
    for mark, size in (("亿", 10**8), ("万", 10**4)):
        at = text.rfind(mark)
        if at < 0:
            continue
        head, tail = text[:at], text[at + 1 :]
        if not head:
            raise ValueError(text)
        high = _big(head) * size
        if not tail:
            return high
        if len(tail) == 1 and CN_DIGITS.get(tail):
            return high + CN_DIGITS[tail] * size // 10  # 一万五 = 15000, 三亿五 = 350000000
        padded = tail[0] in ZEROS
        low = _big(tail.lstrip(ZEROS))
        if low >= size or (padded and low >= size // 10):
            raise ValueError(text)
        return high + low
    return _small(text)


def _small(text: str) -> Decimal:
    """Value below 万: Arabic, or Chinese with 十百千 (an Arabic digit may stand for a digit)."""
    if not text:
        raise ValueError(text)
    if _ARABIC.fullmatch(text):
        return Decimal(text)
    if "点" in text:  # 十五点五, 三点一四
        whole, _, frac = text.partition("点")
        if not frac or any(c not in CN_DIGITS for c in frac):
            raise ValueError(text)
        decimals = Decimal("0." + "".join(str(CN_DIGITS[c]) for c in frac))
        return (_small(whole) if whole else Decimal(0)) + decimals
    total = Decimal(0)
    pending: Decimal | None = None
    last_unit = 10**5
    zero_seen = False
    for part in _SPLIT.findall(text):
        if part[0].isdigit():
            if pending is not None:
                raise ValueError(text)
            pending = Decimal(part)
        elif part in CN_DIGITS:
            if pending is not None:
                raise ValueError(text)
            value = CN_DIGITS[part]
            if value == 0:
                zero_seen = True
                continue
            pending = Decimal(value)
        elif part in CN_SMALL_UNITS:
            size = CN_SMALL_UNITS[part]
            if size >= last_unit:
                raise ValueError(text)
            if pending is None:
                if size != 10 or total:  # only a leading 十 may stand alone (十二)
                    if not (size == 10 and zero_seen):  # 一百零十 is not written; 一百一十 is
                        raise ValueError(text)
                pending = Decimal(1)
            total += pending * size
            pending = None
            last_unit = size
            zero_seen = False
        else:
            raise ValueError(text)
    if pending is not None:
        if last_unit < 10**5 and not zero_seen and last_unit > 10 and pending < 10:
            total += pending * last_unit // 10  # 一千五 = 1500, 两百五 = 250
        else:
            total += pending
    return total


# the character to_chinese writes for each digit value (the first plain one: 零, not 〇)
WRITTEN_DIGITS = "".join({v: c for c, v in reversed(_vocabulary("digit", ("plain",)).items())}[d]
                        for d in range(10))


def to_chinese(value: int) -> str:
    """Write a non-negative integer in standard Chinese numerals (the inverse used by tests).

    >>> to_chinese(1234), to_chinese(10005), to_chinese(120000000), to_chinese(12)
    ('一千二百三十四', '一万零五', '一亿二千万', '十二')
    """
    if value < 0:
        raise ValueError(value)
    if value == 0:
        return "零"
    text = _write(value)
    return text[1:] if text.startswith("一十") else text


def _write(value: int) -> str:
    for size, mark in ((10**8, "亿"), (10**4, "万")):
        if value >= size:
            high, low = divmod(value, size)
            text = _write(high) + mark
            if low:
                text += ("零" if low < size // 10 else "") + _write(low)
            return text
    out = []
    need_zero = False
    for size, mark in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = value // size % 10
        if digit:
            if need_zero:
                out.append("零")
            out.append(WRITTEN_DIGITS[digit] + mark)
            need_zero = False
        elif out:
            need_zero = True
    return "".join(out)
