"""e-Gov 法令XML export: both shipped bills validate against the official v3 schema, and the
document has the shape of the files e-Gov serves (the 行政手続法 file in the shared corpus)."""

from __future__ import annotations

import pytest
from clausewise.drafts.billfile import load_bill
from clausewise.drafts.render import render_bill
from clausewise.drafts.writers import egov
from lxml import etree

from tests.conftest import REPO, _missing
from tests.helpers import run_cli

SCHEMA = REPO.parent / "shared" / "schemas" / "XMLSchemaForJapaneseLaw_v3.xsd"
BILLS = ("jp-magnitsky", "jp-magnitsky-hr-only")


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    if not SCHEMA.is_file():
        _missing("the e-Gov schema (../shared/schemas/XMLSchemaForJapaneseLaw_v3.xsd)")
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


@pytest.fixture(scope="module")
def egov_file(corpus_dir):
    files = sorted((corpus_dir / "jp" / "egov").glob("*.xml"))
    if not files:
        _missing("the e-Gov file of 行政手続法 in the corpus")
    return etree.parse(str(files[0])).getroot()


@pytest.fixture(scope="module", params=BILLS)
def law(request):
    doc = render_bill(load_bill(request.param))
    return doc, etree.fromstring(egov.write(doc, "ja"))


@pytest.mark.parametrize("name", BILLS)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_both_bills_validate_against_the_official_schema(schema, name, lang):
    root = etree.fromstring(egov.write(render_bill(load_bill(name)), lang))
    assert schema.validate(root), schema.error_log


def test_cli_writes_egov_and_akn(tmp_path, schema):
    r = run_cli("build", "--format", "egov,akn", "-o", tmp_path)
    assert r.exit_code == 0, r.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["jp-magnitsky.egov.xml", "jp-magnitsky.en.akn.xml", "jp-magnitsky.ja.akn.xml"]
    assert schema.validate(etree.parse(str(tmp_path / "jp-magnitsky.egov.xml")))


def test_every_article_paragraph_and_item_is_in_the_xml(law):
    doc, root = law
    articles = [a for p in doc.provisions if p.kind == "chapter" for a in p.children]
    xml_articles = root.findall("LawBody/MainProvision/Chapter/Article")
    assert [a.findtext("ArticleTitle") for a in xml_articles] == [a.number["ja"] for a in articles]
    for art, el in zip(articles, xml_articles, strict=True):
        paras = el.findall("Paragraph")
        assert len(paras) == len(art.children)
        for para, pel in zip(art.children, paras, strict=True):
            text = "".join(pel.find("ParagraphSentence").itertext())
            assert text == para.text["ja"]
            assert [i.findtext("ItemTitle") for i in pel.findall("Item")] == [
                i.number["ja"] for i in para.children
            ]


def test_shape_follows_the_real_egov_file(law, egov_file):
    _, root = law
    # The same skeleton, element for element, as e-Gov serves.
    for path in (
        "LawNum",
        "LawBody/LawTitle",
        "LawBody/TOC/TOCLabel",
        "LawBody/TOC/TOCChapter/ChapterTitle",
        "LawBody/TOC/TOCChapter/ArticleRange",
        "LawBody/TOC/TOCSupplProvision/SupplProvisionLabel",
        "LawBody/MainProvision/Chapter/ChapterTitle",
        "LawBody/MainProvision/Chapter/Article/ArticleCaption",
        "LawBody/MainProvision/Chapter/Article/ArticleTitle",
        "LawBody/MainProvision/Chapter/Article/Paragraph/ParagraphNum",
        "LawBody/MainProvision/Chapter/Article/Paragraph/ParagraphSentence/Sentence",
        "LawBody/MainProvision/Chapter/Article/Paragraph/Item/ItemTitle",
        "LawBody/MainProvision/Chapter/Article/Paragraph/Item/ItemSentence/Sentence",
        "LawBody/SupplProvision/SupplProvisionLabel",
        "LawBody/SupplProvision/Article/Paragraph",
    ):
        assert egov_file.find(path) is not None, path
        assert root.find(path) is not None, path
    assert [c.tag for c in root] == [c.tag for c in egov_file]
    # The first paragraph's number is empty, later ones are full-width digits, as in e-Gov.
    for tree in (root, egov_file):
        for art in tree.iter("Article"):
            nums = [p.findtext("ParagraphNum") for p in art.findall("Paragraph")]
            assert not nums[0]
            assert all(n and n.isdigit() and not n.isascii() for n in nums[1:])
    assert root.findtext("LawNum") == "令和　　年法律第　　号"
    assert not root.findtext("LawBody/LawTitle").endswith("案")


def test_proviso_is_marked_as_in_egov(law):
    _, root = law
    provisos = [s for s in root.iter("Sentence") if s.get("Function") == "proviso"]
    assert provisos and all(s.text.startswith("ただし、") for s in provisos)
    for s in provisos:
        before = s.getprevious()
        assert before is not None and before.get("Function") == "main"


def test_amendment_in_the_suppl_provision_is_an_amend_provision(law):
    _, root = law
    amend = root.find("LawBody/SupplProvision/Article/Paragraph/AmendProvision")
    assert amend is not None
    sentence = amend.findtext("AmendProvisionSentence/Sentence")
    assert sentence.endswith("加える。") and "第五条第一項第十三号" in sentence
    item = amend.find("NewProvision/Item")
    assert item.get("Num") == "13_2"
    assert item.findtext("ItemTitle") == "十三の二"
    assert "指定外国人等" in item.findtext("ItemSentence/Sentence")


def test_branch_numbers_become_underscored_num():
    from clausewise.drafts.jpnum import num_attr, parse

    assert num_attr(parse("第五条の二")) == "5_2"
    assert num_attr(parse("十三の二の三")) == "13_2_3"
    assert num_attr(parse("第三十六条")) == "36"
