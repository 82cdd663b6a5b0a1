"""Reading e-Gov 法令XML: the 行政手続法 file whole (every chapter, article, paragraph, item, the
original and amending 附則), ruby and tables kept or reported, and the export read back."""

from __future__ import annotations

import re

import pytest
from clausewise.drafts.billfile import load_bill
from clausewise.drafts.errors import XmlError
from clausewise.drafts.readers import egov
from clausewise.drafts.render import render_bill
from clausewise.drafts.writers import egov as egov_writer
from lxml import etree

from tests.conftest import _missing


@pytest.fixture(scope="module")
def egov_path(corpus_dir):
    files = sorted((corpus_dir / "jp" / "egov").glob("*.xml"))
    if not files:
        _missing("the e-Gov file of 行政手続法 in the corpus")
    return files[0]


@pytest.fixture(scope="module")
def law(egov_path):
    return egov.load(egov_path), etree.parse(str(egov_path)).getroot()


def _kinds(doc, kind):
    return [p for p in doc.walk() if p.kind == kind]


def test_every_structural_unit_is_read(law):
    doc, xml = law
    assert doc.title["ja"] == "行政手続法"
    assert doc.citation == "平成五年法律第八十八号"
    assert len(_kinds(doc, "chapter")) == len(xml.findall(".//MainProvision/Chapter"))
    assert len(_kinds(doc, "section")) == len(xml.findall(".//MainProvision//Section"))
    assert len(doc.articles()) == len(list(xml.iter("Article")))
    assert len(_kinds(doc, "paragraph")) == len(list(xml.iter("Paragraph")))
    assert len(_kinds(doc, "item")) == len(list(xml.iter("Item")))
    assert len(_kinds(doc, "subitem")) == len(list(xml.iter("Subitem1")))
    # Article numbers as e-Gov titles them, branch numbers included.
    titles = [t.text for t in xml.iter("ArticleTitle")]
    assert [a.number["ja"] for a in doc.articles()] == titles
    assert doc.find("art-36-3").number["ja"] == "第三十六条の三"
    assert doc.find("ch-4-2").number["ja"] == "第四章の二"


def test_text_is_the_sentences_in_order(law):
    doc, xml = law
    for el in xml.iter("Article"):
        if el.getparent().tag == "SupplProvision":
            continue
        art = doc.find("art-" + el.get("Num").replace("_", "-"))
        for para_el, para in zip(el.findall("Paragraph"), art.children, strict=True):
            sentences = "".join(
                s.text or "" for s in para_el.find("ParagraphSentence").iter("Sentence")
            )
            assert para.text["ja"] == sentences
    # A definition item's two columns are joined by a full-width space, proviso kept.
    item = doc.find("art-2.1.4")
    assert item.text["ja"].startswith("不利益処分\u3000行政庁が、")
    assert item.text["ja"].endswith("ただし、次のいずれかに該当するものを除く。")
    assert [s.number["ja"] for s in item.children] == ["イ", "ロ", "ハ", "ニ"]


def test_original_and_amending_suppl_provisions(law):
    doc, xml = law
    suppl = [p for p in doc.provisions if p.kind == "supplementary"]
    assert len(suppl) == len(xml.findall(".//SupplProvision"))
    assert suppl[0].label == "suppl" and suppl[0].caption is None
    amending = [s for s in xml.findall(".//SupplProvision") if s.get("AmendLawNum")]
    assert [s.caption["ja"] for s in suppl[1:]] == [s.get("AmendLawNum") for s in amending]
    assert suppl[1].label == "suppl-h11-12-8-151"
    assert len({s.label for s in suppl}) == len(suppl)
    labels = [p.label for p in doc.walk()]
    assert len(labels) == len(set(labels))


def test_nothing_to_report_in_a_plain_law(law):
    assert law[0].meta["report"] == []


def _with_ruby_and_table(egov_path) -> bytes:
    data = egov_path.read_text(encoding="utf-8")
    data = data.replace(
        "この法律は、処分、行政指導",
        "この法律は、<Ruby>処<Rt>しよ</Rt></Ruby>分、行政指導",
        1,
    )
    table = (
        "<TableStruct><Table><TableRow><TableColumn><Sentence>区分</Sentence></TableColumn>"
        "<TableColumn><Sentence>期間</Sentence></TableColumn></TableRow><TableRow>"
        "<TableColumn><Sentence>甲</Sentence></TableColumn><TableColumn><Sentence>三十日"
        "</Sentence></TableColumn></TableRow></Table></TableStruct>"
    )
    data = re.sub(
        r"(<ArticleTitle>第三条</ArticleTitle><Paragraph Num=\"1\"><ParagraphNum/>"
        r"<ParagraphSentence>.*?</ParagraphSentence>)",
        lambda m: m.group(1) + table,
        data,
        count=1,
        flags=re.S,
    )
    return data.encode("utf-8")


def test_ruby_and_tables_are_kept_and_reported(egov_path, tmp_path):
    from tests.drafts.test_egov_export import SCHEMA

    data = _with_ruby_and_table(egov_path)
    if SCHEMA.is_file():  # the altered file is still a valid e-Gov law
        schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
        assert schema.validate(etree.fromstring(data)), schema.error_log
    doc = egov.loads(data, "altered.xml")
    assert doc.find("art-1.1").text["ja"].startswith("この法律は、処分、行政指導")
    para = doc.find("art-3.1")
    assert para.text["ja"].endswith("\n区分\u3000期間\n甲\u3000三十日")
    report = "\n".join(doc.meta["report"])
    assert "ruby reading (<Rt>) dropped, base text kept: 1" in report
    assert "table kept as text" in report


def test_export_reads_back_to_the_same_text():
    doc = render_bill(load_bill("jp-magnitsky"))
    back = egov.loads(egov_writer.write(doc, "ja"), "bill.xml")
    ours = [a for a in doc.walk() if a.kind == "article"]
    theirs = back.articles()
    assert [a.number["ja"] for a in theirs] == [a.number["ja"] for a in ours]
    for a, b in zip(ours, theirs, strict=True):
        assert [p.text["ja"] for p in b.children] == [p.text["ja"] for p in a.children]
        assert [i.text["ja"] for p in b.children for i in p.children] == [
            i.text["ja"] for p in a.children for i in p.children
        ]
        assert (b.caption or {}).get("ja") == (a.caption or {}).get("ja")


@pytest.mark.parametrize(
    "data, message",
    [
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><Law/>', "entity declarations"),
        (b"<Law><LawNum>x</LawNum>", "malformed XML"),
        (b"<Law LawType='Act'><LawNum>x</LawNum></Law>", "without <LawBody>"),
        (b"<Other/>", "no <Law> element"),
    ],
)
def test_bad_files_are_refused_with_a_message(data, message):
    with pytest.raises(XmlError, match=re.escape(message)):
        egov.loads(data, "bad.xml")
