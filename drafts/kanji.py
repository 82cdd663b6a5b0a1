"""Kanji numerals as Japanese statutes write them: 一, 十, 百一, 千, 一万, 三億.

Statutes write 十/百/千 without a leading 一 (第百一条, 千万円) but 一万 and 一億.
"""

from __future__ import annotations

DIGITS = "〇一二三四五六七八九"
_SMALL = ((1000, "千"), (100, "百"), (10, "十"))
_LARGE = ((10**12, "兆"), (10**8, "億"), (10**4, "万"))


def _below_10000(n: int) -> str:
    out = []
    for value, mark in _SMALL:
        q, n = divmod(n, value)
        if q:
            out.append(("" if q == 1 else DIGITS[q]) + mark)
    if n:
        out.append(DIGITS[n])
    return "".join(out)


# Numerals already written, for the small numbers a bill writes thousands of times (article,
# paragraph and item numbers in every reference).
_WRITTEN: dict[int, str] = {}


def to_kanji(n: int) -> str:
    """Positive integer to a statute-style kanji numeral."""
    if type(n) is int and 0 < n < 10_000:
        written = _WRITTEN.get(n)
        if written is None:
            written = _WRITTEN[n] = _below_10000(n)
        return written
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"kanji numerals are written for positive integers, not {n!r}")
    if n >= 10**16:
        raise ValueError(f"{n} is too large for a kanji numeral")
    out = []
    for value, mark in _LARGE:
        q, n = divmod(n, value)
        if q:
            out.append(_below_10000(q) + mark)
    if n:
        out.append(_below_10000(n))
    return "".join(out)


def from_kanji(s: str) -> int:
    """Inverse of to_kanji; also reads 一千 and positional forms such as 二〇二〇."""
    if not s:
        raise ValueError("empty kanji numeral")
    if all(ch in DIGITS for ch in s):
        return int("".join(str(DIGITS.index(ch)) for ch in s))
    small = {"十": 10, "百": 100, "千": 1000}
    large = {"万": 10**4, "億": 10**8, "兆": 10**12}
    total = section = 0
    digit: int | None = None
    for ch in s:
        if ch in DIGITS:
            if digit is not None:
                raise ValueError(f"not a kanji numeral: {s!r}")
            digit = DIGITS.index(ch)
        elif ch in small:
            section += (1 if digit is None else digit) * small[ch]
            digit = None
        elif ch in large:
            section += digit or 0
            if section == 0:
                raise ValueError(f"not a kanji numeral: {s!r}")
            total += section * large[ch]
            section, digit = 0, None
        else:
            raise ValueError(f"not a kanji numeral: {s!r}")
    return total + section + (digit or 0)


def yen_ja(amount: int) -> str:
    """Amount of money as statutes write it: 百万円, 五千万円, 一億円."""
    return to_kanji(amount) + "円"


def yen_en(amount: int) -> str:
    """Amounts in Arabic numerals, as the Japanese Law Translation writes them: 3,000,000 yen."""
    return f"{amount:,} yen"


_EN = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _small_en(n: int) -> str:
    if n < 20:
        return _EN[n]
    if n < 100:
        t, u = divmod(n, 10)
        return _TENS[t] + ("" if u == 0 else "-" + _EN[u])
    h, rest = divmod(n, 100)
    return _EN[h] + " hundred" + ("" if rest == 0 else " and " + _small_en(rest))


def number_en(n: int) -> str:
    """Small counts as JLT writes them in running text: "three years", "30 days"."""
    return _small_en(n) if 0 <= n <= 10 else str(n)
