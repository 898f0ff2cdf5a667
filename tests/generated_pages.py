"""Page-text dumps made up for the tests: short, shaped like a real page, each different.

Every page holds two reports (a headline, a 本报讯 lead with a byline, a paragraph);
the number ``n`` is in their headlines and figures, so no two pages share a text.
"""

from __future__ import annotations

from pathlib import Path

PLACES = ("甘肃省张掖市民乐县", "青海省西宁市城东区", "浙江省湖州市安吉县", "江苏省苏州市吴江区",
          "河南省洛阳市宜阳县", "陕西省宝鸡市凤翔区")
ARTICLES_PER_PAGE = 2


def page_text(n: int) -> str:
    place, other = PLACES[n % len(PLACES)], PLACES[(n + 3) % len(PLACES)]
    return (
        f"{place[:2]}工会开展第{n}期职工技能培训\n"
        f"本报讯(记者康劭 通讯员陈世强)近日,{place}总工会举办第{n}期职工技能培训班,"
        f"共有{n + 30}名职工参加。\n"
        "培训内容涵盖安全生产、劳动法律法规等,受到职工欢迎。\n\n"
        f"{other[:2]}工会为{n}名快递小哥送清凉\n"
        f"本报讯(记者张磊)连日来,{other}总工会走访{n % 9 + 2}个快递网点,"
        "为一线职工送去防暑降温物资。\n"
    )


def write_pages(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        path = folder / f"page-{n:04d}.txt"
        path.write_text(page_text(n), encoding="utf-8")
        paths.append(path)
    return paths
