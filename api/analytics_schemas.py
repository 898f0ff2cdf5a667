"""The pydantic models of the analysis routes' responses, for the OpenAPI page at /docs.

The analyses (``api/analytics/``) build plain dicts; these models describe them, and
FastAPI checks each response against its model. Fields are declared in the order the
dicts have them, so the JSON is the same with or without a model. The shared shapes
(Region, Count) come from ``api.schemas``; docs/api.md describes every shape in prose.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.schemas import Count, Region

# A figure's value as written: 7100 stays an integer, 0.6 a real. ``int`` first, so
# an integer is never read as a real.
Number = int | float


class ArticleRef(BaseModel):
    """How an analysis row points back to its article."""

    id: str
    title: str
    date: str | None
    source: str | None = Field(description="The newspaper's name, e.g. 工人日报.")
    page: str | None = Field(description="The page (版次), when known.")
    url: str | None


class PlaceCount(Count):
    """A count of a place, with its region object (for maps); ``null`` when the
    gazetteer does not know the name."""

    region: Region | None


# -- /api/timeline ------------------------------------------------------------------------


class TimelineBucket(BaseModel):
    key: str = Field(description="The period: YYYY, or YYYY-MM with interval=month.")
    group: str | None = Field(description="The value of the `by` facet; null when not split.")
    count: int = Field(description="Articles of the search in this period (and group).")


class TimelineShareBucket(TimelineBucket):
    """A bucket in ``share`` mode: ``total`` and ``share`` are present in that mode only."""

    total: int = Field(description="All articles of the same period, group and newspapers, "
                                   "without the text or other filters.")
    share: float | None = Field(description="count ÷ total, rounded to 4 places; null when "
                                            "total is 0.")


class TimelineResponse(BaseModel):
    interval: str = Field(description="year or month.")
    by: str | None = Field(description="The facet each bucket is split by, if any.")
    mode: str = Field(description="count or share.")
    buckets: list[TimelineShareBucket | TimelineBucket]
    groups: list[Count] = Field(description="The series of a split timeline, largest first; "
                                            "empty when not split.")
    keys: list[str] = Field(description="Every period that has a bucket, in order.")


# -- /api/programmes ----------------------------------------------------------------------


class DatedArticle(BaseModel):
    """A programme's first or last dated mention: its date and its article."""

    date: str | None
    article: ArticleRef


class ProgrammeEntry(BaseModel):
    """A programme of the catalogue, placed by the primary regions of its articles."""

    name: str
    kind: str | None = Field(description="The kind most of its articles give it "
                                         "(programme, brand, campaign, platform, slogan; "
                                         "facility: a kind of facility such as 工会驿站).")
    themes: list[Count] = Field(description="Themes of the articles that mention it.")
    provinces: list[PlaceCount] = Field(description="Provinces of those articles, with counts.")
    counties: list[PlaceCount] = Field(description="Counties of those articles, with counts "
                                       "(in the catalogue the 10 most frequent; a programme's "
                                       "own page and the CSV list every one).")
    county_count: int = Field(description="How many counties its articles are about.")
    articles: int = Field(description="Articles that mention it.")
    mentions: int = Field(description="Its mentions in those articles (an article naming "
                                      "it without offsets counts one).")
    first: DatedArticle | None = Field(description="Its oldest dated mention.")
    last: DatedArticle | None = Field(description="Its newest dated mention.")


class ProgrammesResponse(BaseModel):
    total: int = Field(description="Programmes in the catalogue of the search (all pages).")
    page: int
    size: int
    programmes: list[ProgrammeEntry] = Field(description="This page, most widely "
                                                         "reported first.")
    kinds: list[Count] = Field(description="Programme kinds over the whole catalogue.")


class ProgrammeMention(BaseModel):
    article: ArticleRef
    region: Region | None = Field(description="The primary region of the article.")
    context: str | None = Field(description="The words around the mention.")
    start: int = Field(description="Offset of the mention in the article's text.")
    end: int = Field(description="End offset (exclusive) of the mention.")


class ProvinceMentions(PlaceCount):
    """A programme's mentions in one province (未知地区 when the article has no place):
    ``count`` mentions in all, the newest 20 listed."""

    mentions: list[ProgrammeMention]


class ProgrammeResponse(ProgrammeEntry):
    """One programme: its catalogue entry, its mentions by province, its timeline."""

    by_province: list[ProvinceMentions] = Field(description="Busiest province first.")
    timeline: TimelineResponse = Field(description="Its articles per period, by province.")


class SimilarProgramme(BaseModel):
    name: str
    score: float = Field(description="TF-IDF cosine of the words around the mentions.")
    provinces: list[PlaceCount] = Field(description="Its articles per province.")
    shared_terms: list[str] = Field(description="The shared words that weigh most in both.")


class SimilarResponse(BaseModel):
    name: str
    provinces: list[PlaceCount] = Field(description="The programme's articles per province.")
    similar: list[SimilarProgramme] = Field(description="Programmes reported in a province "
                                                        "where this one is not, best first.")


# -- /api/figures -------------------------------------------------------------------------


class FigureRow(BaseModel):
    """A row of the figure ledger: one numeric claim of an article."""

    id: str = Field(description="<article id>:<position of the figure in its extraction>.")
    value: Number
    unit: str | None
    qualifier: str | None = Field(description="多, 余, 以上, 近, 约, 不到 ...: read into `range`.")
    change: str | None = Field(description="For a figure of change (增长, 下降), the change.")
    metric: str | None = Field(description="What is counted, e.g. 职工书屋.")
    text: str | None = Field(description="The span the NLP found: number and unit.")
    phrase: str | None = Field(description="The figure as a reader quotes it, with what it "
                                           "counts.")
    sentence: str | None = Field(description="The sentence the figure is in.")
    region: Region | None = Field(description="The figure's place, else its article's.")
    date: str | None = Field(description="The article's date.")
    period: str | None = Field(description="The article's year: conflicts are within a year.")
    article: ArticleRef
    range: tuple[Number | None, Number | None] = Field(
        description="The values the qualifier allows, [low, high]; high null: no limit; "
        "both null for a question.")
    question: bool = Field(False, description="The text asks for the figure (有多少, 几家).")
    conflict: bool = Field(description="Whether another figure of the same metric, unit, "
                                       "change, place and year cannot be reconciled with it.")
    conflicts_with: list[str] = Field(description="The ids of the rows it conflicts with "
                                      "(the first 20, in ledger order).")
    conflicts_count: int = Field(0, description="How many rows it conflicts with.")
    story: str | None = Field(None, description="The story of its article: the printings of "
                                                "one report share it.")
    sources: list[ArticleRef] = Field([], description="Every printing of the story that "
                                      "prints this figure, its own article first: one claim, "
                                      "several sources, not independent reports.")


class FigureConflict(BaseModel):
    """Figures about the same thing, place and year whose ranges do not all meet."""

    metric: str | None
    region: Region | None
    period: str | None
    unit: str | None
    count: int = Field(description="Rows of the group.")
    rows: list[str] = Field(description="The ids of the rows of the group (the first 50).")
    values: list[str | Number] = Field(description="Each listed row's phrase (else its "
                                                   "value).")


class FiguresResponse(BaseModel):
    total: int = Field(description="Rows of the ledger of the search (all pages).")
    page: int
    size: int
    rows: list[FigureRow] = Field(description="This page: by metric, place, date and value.")
    conflicts: list[FigureConflict] = Field(description="The conflicts of this page's rows: "
                                            "each group of figures a row of the page is in "
                                            "whose values cannot all be right.")
    conflict_groups: int = Field(description="Groups in conflict among all the rows "
                                             "(all pages).")
    metrics: list[Count] = Field(description="Metrics of the search's figures, before "
                                             "metric= and unit= narrow them.")
    units: list[Count] = Field(description="Units of the search's figures, before "
                                           "metric= and unit= narrow them.")


class Claim(BaseModel):
    """The figure read from the text to check, with the place it names; for a question
    (内蒙古有多少家职工书屋) the metric and place it asks about, without a value."""

    value: Number | None = Field(description="Null for a question.")
    unit: str | None
    qualifier: str | None
    change: str | None
    metric: str | None
    text: str | None = Field(description="The span the NLP found: number and unit.")
    region: Region | None = Field(description="The place the text names, if any.")
    range: tuple[Number | None, Number | None] = Field(
        description="The values the qualifier allows, [low, high]; high null: no limit; "
        "both null for a question.")
    question: bool = Field(False, description="The text asks for the figure (有多少, 几家).")


class CheckedRow(FigureRow):
    agrees: bool | None = Field(description="Whether its range meets the claim's; null "
                                            "without a claim or for a question.")


class FigureCheckResponse(BaseModel):
    text: str = Field(description="The figure to check, as given.")
    claim: Claim | None = Field(description="Null when no figure can be read from the text: "
                                            "the rows are then those quoting the text.")
    total: int = Field(description="Matching rows (all pages).")
    page: int
    size: int
    agreeing: int = Field(description="Matching rows that agree (all pages).")
    disagreeing: int = Field(description="Matching rows that disagree (all pages).")
    matches: list[CheckedRow] = Field(description="This page of the matching ledger rows.")
    sources: list[ArticleRef] = Field(description="The articles of the rows shown.")


# -- /api/compare -------------------------------------------------------------------------


class KeyFigure(FigureRow):
    """A figure a column's articles state, as its newest row, with how often it is repeated."""

    reports: int = Field(description="Independent reports stating the same metric, value, "
                                     "unit and change (a reprint under the same headline "
                                     "counted once); the key figures are ranked by it.")
    reported_in: list[ArticleRef] = Field(description="The articles stating it, newest first.")


class CompareColumn(BaseModel):
    """One compared province or named query: ``count`` articles, and the top 10 of each list."""

    value: str = Field(description="The province, or the query's name.")
    query: str | None = Field(description="A named query's words; null for a province.")
    count: int
    region: Region | None = Field(description="The province's region; null for a query.")
    articles: list[ArticleRef] = Field(description="Its first 10 articles, in the "
                                                  "search's order.")
    programmes: list[Count]
    orgs: list[Count] = Field(description="Union bodies.")
    themes: list[Count]
    counties: list[PlaceCount]
    figures: list[KeyFigure] = Field(description="Its figures that say what they count, "
                                                 "those most reports repeat first.")


class CompareResponse(BaseModel):
    by: str = Field(description="province: a column per province=; query: per query=.")
    columns: list[CompareColumn]
    shared_programmes: list[Count] = Field(description="Programmes reported in more than one "
                                                       "of the columns; count: in how many.")


# -- /api/export ------------------------------------------------------------------------


class ExportRecord(BaseModel):
    """One article of an export (``format=json``); CSV has the same columns."""

    id: str
    title: str
    kicker: str | None
    subtitle: str | None
    authors: list[str] = Field(description="Reporters, correspondents, photographers.")
    source: str = Field(description="The newspaper's name.")
    date: str | None
    page: str | None = Field(description="The page (版次), when known.")
    page_name: str | None
    url: str | None
    provinces: list[str]
    programmes: list[str]
    themes: list[str]
    citation: str = Field(description="Its GB/T 7714-2015 reference.")
