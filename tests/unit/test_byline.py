"""Bylines: credit lines and 本报讯 leads are read; ordinary sentences never are."""

from __future__ import annotations

import pytest

from crawler.byline import Byline, credit_at_end, parse_byline, split_byline


@pytest.mark.parametrize(
    ("line", "reporters", "correspondents", "photographers"),
    [
        ("本报讯(记者康劭 通讯员陈世强)", ["康劭"], ["陈世强"], []),
        ("本报讯(记者彭冰 柳姗姗 通讯员王领域)", ["彭冰", "柳姗姗"], ["王领域"], []),
        ("本报讯(记者 张晓燕、李明 通讯员 赵强)", ["张晓燕", "李明"], ["赵强"], []),
        ("本报北京3月5日讯(记者 韩冰)", ["韩冰"], [], []),
        ("本报讯 记者 韩冰 通讯员 郑凯", ["韩冰"], ["郑凯"], []),
        ("本报记者 李玉波", ["李玉波"], [], []),
        ("本报记者李玉波", ["李玉波"], [], []),
        ("\u3000本报记者\u3000李玉波\u3000", ["李玉波"], [], []),
        ("本报通讯员 王文生 摄", [], [], ["王文生"]),
        ("本报记者王文生摄", [], [], ["王文生"]),
        ("记者 刘洋 摄", [], [], ["刘洋"]),
        ("记者 张三 通讯员 李四", ["张三"], ["李四"], []),
        ("记者张三通讯员李四", ["张三"], ["李四"], []),
        ("(记者 郑爽)", ["郑爽"], [], []),
        ("(本报记者 许诺 摄)", [], [], ["许诺"]),
        ("全媒体记者 周文涛,李明", ["周文涛", "李明"], [], []),
        ("本报记者 吴迪 实习生 孙悦", ["吴迪", "孙悦"], [], []),
        ("通讯员 罗成 庞雪", [], ["罗成", "庞雪"], []),
        ("文/图 王文生", ["王文生"], [], ["王文生"]),
        ("文/本报记者 张三 图/本报通讯员 李四", ["张三"], [], ["李四"]),
        ("本报记者 欧阳晓明", ["欧阳晓明"], [], []),
        ("本报记者 阿依古丽·买买提", ["阿依古丽·买买提"], [], []),
        ("本报记者 阿依古丽•买买提", ["阿依古丽·买买提"], [], []),
        ("人民日报记者 张三", ["张三"], [], []),
        ("本报记者 张三 报道", ["张三"], [], []),
    ],
)
def test_credit_lines_are_read_with_roles(
    line: str, reporters: list[str], correspondents: list[str], photographers: list[str]
) -> None:
    byline = parse_byline(line)
    assert byline is not None
    assert (byline.reporters, byline.correspondents, byline.photographers) == (
        reporters,
        correspondents,
        photographers,
    )
    assert byline.raw == line.strip()


@pytest.mark.parametrize(
    "line",
    [
        "记者从青海省总工会获悉,今年,青海工会着力打造三大工作品牌。",
        "记者日前获悉",
        "记者手记",
        "通讯员队伍不断壮大",
        "新华社记者从国家电网获悉",
        "本报讯(记者康劭 通讯员陈世强)“以前遇到问题不知道该找谁。”",
        "“两会”精神进工地",
        "巧借资源唤醒沉睡土地",
        "团结引领职工听党话、跟党走",
        "据悉,3年来,该公司49名职工被遴选为联络员。",
        "本报记者",
        "摄 王文生",
        "王文生 摄",
        "(下转第2版)",
        "本报记者 王文生 摄 李四",
        "记者 彭冰柳姗姗",
        "优秀通讯员 张三",
        "本报讯 近日,工会举办招聘会。",
        "报道 张三",
        "",
    ],
)
def test_other_lines_are_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


def test_a_bare_dateline_is_a_byline_without_names() -> None:
    assert parse_byline("本报讯") == Byline("本报讯", [], [], [])


def test_the_lead_keeps_its_text_after_the_dateline() -> None:
    byline, body = split_byline(
        ["本报讯(记者康劭 通讯员陈世强)“以前遇到问题不知道该找谁。”近日,张师傅说。", "第二段。"]
    )
    assert byline == Byline("本报讯(记者康劭 通讯员陈世强)", ["康劭"], ["陈世强"], [])
    assert body == ["“以前遇到问题不知道该找谁。”近日,张师傅说。", "第二段。"]


def test_ascii_parentheses_in_the_lead() -> None:
    byline, body = split_byline(["本报讯 (记者 田国奎 通讯员 王立洁) 近日,骑手小宋领到一件衣服。"])
    assert byline is not None
    assert (byline.reporters, byline.correspondents) == (["田国奎"], ["王立洁"])
    assert body == ["近日,骑手小宋领到一件衣服。"]


@pytest.mark.parametrize(
    ("lead", "raw", "reporters", "correspondents", "text"),
    [
        ("中工网讯(记者 何立 韩冰)近日,工会举办招聘会。", "中工网讯(记者 何立 韩冰)",
         ["何立", "韩冰"], [], "近日,工会举办招聘会。"),
        ("春城新闻网讯 记者周文涛 9月22日,记者从市总工会获悉。", "春城新闻网讯 记者周文涛",
         ["周文涛"], [], "9月22日,记者从市总工会获悉。"),
        ("本报讯 通讯员王立洁、赵强报道 近日,工会开展活动。", "本报讯 通讯员王立洁、赵强报道",
         [], ["王立洁", "赵强"], "近日,工会开展活动。"),
        ("(工人日报-中工网记者彭冰)“有了职工之家,下班有去处了。”", "(工人日报-中工网记者彭冰)",
         ["彭冰"], [], "“有了职工之家,下班有去处了。”"),
        ("本报讯 连日来,各地工会开展送清凉活动。", "本报讯",
         [], [], "连日来,各地工会开展送清凉活动。"),
    ],
)
def test_lead_forms_of_web_reports(
    lead: str, raw: str, reporters: list[str], correspondents: list[str], text: str
) -> None:
    byline, body = split_byline([lead])
    assert byline == Byline(raw, reporters, correspondents, [])
    assert body == [text]


def test_a_word_ending_in_xun_is_no_dateline() -> None:
    assert split_byline(["警报讯号响起,职工迅速撤离。"]) == (None, ["警报讯号响起,职工迅速撤离。"])


def test_a_bracket_that_is_no_credit_stays_in_the_text() -> None:
    byline, body = split_byline(["本报讯(2025年3月)近日,工会开展活动。"])
    assert byline is not None and byline.raw == "本报讯"
    assert body == ["(2025年3月)近日,工会开展活动。"]


def test_a_credit_line_on_top_is_taken_off() -> None:
    byline, body = split_byline(["本报记者 李玉波", "内蒙古工人运动具有光荣的革命传统。"])
    assert byline is not None and byline.reporters == ["李玉波"]
    assert body == ["内蒙古工人运动具有光荣的革命传统。"]


def test_a_photo_credit_at_the_end_is_taken_off() -> None:
    byline, body = split_byline(["3月19日,项目部邀请人大代表宣讲。", "本报通讯员 王文生 摄"])
    assert byline is not None and byline.photographers == ["王文生"]
    assert body == ["3月19日,项目部邀请人大代表宣讲。"]


def test_a_bracketed_credit_closing_the_last_paragraph_is_taken_off() -> None:
    byline, body = split_byline(["志愿者端上羊汤。", "环卫工人老孙说。(记者 郑爽)"])
    assert byline is not None and byline.raw == "(记者 郑爽)"
    assert body == ["志愿者端上羊汤。", "环卫工人老孙说。"]


def test_a_lead_credit_and_a_photo_credit_are_merged() -> None:
    byline, body = split_byline(["本报讯(记者 何立)工会驿站延长开放时间。", "本报记者 何立 摄"])
    assert byline == Byline("本报讯(记者 何立) 本报记者 何立 摄", ["何立"], [], ["何立"])
    assert body == ["工会驿站延长开放时间。"]


def test_a_report_without_byline_is_left_alone() -> None:
    paragraphs = ["些试一试吧!”那是周登清在推荐。", "“要让年轻人留得住、有奔头”", "周登清说。"]
    assert split_byline(paragraphs) == (None, paragraphs)
    assert split_byline([]) == (None, [])


def test_a_closing_bracket_that_is_no_credit_is_kept() -> None:
    assert credit_at_end("已成功调解劳动争议案件420件。(下转第2版)") is None
    assert credit_at_end("组织700名劳模(职工)参加疗休养") is None


# Full-width brackets and commas are how Chinese pages write bylines; ASCII ones are rarer.
@pytest.mark.parametrize("line, reporters, correspondents", [
    ("本报讯（记者 王明）", ["王明"], []),
    ("（记者王理略、通讯员鄂文旅）", ["王理略"], ["鄂文旅"]),
    ("记者 张三，通讯员 李四", ["张三"], ["李四"]),
    ("湖北日报全媒记者 戴文辉 通讯员 刘涛", ["戴文辉"], ["刘涛"]),
    ("□ 本报记者 李玉波", ["李玉波"], []),
])
def test_full_width_punctuation_and_press_roles(line: str, reporters: list[str],
                                                 correspondents: list[str]) -> None:
    byline = parse_byline(line)
    assert byline is not None
    assert (byline.reporters, byline.correspondents) == (reporters, correspondents)


def test_a_lead_with_a_full_width_dateline_loses_it() -> None:
    byline, body = split_byline(["湖北日报讯 （记者李婷）2月10日，全省工会启动行动。"])
    assert byline is not None and byline.reporters == ["李婷"]
    assert body == ["2月10日，全省工会启动行动。"]


def test_an_editorial_signed_by_the_paper_is_a_byline_without_names() -> None:
    byline = parse_byline("□ 湖北日报评论员")
    assert byline is not None and not (byline.reporters or byline.correspondents)
    assert parse_byline("本报评论员认为这是好事") is None
