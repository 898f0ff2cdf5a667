"""The page-text splitter: golden tests on the real sample page and on pages written for it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from crawler.splitter import SplitArticle, split_page_text
from tests.paths import FIXTURES

SAMPLE = Path(str(resources.files("crawler").joinpath("data/sample_page.txt")))
PAGES = FIXTURES / "pages"


def split_file(path: Path) -> list[SplitArticle]:
    return split_page_text(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample() -> list[SplitArticle]:
    return split_file(SAMPLE)


# -- the sample page ---------------------------------------------------------------


def test_sample_has_seven_articles_in_page_order(sample: list[SplitArticle]) -> None:
    assert [a.position for a in sample] == [1, 2, 3, 4, 5, 6, 7]
    assert [a.title for a in sample] == [
        "“三级对话”让小哥“声音有人听、难题快速解”",
        "青海工会打造“服务职工”三大品牌",
        "“总经理联络员”制度让职工增强主人翁意识",
        "山东莒县工会开展“爱心互献”活动",
        "“两会”精神进工地",
        "昔日“空心村” 如今“桃花源”",
        "用心用情当好职工信赖的“娘家人”",
    ]


def test_sample_kickers_and_subtitles(sample: list[SplitArticle]) -> None:
    assert [a.kicker for a in sample] == [
        "甘肃民乐县总以站点、园区、社区为载体,分层打造新就业形态劳动者诉求表达平台",
        "",
        "国网长春供电公司深化企业民主管理",
        "",
        "",
        "驻村帮扶两年,工会干部周登清带领村民蹚出一条特色产业振兴之路——",
        "内蒙古工会通过一系列创新举措与务实行动,为职工办实事、解难题——",
    ]
    assert [a.subtitle for a in sample] == ["", "10个工会服务项目助力改善民生", "", "", "", "", ""]


def test_sample_bylines_and_people(sample: list[SplitArticle]) -> None:
    assert [a.byline for a in sample] == [
        "本报讯(记者康劭 通讯员陈世强)",
        "本报讯(记者邢生祥)",
        "本报讯(记者彭冰 柳姗姗 通讯员王领域)",
        "本报讯(记者田国奎 通讯员王立洁)",
        "本报通讯员 王文生 摄",
        "",
        "本报记者 李玉波",
    ]
    people = [(a.reporters, a.correspondents, a.photographers) for a in sample]
    assert people == [
        (["康劭"], ["陈世强"], []),
        (["邢生祥"], [], []),
        (["彭冰", "柳姗姗"], ["王领域"], []),
        (["田国奎"], ["王立洁"], []),
        ([], [], ["王文生"]),
        ([], [], []),
        (["李玉波"], [], []),
    ]


def test_no_byline_text_is_left_in_the_bodies(sample: list[SplitArticle]) -> None:
    for article in sample:
        assert "本报讯" not in article.body
        assert "本报记者" not in article.body
        assert "本报通讯员" not in article.body
        assert not article.body.startswith("(")


def test_leads_start_with_their_first_sentence(sample: list[SplitArticle]) -> None:
    assert sample[0].body.startswith("“以前遇到问题不知道该找谁")
    assert sample[1].body.startswith("记者日前从青海省总工会获悉")
    assert sample[4].body.startswith("3月19日,位于安徽省马鞍山市")


def test_column_break_at_hudongjiao_is_joined(sample: list[SplitArticle]) -> None:
    paragraphs = sample[0].body.split("\n")
    assert "设立站点“劳动者说”互动角、园区“劳动者议”沟通平台,并联合" in sample[0].body
    assert not any(p.endswith("互动角、") for p in paragraphs)
    assert len(paragraphs) == 7


def test_article_continued_from_another_page_stays_under_its_headline(
    sample: list[SplitArticle],
) -> None:
    article = sample[5]
    assert article.body.startswith("些试一试吧!”那是周登清一次次地向餐饮门店推荐")
    assert "“以前,这片地荒废得让人心酸。”村民黄先生回忆往昔:56亩地里" in article.body
    assert article.body.endswith("让黎盆村走上振兴之路。")
    assert "些试一试吧" not in sample[4].body


def test_section_headings_stay_in_their_article(sample: list[SplitArticle]) -> None:
    assert {"巧借资源唤醒沉睡土地", "“要让年轻人留得住、有奔头”"} <= set(
        sample[5].body.split("\n")
    )
    assert {"团结引领职工听党话、跟党走", "锻造高素质产业工人队伍", "服务送到职工心坎上"} <= set(
        sample[6].body.split("\n")
    )


def test_every_column_break_of_article_seven_is_joined(sample: list[SplitArticle]) -> None:
    body = sample[6].body
    seams = ["始终坚持党的领导", "围绕重大历史节点", "劳动模范、能工巧匠", "通过组织开展"]
    for seam in [*seams, "开展农牧民工“求学圆梦行动”"]:
        assert seam in body


def test_summary_box_is_kept_out_of_the_body(sample: list[SplitArticle]) -> None:
    article = sample[6]
    assert article.summary.startswith("打造“工”字号职工文化特色品牌")
    assert article.summary.endswith("在履职尽责中彰显担当作为。")
    assert "阅 读 提 示" not in article.body and article.summary not in article.body
    assert article.body.startswith("内蒙古工人运动具有光荣的革命传统。")
    assert all(a.summary == "" for a in sample[:6])


def test_each_article_ends_where_the_next_begins(sample: list[SplitArticle]) -> None:
    assert sample[0].body.endswith("劳动者满意度达到90%以上。")
    assert sample[3].body.endswith("免费发放428件。")
    assert sample[6].body.endswith("贡献工会力量。")


def test_dump_variants_split_the_same(sample: list[SplitArticle]) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    # Windows line ends and full-width indents, as other dump tools write them.
    variant = "\r\n".join("\u3000\u3000" + line if line else line for line in text.split("\n"))
    assert split_page_text(variant) == sample


# -- pages written for the splitter ------------------------------------------------


def test_page_with_kicker_title_subtitle_photo_short_item_and_box() -> None:
    articles = split_file(PAGES / "page_huzhou.txt")
    assert [(a.kicker, a.title, a.subtitle) for a in articles] == [
        (
            "浙江湖州推进产业工人队伍建设改革——",
            "“工会夜校”开进产业园",
            "两年来8000余名职工在家门口学技能",
        ),
        ("", "宁夏银川开展“送清凉”活动", ""),
        ("", "春耕时节农机忙", ""),
        ("", "广西柳州工会为困难职工子女发放助学金", ""),
        ("为“小个专”职工撑起“保护伞”——", "江苏南通推动小微企业建会入会", ""),
    ]
    people = [(a.reporters, a.correspondents, a.photographers) for a in articles]
    assert people == [
        (["张晓燕", "李明"], ["赵强"], []),
        (["周文涛"], [], []),
        ([], [], ["刘洋"]),
        (["覃海涛"], [], []),
        (["吴迪", "孙悦"], [], []),
    ]


def test_own_page_short_item_ends_at_its_credit() -> None:
    articles = split_file(PAGES / "page_huzhou.txt")
    assert articles[3].byline == "本报记者 覃海涛"
    assert articles[3].body.split("\n") == [
        "近日,广西柳州市总工会为全市236名困难职工子女发放助学金共计70.8万元,帮助他们顺利完成学业。",
        "据了解,这是柳州市总工会连续第15年开展“金秋助学”活动。",
    ]
    assert "广西柳州" not in articles[2].body


def test_own_page_box_and_joins() -> None:
    articles = split_file(PAGES / "page_huzhou.txt")
    assert "开设电商直播、数控操作、育儿心理等课程126门" in articles[0].body
    nantong = articles[4]
    assert nantong.summary.startswith("小微企业、个体工商户和专业市场")
    assert "阅读提示" not in nantong.body and "小个专”)职工人数多" not in nantong.body
    # A paragraph cut after a dash is joined; the dash does not make it a kicker.
    assert "推出“三个一”服务——一张服务卡、一条服务热线、一支志愿服务队。" in nantong.body
    assert nantong.body.split("\n")[1] == "建会模式更灵活"


def test_page_with_continuation_subtitle_spaced_and_glued_headlines() -> None:
    articles = split_file(PAGES / "page_xinjiang.txt")
    assert [(a.kicker, a.title, a.subtitle) for a in articles] == [
        ("", "", ""),
        ("", "一位“老劳模”的新课堂", "——记全国劳动模范、新疆乌鲁木齐某机械厂钳工阿依古丽·买买提"),
        ("", "河南工会推出“技能提升月”", "5万名职工参加线上培训"),
        ("四川泸州深化厂务公开", "“职工说事厅”让建议有回音", ""),
        ("", "工会驿站,你打卡了吗?", ""),
        ("", "一碗热汤暖人心", ""),
        (
            "湖北襄阳市总以“三个清单”为抓手,推动劳动争议多元化解",
            "“调解+仲裁”让劳资纠纷化解在萌芽",
            "",
        ),
    ]


def test_text_above_the_first_headline_is_kept_as_an_untitled_article() -> None:
    first = split_file(PAGES / "page_xinjiang.txt")[0]
    assert first.body.startswith("会服务站,已累计接待职工1.2万人次")
    assert first.byline == ""


def test_own_page_bylines() -> None:
    articles = split_file(PAGES / "page_xinjiang.txt")
    assert articles[1].byline == "本报记者 王海燕 本报通讯员 艾力"
    assert (articles[1].reporters, articles[1].correspondents) == (["王海燕"], ["艾力"])
    assert articles[1].body.startswith("清晨8点,阿依古丽·买买提")
    assert articles[3].correspondents == ["罗成", "庞雪"]
    assert (articles[5].byline, articles[5].reporters) == ("(记者 郑爽)", ["郑爽"])
    assert articles[5].body.endswith("环卫工人老孙说。")
    assert articles[6].reporters == ["欧阳晓明"]


def test_own_page_leads_cut_by_a_column_are_joined() -> None:
    articles = split_file(PAGES / "page_xinjiang.txt")
    assert "课程覆盖智能制造、新能源汽车维修" in articles[2].body
    assert articles[6].body == (
        "今年以来,湖北省襄阳市总工会联合人社、法院等部门,建立劳动争议“调解+仲裁”衔接机制,"
        "已成功调解劳动争议案件420件,涉及金额3100余万元。(下转第2版)"
    )


# -- single rules ------------------------------------------------------------------


def test_a_credit_closing_an_article_without_lead_is_its_own() -> None:
    page = "\n\n".join([
        "打造职工身边的“充电站”——",
        "职工书屋里书香浓",
        "走进车间一角的职工书屋,书架上摆满了技术类图书。",
        "书屋管理员",
        "老周已经在书屋值守了五年。",
        "本报记者 郑凯",
    ])
    [article] = split_page_text(page)
    assert (article.title, article.byline) == ("职工书屋里书香浓", "本报记者 郑凯")
    assert article.body.split("\n") == [
        "走进车间一角的职工书屋,书架上摆满了技术类图书。",
        "书屋管理员",
        "老周已经在书屋值守了五年。",
    ]


def test_a_bare_dateline_leaves_the_closing_credit_to_its_article() -> None:
    page = "\n\n".join([
        "青海工会推出“暖新保”",
        "本报讯 今年,青海省总工会为新就业形态劳动者赠送补充医疗保险。",
        "保障范围更广",
        "今年共为2万名劳动者投保。(记者 邢生祥)",
    ])
    [article] = split_page_text(page)
    assert (article.byline, article.reporters) == ("本报讯 (记者 邢生祥)", ["邢生祥"])
    assert article.body.split("\n") == [
        "今年,青海省总工会为新就业形态劳动者赠送补充医疗保险。",
        "保障范围更广",
        "今年共为2万名劳动者投保。",
    ]


def test_a_box_below_the_credit_line() -> None:
    page = "\n\n".join([
        "职工书屋建设提质增效",
        "本报记者 李玉波",
        "【阅读提示】",
        "全区已建成职工书屋7100多家。",
        "近年来,自治区总工会持续推进职工书屋建设。",
    ])
    [article] = split_page_text(page)
    assert (article.byline, article.summary) == ("本报记者 李玉波", "全区已建成职工书屋7100多家。")
    assert article.body == "近年来,自治区总工会持续推进职工书屋建设。"


def test_a_lead_without_headline_starts_an_untitled_article() -> None:
    page = "\n\n".join([
        "山东工会开展送温暖活动",
        "本报讯(记者 田国奎)近日,山东省总工会开展送温暖活动。",
        "本报讯(通讯员 王立洁)日前,莒县总工会举办招聘会。",
    ])
    articles = split_page_text(page)
    assert [(a.title, a.body) for a in articles] == [
        ("山东工会开展送温暖活动", "近日,山东省总工会开展送温暖活动。"),
        ("", "日前,莒县总工会举办招聘会。"),
    ]


def test_a_photo_report_first_on_the_page() -> None:
    page = "\n\n".join(["劳模进校园", "近日,劳模走进校园与学生交流。", "文/图 本报记者 何立"])
    [article] = split_page_text(page)
    assert (article.title, article.reporters, article.photographers) == (
        "劳模进校园",
        ["何立"],
        ["何立"],
    )
    assert article.body == "近日,劳模走进校园与学生交流。"


@pytest.mark.parametrize("text", ["", "\n\n\n", " \u3000 \n"])
def test_an_empty_page_has_no_articles(text: str) -> None:
    assert split_page_text(text) == []


@pytest.mark.parametrize("line", ["他说：", "这能行吗？", "真好！", "一是抓落实；", "（王明）"])
def test_full_width_marks_end_sentences(line: str) -> None:
    from crawler.splitter import _ends_sentence

    assert _ends_sentence(line)
