"""Chinese and Arabic numerals to numbers: 两千 → 2000, 1.423万 → 14230, 三十五 → 35."""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")


def chinese_to_number(text: str) -> int | None:
    """Value of a Chinese numeral (十五, 两千三百, 一万二千, 百); None if it is not one."""
    if not text or any(ch not in CHINESE_NUMERAL_CHARS for ch in text):
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


def magnitude(suffix: str) -> int:
    """Multiplier of a trailing 十/百/千/万/亿 run: 万 → 10000, 千万 → 10000000."""
    value = 1
    for ch in suffix:
        value *= SMALL_UNITS.get(ch) or BIG_UNITS.get(ch, 1)
    return value


def normalise(value: float) -> int | float:
    """Whole numbers as int; others rounded to drop binary noise (0.6 not 0.6000000001)."""
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded
