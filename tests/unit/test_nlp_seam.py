"""The extractor seam: typed entities, proposers and extractors composed by a pipeline."""

from __future__ import annotations

import json

from indexer.nlp import entities
from indexer.nlp.entities import Entity, Theme
from indexer.nlp.extractor import Document, Pipeline
from indexer.nlp.gazetteer import gazetteer
from indexer.nlp.pipeline import OUTPUT, build_pipeline, extract
from indexer.nlp.proposers.lac import Proposals, Token
from indexer.nlp.text import Span

TEXT = ("甘肃省民乐县总工会开展“工会驿站·暖心行”活动,为120名户外劳动者送去慰问品。"
        "县总工会主席李明华说,驿站将全年开放。\n记者 王小明")


class Fixed:
    """A proposer that tags the given surfaces wherever they occur."""

    name = "fixed"

    def __init__(self, tags: dict[str, str]) -> None:
        self.tags = tags

    def propose(self, text: str, sentences: list[Span]) -> Proposals:
        tokens = []
        for surface, tag in self.tags.items():
            start = text.find(surface)
            while start >= 0:
                tokens.append(Token(start, start + len(surface), surface, tag))
                start = text.find(surface, start + 1)
        return Proposals(sorted(tokens, key=lambda t: t.start))


def test_the_output_keeps_its_keys_and_order():
    result = extract(TEXT)
    assert list(result) == ["primary_region", *OUTPUT]
    assert json.loads(json.dumps(result, ensure_ascii=False)) == result


def test_every_entity_carries_its_mentions_as_offsets_into_the_text():
    result = extract(TEXT)
    for kind in ("regions", "orgs", "people", "programmes", "localities"):
        for record in result[kind]:
            for start, end in record["mentions"]:
                assert 0 <= start < end <= len(TEXT)
    assert [TEXT[s:e] for s, e in result["people"][0]["mentions"]] == ["李明华"]
    [union] = [o for o in result["orgs"] if o["name"] == "民乐县总工会"]
    assert [TEXT[s:e] for s, e in union["mentions"]][0] == "甘肃省民乐县总工会"  # as written


def test_typed_entities_give_back_the_records_they_were_made_from():
    result = extract(TEXT)
    for kind, make in (("regions", entities.region), ("orgs", entities.org),
                       ("people", entities.person), ("programmes", entities.programme),
                       ("figures", entities.figure)):
        for record in result[kind]:
            entity = make(record)
            assert isinstance(entity, Entity)
            assert entity.to_json() == record
    assert Theme("劳模", ()).to_json() == "劳模"


def test_a_proposer_is_evidence_the_rules_check():
    text = "在文昌社区,志愿者胡文斌和外卖员张师傅一起清扫。"
    rules_alone = build_pipeline(gazetteer(), []).run(text)
    assert [p["name"] for p in rules_alone["people"]] == []
    proposed = Fixed({"胡文斌": "PER", "张师傅": "PER", "满意度": "PER", "文昌": "LOC"})
    result = build_pipeline(gazetteer(), [proposed]).run(text + "满意度很高。")
    assert [p["name"] for p in result["people"]] == ["胡文斌"]  # no title form, no word
    assert "469005" not in {r["adcode"] for r in result["regions"]}  # 文昌社区 stays a community


def test_a_pipeline_composes_any_extractor():
    class Lengths:
        key = "lengths"

        def extract(self, doc: Document) -> list[Entity]:
            return [Theme(str(len(s.text)), ()) for s in doc.sentences]

    result = Pipeline([Lengths()]).run("一句。两句话。")
    assert result == {"primary_region": None, "lengths": ["3", "4"]}
