"""The GB/T 2260 administrative hierarchy (province → city → county) with coordinates.

The base table is the one cpca ships (``cpca/resources/adcodes.csv``), read as data
only: importing cpca would pull in pandas, and its matcher turns words such as
文昌社区 into 海南省文昌市. That table is a snapshot of about 2017, so
``data/adcode_updates.csv`` brings it up to date (new units such as 汤旺县, renamed
ones, retired ones mapped to their successors).

Every region is a plain dict::

    {"adcode": "620722", "name": "民乐县", "level": "county",
     "province": "甘肃省", "city": "张掖市", "county": "民乐县", "lat": 38.43, "lon": 100.81}

For 北京/天津/上海/重庆 ``city`` is None and districts are counties; so is ``city`` for
county-level units directly under a province (图木舒克市, 仙桃市, 陵水黎族自治县).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

UPDATES_PATH = Path(__file__).parent / "data" / "adcode_updates.csv"

# Rows of the cpca table that are bookkeeping, not places.
PSEUDO_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})

PROVINCE_SHORT = {
    "内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏", "新疆维吾尔自治区": "新疆",
    "香港特别行政区": "香港", "澳门特别行政区": "澳门",
}
# Longest first: 自治县 must be tried before 县.
UNIT_SUFFIXES = ("自治州", "自治县", "自治旗", "地区", "林区", "特区", "市", "县", "区", "旗", "盟")


def short_name(name: str, level: str) -> str | None:
    """The form people write without the unit word: 甘肃省 → 甘肃, 陵水黎族自治县 → 陵水.

    None when nothing of two characters or more would be left (滑县 has no short form).
    """
    if level == "province":
        if name in PROVINCE_SHORT:
            return PROVINCE_SHORT[name]
        return name[:-1] if name.endswith(("省", "市")) else None
    for suffix in UNIT_SUFFIXES:
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith("自治"):
                stem = _strip_ethnic(stem)
            return stem if len(stem) >= 2 and stem != name else None
    return None


ETHNIC_NAMES = ["蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗",
    "瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "拉祜", "水", "东乡",
    "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬",
    "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "鄂温克", "德昂", "保安", "裕固",
    "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺"]


def _strip_ethnic(stem: str) -> str:
    # 湘西土家族苗族 → 湘西, 巴音郭楞蒙古 → 巴音郭楞: short forms leave out the ethnic
    # part, which starts at the first ethnic name after the place name.
    for i in range(2, len(stem)):
        rest = stem[i:]
        if any(rest.startswith(e + "族") or rest == e for e in ETHNIC_NAMES):
            return stem[:i]
    return stem


def _level(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    return "city" if code.endswith("00") else "county"


class RegionGazetteer:
    """Lookups over the administrative hierarchy: by adcode, by full name, by short form."""

    def __init__(self, rows: list[tuple[str, str, float | None, float | None]],
                 successors: dict[str, tuple[str, str]] | None = None) -> None:
        self._raw = {code: (name, lon, lat) for code, name, lon, lat in rows}
        self._regions: dict[str, dict[str, Any]] = {}
        for code in sorted(self._raw):
            self._regions[code] = self._build(code)
        self._by_name: dict[str, list[str]] = defaultdict(list)
        self._by_short: dict[str, list[str]] = defaultdict(list)
        for code, region in self._regions.items():
            self._by_name[region["name"]].append(code)
            short = short_name(region["name"], region["level"])
            if short:
                self._by_short[short].append(code)
        # A retired name (长乐市) still means the unit that replaced it (长乐区).
        self._retired: dict[str, str] = {}
        for old_name, new_code in (successors or {}).values():
            if new_code in self._regions and old_name not in self._by_name:
                self._retired[old_name] = new_code

    @classmethod
    def load(cls) -> RegionGazetteer:
        rows = {code: (name, lon, lat) for code, name, lon, lat in _cpca_rows()}
        successors = _apply_updates(rows, _read_updates(UPDATES_PATH))
        return cls([(c, n, lon, lat) for c, (n, lon, lat) in rows.items()], successors)

    # -- the hierarchy -------------------------------------------------------

    def _build(self, code: str) -> dict[str, Any]:
        name, lon, lat = self._raw[code]
        level = _level(code)
        province_code = code[:2] + "0000"
        city_code = self.parent_city_code(code)
        province = self._raw[province_code][0] if province_code in self._raw else None
        city = self._raw[city_code][0] if city_code else None
        if level == "city":
            city = name
        if lat is None and city_code and self._raw[city_code][2] is not None:
            lon, lat = self._raw[city_code][1], self._raw[city_code][2]
        return {
            "adcode": code, "name": name, "level": level, "province": province,
            "city": city, "county": name if level == "county" else None,
            "lat": lat, "lon": lon,
        }

    def parent_city_code(self, code: str) -> str | None:
        """The city a county belongs to; None under a municipality or directly under a province."""
        if _level(code) == "province" or code[:2] + "0000" in MUNICIPALITIES:
            return None
        city = code[:4] + "00"
        if _level(code) == "city":
            return city
        return city if city in self._raw else None

    # -- public lookups --------------------------------------------------------

    def get(self, adcode: str) -> dict[str, Any]:
        """The region with this 6-digit adcode (12-digit ones are cut to 6); KeyError if unknown."""
        code = str(adcode)[:6]
        if code not in self._regions:
            raise KeyError(f"unknown adcode {adcode!r}: not a GB/T 2260 province, city or county")
        return dict(self._regions[code])

    def __contains__(self, adcode: object) -> bool:
        return str(adcode)[:6] in self._regions

    def province_of(self, adcode: str) -> dict[str, Any]:
        return self.get(str(adcode)[:2] + "0000")

    def city_of(self, adcode: str) -> dict[str, Any] | None:
        city = self.parent_city_code(str(adcode)[:6])
        return self.get(city) if city else None

    def ancestors(self, adcode: str) -> list[str]:
        """Adcodes above this one, nearest first (county → city → province)."""
        code = str(adcode)[:6]
        chain = []
        city = self.parent_city_code(code)
        if city and city != code:
            chain.append(city)
        if _level(code) != "province":
            chain.append(code[:2] + "0000")
        return chain

    def children(self, adcode: str) -> list[dict[str, Any]]:
        code = str(adcode)[:6]
        return [dict(r) for c, r in self._regions.items()
                if c != code and code in self.ancestors(c)[:1]]

    def all_regions(self) -> list[dict[str, Any]]:
        """Every province, city and county, sorted by adcode."""
        return [dict(r) for r in self._regions.values()]

    def by_name(self, name: str) -> list[dict[str, Any]]:
        """Regions with this full official name (several for 朝阳区, 鼓楼区 …)."""
        codes = self._by_name.get(name) or ([self._retired[name]] if name in self._retired else [])
        return [dict(self._regions[c]) for c in codes]

    def by_short(self, short: str) -> list[dict[str, Any]]:
        """Regions whose short form this is (甘肃 → 甘肃省, 民乐 → 民乐县)."""
        return [dict(self._regions[c]) for c in self._by_short.get(short, [])]

    def lookup(self, name: str) -> list[dict[str, Any]]:
        """Full name first, then short form."""
        return self.by_name(name) or self.by_short(name)

    def surface_forms(self) -> Iterator[tuple[str, str, bool]]:
        """(surface, adcode, is_short) for every full, retired and short name."""
        for name, codes in self._by_name.items():
            for code in codes:
                yield name, code, False
        for name, code in self._retired.items():
            yield name, code, False
        for short, codes in self._by_short.items():
            for code in codes:
                yield short, code, True


def _cpca_rows() -> Iterator[tuple[str, str, float | None, float | None]]:
    text = resources.files("cpca").joinpath("resources/adcodes.csv").read_text("utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        if row["name"] in PSEUDO_NAMES:
            continue
        lon = float(row["longitude"]) if row["longitude"] else None
        lat = float(row["latitude"]) if row["latitude"] else None
        yield row["adcode"][:6], row["name"], lon, lat


def _read_updates(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def _apply_updates(rows: dict[str, tuple[str, float | None, float | None]],
                   updates: list[dict[str, str]]) -> dict[str, tuple[str, str]]:
    """Apply the update rows in place; return {retired code: (old name, successor code)}."""
    successors = {}
    for u in updates:
        code, name = u["adcode"], u["name"]
        if u["action"] == "retire":
            old = rows.pop(code, None)
            if u["successor"]:
                successors[code] = (name, u["successor"])
                if old and u["successor"] not in rows:
                    rows[u["successor"]] = ("", old[1], old[2])  # placeholder, named below
        elif u["action"] == "rename" and code in rows:
            rows[code] = (name, rows[code][1], rows[code][2])
    for u in updates:
        if u["action"] == "add":
            lon, lat = _place_of_new(u["adcode"], rows)
            rows[u["adcode"]] = (u["name"], lon, lat)
    return successors


def _place_of_new(code: str, rows: dict[str, tuple[str, float | None, float | None]]
                  ) -> tuple[float | None, float | None]:
    # A new unit sits where its predecessor was, else at its city, else at its province.
    for candidate in (code, code[:4] + "00", code[:2] + "0000"):
        if candidate in rows and rows[candidate][2] is not None:
            return rows[candidate][1], rows[candidate][2]
    return None, None


@cache
def gazetteer() -> RegionGazetteer:
    """The shared gazetteer, loaded on first use."""
    return RegionGazetteer.load()
