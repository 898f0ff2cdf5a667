"""The API's refusals, said in Chinese on the web pages.

The JSON API words each problem in English (``{param, message}``: stable text for
programs); a page shows the same problem to a reader. Each message shape the API
uses is one pattern here and its Chinese wording, so a new refusal needs one line, and
one without a line still reads in Chinese (which parameter, that its value was refused),
with the English kept beside it for a bug report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from indexer.search.facets import FACET_LABELS

PARAM_LABELS = {
    "q": "关键词", "date_from": "起始日期", "date_to": "截止日期", "sort": "排序",
    "page": "页码", "size": "每页条数", "format": "格式", "interval": "时间间隔",
    "by": "分组", "mode": "统计方式", "metric": "指标", "unit": "单位", "kind": "类型",
    "name": "名称", "text": "要核对的数字", "query": "比较的检索", "filters": "筛选条件",
    "order": "排序", "facets": "分面",
}

# (the English message's shape, its Chinese wording): groups are carried over.
WORDINGS: tuple[tuple[str, str], ...] = (
    (r"give it once", "只能给一次"),
    (r"unknown parameter; this takes none", "这个页面不接受参数"),
    (r"unknown parameter; expected one of (.*)", "未知参数;可用的参数有:{0}"),
    (r"unknown value '(.*)'; use one of (.*)", "没有“{0}”这个选项;可选:{1}"),
    (r"unknown sort '(.*)'; use one of (.*)", "没有“{0}”这种排序;可选:{1}"),
    (r"too long: (\d+) characters; at most (\d+)", "太长:{0} 个字,最多 {1} 个"),
    (r"value too long: (\d+) characters; at most (\d+)", "取值太长:{0} 个字,最多 {1} 个"),
    (r"not a whole number: '(.*)'", "“{0}”不是整数"),
    (r"too large: a number of (\d+) digits", "数字太大({0} 位)"),
    (r"(\d+) values; at most (\d+) per filter", "给了 {0} 个值,每项筛选最多 {1} 个"),
    (r"(\d+) filter values in all; at most (\d+)", "筛选值共 {0} 个,最多 {1} 个"),
    (r"must be between (\d+) and (\d+), got (-?\d+)", "应在 {0} 到 {1} 之间,收到的是 {2}"),
    (r"page × size must stay within (\d+).*",
     "页码 × 每页条数不能超过 {0};要全部结果请用导出(CSV)"),
    (r"(.+) is after date_to (.+)", "起始日期 {0} 晚于截止日期 {1}"),
    (r"not a date: '(.*)'; .*", "“{0}”不是日期;请写成 YYYY-MM-DD、YYYY-MM 或 YYYY"),
    (r"no year 0000: '(.*)'", "没有 0000 年:“{0}”"),
    (r"no such day: (.*)", "没有这一天:{0}"),
    (r"not a year: '(.*)'; .*", "“{0}”不是年份;请写四位数字,如 2025"),
    (r"give two or more province= values to compare.*", "请选择两个或更多省份进行比较"),
    (r"give one or more query= values to compare.*", "请至少填写一个要比较的检索"),
    (r"'(.*)' is given twice; give each province once", "“{0}”选了两次;每个省份只选一次"),
    (r"unknown province '(.*)'; did you mean (.*)\?", "没有名为“{0}”的省份;是不是“{1}”?"),
    (r"unknown province '(.*)'; use the full name.*",
     "没有名为“{0}”的省份;请用全称,如“内蒙古自治区”"),
    (r"the name '(.*)' is given twice; name each query once", "检索名称“{0}”用了两次"),
    (r"'(.*)' has no words after its name; give NAME:WORDS",
     "“{0}”的冒号后面没有检索词;请写成 名称:检索词"),
    (r"at most (\d+) queries", "最多比较 {0} 个检索"),
    (r"give the figure to check.*", "请填写要核对的数字,如:7100多家职工书屋"),
)
_COMPILED = tuple((re.compile(pattern), wording) for pattern, wording in WORDINGS)


def param_label(name: str) -> str:
    return PARAM_LABELS.get(name) or FACET_LABELS.get(name) or name


def chinese_message(message: str) -> str | None:
    """The Chinese wording of one English refusal; None when it has no line here."""
    for pattern, wording in _COMPILED:
        found = pattern.fullmatch(message)
        if found:
            return wording.format(*found.groups())
    return None


def chinese_problems(problems: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    """Each problem as ``{label, message}`` in Chinese; ``english`` only where no wording
    exists yet (the reader still sees which parameter was refused)."""
    said = []
    for name, message in problems:
        chinese = chinese_message(message)
        entry = {"param": name, "label": param_label(name),
                 "message": chinese or "这个取值不被接受"}
        if chinese is None:
            entry["english"] = message
        said.append(entry)
    return said
