"""Themes: a small taxonomy of union work, assigned by keywords.

==================  ===========================================================
theme               what it covers (keywords)
==================  ===========================================================
维权服务            rights, legal aid, wage arrears (维权, 法律援助, 欠薪, 劳动争议 …)
劳动竞赛            labour and skills competitions (劳动竞赛, 技能竞赛, 技能大赛, 比武 …)
职工之家/驿站       workers' homes and rest stations (职工之家, 工会驿站, 爱心驿站, 司机之家 …)
新就业形态          platform and gig workers (新就业形态, 外卖, 快递, 骑手, 网约车 …)
困难帮扶/送温暖     hardship relief and seasonal care (送温暖, 困难职工, 帮扶, 金秋助学, 送清凉 …)
技能提升/工匠       skills, craftsmen, innovation studios (工匠, 技能提升, 创新工作室, 职业技能 …)
民主管理/集体协商   workplace democracy, bargaining (集体协商, 民主管理, 职代会, 厂务公开 …)
职工文化/书屋       culture, reading, sport (职工书屋, 文化, 读书, 文艺, 宣讲 …)
劳模                model workers (劳模, 劳动模范, 五一劳动奖 …)
安全生产            safety at work, heat protection (安全生产, 安康杯, 防暑降温, 职业健康 …)
女职工              women workers, mother-and-baby rooms (女职工, 母婴室, 妈妈小屋 …)
就业服务            job fairs and employment help (就业, 招聘, 春风行动, 带岗 …)
建会入会            organising: founding unions, recruiting members (建会, 入会, 联合工会 …)
互助保障            mutual-aid insurance and member cards (互助保障, 会员卡, 工惠卡, 普惠 …)
==================  ===========================================================

A theme is given when its keywords occur at least twice in the text, or once in the
headline zone; themes are listed strongest first.
"""

from __future__ import annotations

from indexer.nlp.text import lead_end

TAXONOMY: dict[str, tuple[str, ...]] = {
    "维权服务": ("维权", "权益维护", "维护职工权益", "法律援助", "法律服务", "欠薪", "讨薪", "拖欠",
             "劳动争议", "劳动关系", "法律监督", "调解"),
    "劳动竞赛": ("劳动竞赛", "技能竞赛", "技能大赛", "职业技能大赛", "技能比赛", "比武", "立功竞赛",
             "竞赛活动"),
    "职工之家/驿站": ("职工之家", "职工小家", "工会驿站", "爱心驿站", "户外劳动者服务站",
    "司机之家",
                "驿站", "幸福之家", "服务阵地"),
    "新就业形态": ("新就业形态", "新业态", "外卖", "快递", "骑手", "网约车", "送餐员", "配送员",
              "平台企业", "货车司机", "小哥"),
    "困难帮扶/送温暖": ("送温暖", "困难职工", "帮扶", "金秋助学", "助学", "慰问", "送清凉",
    "夏送清凉",
                  "解困脱困", "救助"),
    "技能提升/工匠": ("工匠", "技能提升", "创新工作室", "职业技能", "技能培训", "技术创新", "匠心",
                "技能人才", "产业工人队伍建设"),
    "民主管理/集体协商": ("集体协商", "民主管理", "职代会", "职工代表大会", "厂务公开", "要约",
                    "工资协商", "联络员"),
    "职工文化/书屋": ("职工书屋", "职工文化", "读书", "文艺", "宣讲", "文化宫", "阅读", "文体"),
    "劳模": ("劳模", "劳动模范", "五一劳动奖", "劳模精神", "先进工作者"),
    "安全生产": ("安全生产", "安康杯", "防暑降温", "职业健康", "高温", "安全隐患", "劳动保护"),
    "女职工": ("女职工", "母婴室", "妈妈小屋", "哺乳", "女工"),
    "就业服务": ("就业", "招聘", "春风行动", "带岗", "求职", "岗位"),
    "建会入会": ("建会", "入会", "联合工会", "会员", "组建工会", "工会组建"),
    "互助保障": ("互助保障", "会员卡", "工惠卡", "普惠", "医疗互助", "补充医疗保险", "互助医保"),
}
MIN_SCORE = 2
HEADLINE_WEIGHT = 2


def extract_themes(text: str) -> list[str]:
    lead = text[:lead_end(text)]
    scores = {}
    for theme, keywords in TAXONOMY.items():
        score = sum(text.count(k) for k in keywords)
        score += HEADLINE_WEIGHT * sum(lead.count(k) for k in keywords)
        if score >= MIN_SCORE:
            scores[theme] = score
    return sorted(scores, key=lambda t: -scores[t])
