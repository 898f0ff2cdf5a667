"""What names are made of, and the words that introduce them: the name lexicon.

Read by the people extractor and by the region rules (主席董卫东: a short form after a
title and a surname is a given name), so it lives apart from both.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"

REPORTER_WORDS = ("本报记者", "全媒体记者", "融媒体记者", "特约记者", "首席记者", "见习记者",
                  "记者", "作者", "撰稿")
ROLE_WORDS: dict[str, str] = {
    **{w: "reporter" for w in REPORTER_WORDS},
    **{w: "correspondent" for w in ("本报通讯员", "特约通讯员", "通讯员")},
    **{w: "photographer" for w in ("摄影记者", "摄影", "图")},
    **{w: "other" for w in ("责任编辑", "责编", "编辑", "审签", "审核", "校对", "监制", "学生",
                            "同学", "老师", "村民", "居民", "律师", "医生", "教师", "学生代表",
                            "医师", "护士", "教授", "讲师")},
    **{w: "worker" for w in (
        "职工", "工人", "员工", "司机", "骑手", "送餐员", "配送员", "快递员", "外卖员", "环卫工",
        "保安", "农民工", "技术员", "工程师", "技师", "劳模", "选手", "砌筑工", "工匠", "建设者",
        "艺人", "手艺人", "匠人", "绣娘", "传承人", "劳动模范",
        "职工代表", "代表", "小哥", "青年", "电工", "焊工", "钳工", "车工", "班长", "师傅",
        "老师傅")},
    **{w: "official" for w in (
        "主席", "书记", "部长", "局长", "市长", "县长", "区长", "省长", "主任", "调研员", "巡视员",
        "处长", "科长", "站长", "所长", "院长", "校长", "经理", "董事长", "委员", "秘书长", "常委",
        "组长", "理事长", "会长", "负责人", "厂长", "队长", "馆长", "指导员", "干部", "领衔人",
        "带头人", "第一书记", "专干", "主管", "护士长")},
}
ROLE_WORDS_LONGEST_FIRST = tuple(sorted(ROLE_WORDS, key=len, reverse=True))


@cache
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    words = _words(DATA / "surnames.txt")
    return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) == 2)


@cache
def tibetan_parts() -> frozenset[str]:
    """Elements of surname-less names: Tibetan and Mongolian ones."""
    return frozenset(_words(DATA / "tibetan_name_parts.txt")
                     + _words(DATA / "mongolian_name_parts.txt"))


@cache
def part_heads() -> frozenset[str]:
    """The first two characters of every element, so a scan tests two characters first."""
    return frozenset(p[:2] for p in tibetan_parts())


def _words(path: Path) -> list[str]:
    return [w for line in path.read_text("utf-8").splitlines() if not line.startswith("#")
            for w in line.split()]
