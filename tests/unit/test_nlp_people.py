"""People with roles, on sentences written for these tests."""

from __future__ import annotations

from indexer.nlp.people import extract_people


def people(text: str) -> dict[str, tuple[str, str | None]]:
    return {p["name"]: (p["role"], p["title"]) for p in extract_people(text)}


def test_byline_roles():
    found = people("本报讯(记者王晓明 通讯员李红)近日召开会议。")
    assert found == {"王晓明": ("reporter", None), "李红": ("correspondent", None)}
    assert people("(记者 孙丽 赵海)")["赵海"][0] == "reporter"
    assert people("图为活动现场。刘建国 摄")["刘建国"][0] == "photographer"
    assert people("文章完。\n(钱文静)")["钱文静"][0] == "reporter"


def test_officials_keep_their_titles():
    found = people("市总工会党组书记、副主席陈建华表示,要做好服务。")
    assert found == {"陈建华": ("official", "党组书记、副主席")}


def test_given_name_stops_before_the_verb():
    assert set(people("副主席沈兰组织座谈,吴敏主持会议。")) == {"沈兰", "吴敏"}


def test_nicknames_and_forms_of_address_are_not_people():
    assert people("外卖配送员张师傅说,骑手小宋和刘女士都很满意,艾某领到工资。") == {}
    assert people("争创文化特色品牌,工人都发挥作用。") == {}


def test_tibetan_names():
    assert "达瓦次仁" in people("部长达瓦次仁表示,比赛圆满成功。")


def test_studio_named_after_a_worker():
    assert "王建国" in people("参观“王建国劳模创新工作室”。")


def test_mentions_cover_every_occurrence():
    text = "职工周红梅说:“很好。”周红梅还说,明年再来。"
    [person] = extract_people(text)
    assert [text[s:e] for s, e in person["mentions"]] == ["周红梅", "周红梅"]
