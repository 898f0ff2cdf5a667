"""Region extraction and the gazetteer, on sentences written for these tests."""

from __future__ import annotations

import pytest

from indexer.nlp.gazetteer import gazetteer, short_name
from indexer.nlp.regions import extract_regions


def codes(text: str) -> set[str]:
    return {r["adcode"] for r in extract_regions(text).regions}


def primary(text: str) -> str | None:
    p = extract_regions(text).primary
    return p["adcode"] if p else None


def test_gazetteer_lookups():
    gaz = gazetteer()
    minle = gaz.get("620722")
    assert (minle["name"], minle["level"], minle["city"], minle["province"]) == (
        "民乐县", "county", "张掖市", "甘肃省")
    assert gaz.get("620722000000")["adcode"] == "620722"
    assert gaz.province_of("620722")["name"] == "甘肃省"
    assert gaz.city_of("110105") is None  # districts of Beijing sit under no city
    assert gaz.get("659003")["city"] is None  # 图木舒克市 is under the region directly
    assert len(gaz.all_regions()) > 3000
    assert {r["adcode"] for r in gaz.by_name("朝阳区")} == {"110105", "220104"}
    assert [r["name"] for r in gaz.by_short("内蒙古")] == ["内蒙古自治区"]


def test_gazetteer_knows_units_newer_than_cpca():
    gaz = gazetteer()
    assert gaz.get("230723")["name"] == "汤旺县"
    assert gaz.get("230723")["lat"] is not None
    assert [r["adcode"] for r in gaz.by_name("长乐市")] == ["350112"]  # now 长乐区


def test_unknown_adcode_says_so():
    with pytest.raises(KeyError, match="unknown adcode"):
        gazetteer().get("999999")


@pytest.mark.parametrize(("name", "level", "short"), [
    ("甘肃省", "province", "甘肃"), ("广西壮族自治区", "province", "广西"),
    ("湘西土家族苗族自治州", "city", "湘西"), ("陵水黎族自治县", "county", "陵水"),
    ("滑县", "county", None), ("民乐县", "county", "民乐"),
])
def test_short_names(name, level, short):
    assert short_name(name, level) == short


def test_words_that_contain_a_place_name_are_not_that_place():
    assert codes("社区居民在文昌社区议事。") == set()
    assert codes("他家住在长春路附近。") == set()


def test_places_inside_firm_and_facility_names_are_regions_but_not_the_place_of_the_report():
    # The corpus rules (REAL2.md): 国网长春供电公司 is in 长春市, 桂林北站 in 桂林市.
    for text, code in (("四川宏远塑业有限公司的员工领到了礼包。", "510000"),
                       ("国网长春供电公司召开职代会。", "220100"),
                       ("列车经停桂林北站。", "450300")):
        assert codes(text) == {code}
        assert extract_regions(text).mentions == []  # nothing to place orgs or figures in
    # With no other place named, the firm's place is what the report is about; with one,
    # it is not.
    assert extract_regions("国网长春供电公司召开职代会。").primary["adcode"] == "220100"
    text = "吉林市总工会走访国网长春供电公司。"
    assert extract_regions(text).primary["adcode"] == "220200"
    assert codes(text) == {"220200", "220100"}


def test_two_character_counties_only_as_whole_words():
    assert codes("争创示范县。") == set()
    assert codes("河南滑县总工会成立联合工会。") == {"410000", "410526"}


def test_shared_names_follow_the_context():
    assert codes("长春市朝阳区总工会开展慰问。") == {"220100", "220104"}
    assert "110105" in codes("朝阳区总工会开展慰问。")
    assert "350102" in codes("福州市鼓楼区总工会召开会议。")


def test_county_short_forms_need_their_city():
    assert "350121" in codes("福州市总工会来到闽侯走访企业。")
    assert codes("民乐演出很精彩。") == set()


def test_primary_is_the_headline_place_not_the_most_mentioned():
    text = ("浙江海宁市总工会开展送清凉活动\n"
            "近日,海宁市总工会走访企业。杭州、杭州、杭州的同行也来学习。")
    assert primary(text) == "330481"


def test_primary_descends_to_the_one_county_named_early():
    text = "湖南长沙开展冬日暖心行动\n长沙市天心区总工会为环卫工人送去热饭。"
    assert primary(text) == "430103"


def test_municipality_district():
    region = extract_regions("重庆市璧山区总工会举办培训。").primary
    assert (region["province"], region["city"], region["county"]) == ("重庆市", None, "璧山区")


def test_companies_roads_and_bank_names_are_not_places():
    # A road named after a city is not in it; a university, bank or airline is.
    text = "他毕业于武汉大学,家住南京东路,在宁波银行工作,常坐海南航空的航班。"
    assert codes(text) == {"420100", "330200", "460000"}


def test_news_agencies_are_not_districts():
    assert codes("石家庄市总工会开展活动,新华社、新华网作了报道。") == {"130100"}
