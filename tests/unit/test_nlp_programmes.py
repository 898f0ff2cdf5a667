"""Programmes in quotation marks, on sentences written for these tests."""

from __future__ import annotations

from indexer.nlp.programmes import extract_programmes


def names(text: str) -> list[str]:
    return [p["name"] for p in extract_programmes(text)]


def test_initiatives_are_programmes_with_a_kind():
    [p] = extract_programmes("县总工会开展“金秋助学”活动。")
    assert (p["name"], p["kind"]) == ("金秋助学", "campaign")
    assert names("实施“暖新保”项目,为骑手赠送保险。") == ["暖新保"]
    assert names("用好“工会服务职工就业帮扶”网上平台。") == ["工会服务职工就业帮扶"]


def test_variants_are_merged():
    text = "实施“暖新保”项目。“暖新保”惠及两万人。"
    [p] = extract_programmes(text)
    assert p["name"] == "暖新保" and len(p["mentions"]) == 2
    assert [text[s:e] for s, e in p["mentions"]] == ["暖新保", "暖新保"]


def test_ordinary_words_speech_and_titles_are_not():
    assert names("当好职工信赖的“娘家人”,打通服务的“最后一公里”。") == []
    assert names("他说:“我们的工作得到了认可。”") == []
    assert names("授予“工人先锋号”荣誉称号。") == []
    assert names("开展以“比安全、比质量”为主要内容的竞赛。") == []
    assert names("落实“十四五”规划,推动“3+1”发展。") == []


def test_single_units_are_not_programmes():
    assert extract_programmes("为“王建国劳模创新工作室”授牌。", ["王建国"]) == []
    assert names("“飞燕女子班组”揭牌。") == []


def test_slogans():
    [p] = extract_programmes("举行“工会连万家,服务暖人心”助学金发放仪式。")
    assert p["kind"] == "slogan"


def test_quote_runs_share_the_head_noun():
    text = "启动“春暖行动 我们同行”暨“奋斗新时代 建功新征程”劳动竞赛。"
    assert names(text) == ["春暖行动 我们同行", "奋斗新时代 建功新征程"]
    assert names("举行“匠心筑梦 技能报国”职工技能大赛启动仪式。") == ["匠心筑梦 技能报国"]


def test_titles_platforms_and_goals_are_not_programmes():
    text = "推进会上,“燕赵工匠”、某某建设有限公司职工王建军宣读倡议书。"
    assert extract_programmes(text, ["王建军"]) == []
    assert names("来自“美团外卖”“饿了么”等平台的骑手。") == []
    assert names("推广“3456”工作法。") == ["3456"]


# -- the classes REAL2.md leaves out, and the names it keeps (sentences written here) --


def test_facility_types_are_not_programmes_and_named_facilities_are():
    assert names("推进“户外劳动者服务站”“职工之家”等阵地建设。") == []
    assert names("新建“工会驿站”12个。") == []
    assert names("察看了“滨江职工之家”选址地块。") == ["滨江职工之家"]
    assert names("设立“暖蜂驿站”服务快递小哥。") == ["暖蜂驿站"]


def test_numbered_labels_are_not_programmes():
    assert names("打造县域“三大平台”枢纽。") == []
    assert names("服务“八大群体”入会。") == []
    assert names("推进“小三级”建设。") == []
    assert names("开展“五个一行动”,实现全覆盖。") == ["五个一行动"]
    # Levels: “三级对话”机制 is named by its levels; “三级工会” is a kind of union.
    assert names("推行“三级对话”机制。") == ["三级对话"]
    assert names("夯实基层“三级工会”支撑。") == []


def test_standard_honours_are_out_and_brands_made_from_them_in():
    assert names("组织“先锋号”宣讲团走进车间。") == ["先锋号"]
    assert names("获评“青年文明号”。") == []


def test_a_quote_used_once_as_a_likeness_is_one_everywhere():
    assert names("筑牢服务“暖心站”\n把驿站建成职工的“暖心站”。") == []


def test_small_set_against_big_is_a_figure_of_speech():
    assert names("以“小课堂”讲透“大道理”。") == []


def test_lists_of_short_words_are_methods_unless_they_name_a_campaign():
    assert names("通过“建、管、用”一体化推进。") == []
    assert names("以“精准识别、靶向帮扶”为核心。") == []
    assert names("开展“比技能、促发展”活动。") == ["比技能、促发展"]


def test_dates_and_ordinals_between_verb_and_quote():
    assert names("举办2024年第三次“职工恳谈会”,全市12个区参加。") == ["职工恳谈会"]
    assert names("由县总工会举办的“匠心筑梦 技能强县”吸引职工参加。") == ["匠心筑梦 技能强县"]


def test_a_day_set_by_name_is_a_programme():
    assert names("提出将每年5月10日设为“职工健康服务日”,呼吁各界参与。") == ["职工健康服务日"]


def test_the_states_of_a_change_and_descriptions_are_not_names():
    assert names("将书屋从“借书点”升级为“充电站”,提升服务。") == []
    assert names("紧紧围绕“建设现代化产业体系的重要支点”目标任务。") == []


def test_a_long_name_before_its_head_noun():
    name = "劳动者之歌·滨江篇——劳模工匠唱 青年职工和 全城共同唱响"
    assert names(f"精心打造“{name}”特色品牌。") == [name]


def test_named_national_initiatives_are_programmes():
    assert names("紧紧围绕“一带一路”、长江经济带建设。") == ["一带一路"]
