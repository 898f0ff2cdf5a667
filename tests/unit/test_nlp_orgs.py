"""Organisations, on sentences written for these tests."""

from __future__ import annotations

from indexer.nlp.orgs import extract_orgs
from indexer.nlp.regions import extract_regions


def orgs(text: str, kind: str = "union") -> list[str]:
    return [o["name"] for o in extract_orgs(text, extract_regions(text)) if o["kind"] == kind]


def test_abbreviation_zong_means_federation():
    assert orgs("洛阳市总召开集体协商推进会。") == ["洛阳市总工会"]


def test_chain_is_written_the_official_way():
    assert orgs("湖南长沙天心区总工会举办读书会。") == ["长沙市天心区总工会"]
    assert orgs("江苏省苏州市昆山市总工会举办比赛。") == ["昆山市总工会"]


def test_short_forms_expand_to_the_article_place():
    text = "洛阳市举办职工运动会。\n市总工会将表彰获奖队伍。"
    assert orgs(text) == ["洛阳市总工会"]
    text = "滑县供水站职工说:“县总工会年年来看我们。”"
    assert orgs(text) == ["滑县总工会"]


def test_generic_mentions_are_not_organisations():
    assert orgs("各级工会和两级总工会要关心企业工会和基层工会。") == []
    assert orgs("工会干部在工会驿站值班。") == []


def test_enterprise_and_grassroots_unions():
    assert orgs("3月2日,市领导到闽侯恒达鞋业有限公司工会调研。") == ["闽侯恒达鞋业有限公司工会"]
    assert orgs("近日,柳林街道工会主席参加培训。") == ["柳林街道工会"]


def test_employers_are_their_own_kind():
    text = "四川恒辉电子材料有限公司的员工收到了防暑用品。"
    assert orgs(text, "employer") == ["四川恒辉电子材料有限公司"]
    assert orgs(text) == []


def test_union_region_and_mentions():
    text = "民乐县总工会推出新机制。民乐县总设立互动角。"
    [org] = extract_orgs(text, extract_regions(text))
    assert org["region"] == "620722"
    assert [text[s:e] for s, e in org["mentions"]] == ["民乐县总工会", "民乐县总"]


def test_head_word_shared_by_a_list_of_places():
    assert orgs("河南滑县、浚县总工会积极行动。") == ["滑县总工会", "浚县总工会"]


def test_short_mention_joins_the_full_name():
    text = "昨天,安阳宏达纺织有限公司工会召开大会。宏达纺织工会还表示将继续服务职工。"
    assert orgs(text) == ["安阳宏达纺织有限公司工会"]


def test_sentences_about_unions_are_not_unions():
    assert orgs("“多亏工会的帮助。”感谢工会心里装着我们。") == []
    assert orgs("推动“加强基层工会规范化建设”落地。") == []
    assert orgs("近日,星辰科创工会主席带队走访。") == ["星辰科创工会"]


def test_one_body_under_two_names():
    text = "浙江省温州市鹿城区总工会举办招聘会。鹿城区总工会常务副主席介绍了情况。"
    [org] = extract_orgs(text, extract_regions(text))
    assert org["name"] == "温州市鹿城区总工会" and len(org["mentions"]) == 2
