"""What a figure's qualifier allows: 7100多 is 7100–7199, 6万以上 60000 or more.

The one reading of the qualifier words: the figures table stores each figure's range
with it, and checking a pasted figure reads its qualifier the same way.
"""

from __future__ import annotations

import math

AT_LEAST = frozenset({"以上", "超过", "超", "逾", "不少于", "至少"})
A_BIT_MORE = frozenset({"多", "余", "余个", "多个"})
NEARLY = frozenset({"近", "将近", "接近", "近乎"})
ABOUT = frozenset({"约", "大约", "左右", "上下", "约为"})
AT_MOST = frozenset({"不到", "以下", "不足", "不超过", "以内"})
ABOUT_SPREAD = 0.1  # 约 / 左右: within ten per cent


def value_range(value: float, qualifier: str | None) -> tuple[float, float]:
    """The values a figure allows, as a closed range (``math.inf`` when open-ended).

    7100多 is 7100–7199, 6万以上 is 60000 or more, 近300 is a little under 300.
    """
    q = qualifier or ""
    if q in AT_LEAST:
        return value, math.inf
    if q in A_BIT_MORE:
        return value, value + _step(value) * 0.999
    if q in NEARLY:
        return value * (1 - ABOUT_SPREAD), value
    if q in ABOUT:
        return value * (1 - ABOUT_SPREAD), value * (1 + ABOUT_SPREAD)
    if q in AT_MOST:
        return 0.0, value
    return value, value


def _step(value: float) -> float:
    """The unit of the last written digit: 7100 → 100, 50 → 10, 20000000 → 10000000."""
    if value <= 0:
        return 1.0
    if float(value).is_integer():
        number, step = int(value), 1
        while number % 10 == 0:
            number, step = number // 10, step * 10
        return float(step)
    decimals = len(repr(float(value)).split(".")[1])
    return 10.0 ** -decimals
