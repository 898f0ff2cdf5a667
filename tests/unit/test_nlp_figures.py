"""The numeric grammar of figures, on sentences written for these tests."""

from __future__ import annotations

import pytest

from indexer.nlp.figures import extract_figures


def values(text: str) -> list[tuple[float, str]]:
    return [(f["value"], f["unit"]) for f in extract_figures(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("累计发放补助金3.23亿元。", [(323_000_000, "元")]),
    ("帮助2.4万名职工参加培训。", [(24000, "名")]),
    ("惠及近万人。", [(10000, "人")]),
    ("服务职工30余万人次。", [(300_000, "人次")]),
    ("走访企业十余家,慰问两名职工。", [(10, "家"), (2, "名")]),
    ("建成百余个驿站。", [(100, "个")]),
    ("为150万工会会员办理保障。", [(1_500_000, "工会会员")]),
    ("每人发放1000元至3000元不等。", [(1000, "元"), (3000, "元")]),
    ("满意度达到百分之六十。", [(0.6, "%")]),
    ("气温逼近38℃。", [(38, "℃")]),
    ("建筑面积22.7万平米。", [(227_000, "平米")]),
])
def test_values_and_units(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text", [
    "2025年3月6日上午,记者来到现场。",
    "发布时间:2018-05-11 16:10",
    "连续19年开展活动,两个月内完成,承诺在5个工作日内发放。",
    "第一批、首批项目和第二届大赛。",
    "他是一名普通工人,这是一个缩影。",
    "联系合作商家数百家。",
    "推动“15项+”服务进驿站,落实“十四五”规划。",
    "文章字数:418",
    "责任编辑:zN_3014",
    "把温暖送到千家万户。",
    "《关于开展2024年金秋助学活动的通知》",
])
def test_not_figures(text):
    assert values(text) == []


def test_change_qualifier_and_metric():
    text = "劳动争议案件数量下降60%,满意度比去年增长两成,参保人数达1692人以上。"
    figures = {f["text"]: f for f in extract_figures(text)}
    assert figures["60%"]["change"] == "下降" and figures["60%"]["value"] == 0.6
    assert figures["60%"]["metric"] == "劳动争议案件数量"
    assert figures["两成"]["value"] == 0.2 and figures["两成"]["change"] == "增长"
    assert figures["1692人以上"]["qualifier"] == "以上"


def test_number_broken_across_lines_keeps_its_span():
    text = "分别向\n217\n名快递员子女发放助学金"
    [figure] = extract_figures(text)
    assert (figure["value"], figure["unit"], figure["text"]) == (217, "名", "217\n名")
    assert text[figure["start"]:figure["end"]] == figure["text"]
    assert figure["metric"] == "快递员子女"


def test_metric_is_what_is_counted():
    [money] = extract_figures("县总工会为困难职工发放慰问金共计5万元。")
    assert money["metric"] == "慰问金"
    [firms] = extract_figures("吸引46家企业参与招聘。")
    assert firms["metric"] == "企业"


def test_ranges_give_both_bounds_the_unit():
    assert values("每人补助1000至3000元。") == [(1000, "元"), (3000, "元")]
    assert values("投入3-5万元。") == [(30000, "元"), (50000, "元")]


# -- metrics: what a figure counts -------------------------------------------------------


def metrics_of(text: str) -> list[tuple]:
    from indexer.nlp.regions import extract_regions

    return [(f["text"], f["metric"]) for f in extract_figures(text, extract_regions(text))]


def test_a_metric_is_a_whole_phrase_on_word_boundaries():
    assert metrics_of("全国职工书屋示范点已达120家。") == [("120家", "职工书屋示范点")]
    assert metrics_of("县总工会为职工办实事项目30个。") == [("30个", "实事项目")]
    assert metrics_of("福建省新建工会驿站112个。") == [("112个", "工会驿站")]


def test_a_metric_after_the_classifier_ends_at_the_verb():
    assert metrics_of("14个工会驿站累计服务劳动者。") == [("14个", "工会驿站")]
    assert metrics_of("全省共有32名职工荣获奖章。") == [("32名", "职工")]
    assert metrics_of("为1497名新加入工会组织的新就业形态劳动者发放礼包。") == [
        ("1497名", "新就业形态劳动者")]


def test_a_subject_before_da_keeps_its_verb_and_money_takes_the_fund():
    assert metrics_of("参保人数达14669人。") == [("14669人", "参保人数")]
    assert metrics_of("每人发放助学金5000元。") == [("5000元", "助学金")]
    assert metrics_of("送去10万元慰问金。") == [("10万元", "慰问金")]


def test_no_metric_where_the_clause_names_nothing_counted():
    assert metrics_of("共投入2000多万元,支持建设。") == [("2000多万元", None)]


def test_a_physical_measure_is_the_measure_not_its_owner():
    assert metrics_of("该项目总建筑面积15481平方米。") == [("15481平方米", "总建筑面积")]


def test_a_figure_is_placed_in_the_place_written_before_its_metric():
    from indexer.nlp.regions import extract_regions

    text = "福建省新建工会驿站112个。"
    [figure] = extract_figures(text, extract_regions(text))
    assert figure["region"] == "350000"  # 新建 is the verb, not 江西省's 新建区


# -- metric kinds found on the real sets (sentences written here) ------------------------


def _metric(text: str) -> str | None:
    from indexer.nlp.figures import extract_figures

    [figure] = extract_figures(text)
    return figure["metric"]


def test_the_item_next_to_deng_is_counted():
    assert _metric("覆盖快递员、保安员等约800人。") == "保安员"


def test_verbs_before_people_counted_are_the_clauses():
    assert _metric("今年市总工会走访慰问职工达3000余人。") == "职工"
    assert _metric("开展技能培训,培训职工12万人次。") == "职工"
    assert _metric("全县参保会员1200人。") == "参保会员"


def test_a_verb_and_its_object_kept_whole_by_the_dictionary_are_two_words():
    # jieba's reading (the fast mode) keeps 出席会议 and 筹集资金 as one noun.
    from indexer.nlp.figures import extract_figures
    from indexer.nlp.words import JiebaWords

    def fast(text: str) -> str | None:
        [figure] = extract_figures(text, None, JiebaWords(text))
        return figure["metric"]

    assert fast("171名工会代表出席会议。") == "工会代表"
    assert fast("共筹集资金5万多元。") == "资金"
    assert fast("项目占地面积40亩。") == "占地面积"


def test_a_bracket_is_part_of_a_name_only_before_a_noun_at_once():
    assert _metric("惠及1.6万余名职工(副题)\n海南日报讯 记者从省总工会获悉") == "职工"
    assert _metric("全区慰问职工达 4000 余人。") == "职工"


def test_a_cut_through_gonghui_is_mended():
    assert _metric("全市建成30家智能化工会驿站。") in ("智能化工会驿站", "工会驿站")
