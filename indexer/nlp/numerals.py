"""Chinese and Arabic numerals to numbers: 两千 → 2000, 1.423万 → 14230, 三十五 → 35.

A numeral longer than any report prints (a run of digits in a serial number, a line
of 九九九…) is no number: it gives None instead of a value too large for a float, and
the work stays proportional to its length.
"""

from __future__ import annotations

import math

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")
# 999万亿 has 15 digits; reports print nothing larger (nor finer fractions).
MAX_DIGITS = 15
LARGEST = 10.0 ** MAX_DIGITS
# 九千九百九十九万九千九百九十九 is 15 characters.
MAX_NUMERAL = 20
# 千万, 万亿, 千万亿: a longer run of units after a number is no magnitude.
MAX_MAGNITUDE = 4


def arabic_to_number(text: str) -> float | None:
    """Value of 56171 or 1.423 (full-width digits too); None if not one or too long."""
    digits = text.translate(FULL_WIDTH_DIGITS)
    whole, _, fraction = digits.partition(".")
    if len(whole) > MAX_DIGITS or len(fraction) > MAX_DIGITS:
        return None
    try:
        return float(digits)
    except ValueError:
        return None


def chinese_to_number(text: str) -> int | None:
    """Value of a Chinese numeral (十五, 两千三百, 一万二千, 百); None if it is not one."""
    if not text or len(text) > MAX_NUMERAL or any(ch not in CHINESE_NUMERAL_CHARS for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch] if digit is None else digit * 10 + DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        else:
            section += digit or 0
            total = (total + (section or 1)) * BIG_UNITS[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


def magnitude(suffix: str) -> int | None:
    """Multiplier of a trailing 十/百/千/万/亿 run: 万 → 10000, 千万 → 10000000; None for
    a run longer than any magnitude (万万万万万)."""
    if len(suffix.strip()) > MAX_MAGNITUDE:
        return None
    value = 1
    for ch in suffix:
        value *= SMALL_UNITS.get(ch) or BIG_UNITS.get(ch, 1)
    return value


def plausible(value: float) -> bool:
    """A value a report can print: finite, and of at most MAX_DIGITS whole digits."""
    return math.isfinite(value) and abs(value) < LARGEST


def normalise(value: float) -> int | float:
    """Whole numbers as int; others rounded to drop binary noise (0.6 not 0.6000000001)."""
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded
