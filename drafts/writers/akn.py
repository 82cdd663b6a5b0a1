"""The bill as Akoma Ntoso 3.0 (OASIS LegalDocML), one document per language (expression).

A <bill> with FRBR metadata under /akn/jp/bill/<date>/<bill id>, a <preface> holding the
title, and a <body> of chapter → article → paragraph → point, each with <num>, <heading> and
<content>. eIds follow the AKN naming convention (art_4__para_2__point_1): articles are
numbered uniquely through the main text, so, as Laws.Africa does for sections, their eIds
start at the article. The 附則 and the 理由 have no element of their own in AKN and are
<hcontainer name="supplementaryProvisions"> and <hcontainer name="reason">.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from lxml import etree

from ..jpnum import parse
from ..model import Document, Provision
from . import DEFAULT, WriteOptions

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
# ISO 639-2 codes, as FRBR expression URIs use.
LANG3 = {"ja": "jpn", "en": "eng"}
_E = f"{{{NS}}}"


def _el(parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
    el = etree.SubElement(parent, _E + tag, attrs)
    if text:
        el.text = text
    return el


def build_date() -> str:
    """The FRBR date: SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date().isoformat()
    return date.today().isoformat()


def _num_id(p: Provision, position: int) -> str:
    """The number part of an eId: 13-2 for 十三の二, the position where the text has none."""
    parts = parse(p.number.get("ja", "")) if p.number.get("ja") else None
    return "-".join(str(n) for n in parts) if parts else str(position)


def _content(parent, text: str) -> None:
    content = _el(parent, "content")
    for line in text.split("\n") or [""]:
        _el(content, "p", line.lstrip("\u3000") if line.strip() else None)


def _points(parent, children: list[Provision], prefix: str, lang: str) -> None:
    for i, c in enumerate(children, 1):
        eid = f"{prefix}__point_{_num_id(c, i) if c.kind == 'item' else i}"
        point = _el(parent, "point", eId=eid)
        if c.number.get(lang):
            _el(point, "num", c.number[lang])
        _hier_body(point, c, eid, lang)


def _hier_body(el, p: Provision, eid: str, lang: str) -> None:
    text = p.text.get(lang, "")
    if p.children:
        intro = _el(el, "intro")
        for line in text.split("\n"):
            _el(intro, "p", line or None)
        _points(el, p.children, eid, lang)
    else:
        _content(el, text)


def _article(parent, art: Provision, prefix: str, position: int, lang: str) -> None:
    eid = f"{prefix}art_{_num_id(art, position)}"
    el = _el(parent, "article", eId=eid)
    _el(el, "num", art.number.get(lang, ""))
    if art.caption and art.caption.get(lang):
        _el(el, "heading", art.caption[lang])
    paras = [c for c in art.children if c.kind == "paragraph"]
    if not paras:
        _content(el, art.text.get(lang, ""))
    for i, para in enumerate(paras, 1):
        peid = f"{eid}__para_{i}"
        pel = _el(el, "paragraph", eId=peid)
        if para.number.get(lang):
            _el(pel, "num", para.number[lang])
        _hier_body(pel, para, peid, lang)


def _meta(bill, doc: Document, lang: str, when: str) -> None:
    work = f"/akn/jp/bill/{when}/{doc.id}"
    expr = f"{work}/{LANG3[lang]}@"
    manif = f"{expr}/!main"
    meta = _el(bill, "meta")
    ident = _el(meta, "identification", source="#clausewise")
    w = _el(ident, "FRBRWork")
    _el(w, "FRBRthis", value=f"{work}/!main")
    _el(w, "FRBRuri", value=work)
    _el(w, "FRBRalias", value=doc.title.get("ja", ""), name="title")
    _el(w, "FRBRalias", value=doc.title.get("en", ""), name="title_en")
    _el(w, "FRBRdate", date=when, name="Generation")
    _el(w, "FRBRauthor", href="#clausewise")
    _el(w, "FRBRcountry", value="jp")
    _el(w, "FRBRnumber", value=doc.id)
    e = _el(ident, "FRBRExpression")
    _el(e, "FRBRthis", value=f"{expr}/!main")
    _el(e, "FRBRuri", value=expr)
    _el(e, "FRBRdate", date=when, name="Generation")
    _el(e, "FRBRauthor", href="#clausewise")
    _el(e, "FRBRlanguage", language=LANG3[lang])
    m = _el(ident, "FRBRManifestation")
    _el(m, "FRBRthis", value=f"{manif}.xml")
    _el(m, "FRBRuri", value=f"{expr}.akn")
    _el(m, "FRBRdate", date=when, name="Generation")
    _el(m, "FRBRauthor", href="#clausewise")
    refs = _el(meta, "references", source="#clausewise")
    _el(
        refs,
        "TLCOrganization",
        eId="clausewise",
        href="/ontology/organization/clausewise",
        showAs="clausewise",
    )


def to_element(doc: Document, lang: str, when: str | None = None) -> etree._Element:
    root = etree.Element(_E + "akomaNtoso", nsmap={None: NS})
    bill = _el(root, "bill", name="bill")
    _meta(bill, doc, lang, when or build_date())
    preface = _el(bill, "preface")
    long_title = _el(preface, "longTitle")
    p = _el(long_title, "p")
    _el(p, "docTitle", doc.title.get(lang, ""))
    body = _el(bill, "body")
    chapters = articles = containers = 0
    for prov in doc.provisions:
        if prov.kind == "chapter":
            chapters += 1
            ch = _el(body, "chapter", eId=f"chp_{_num_id(prov, chapters)}")
            _el(ch, "num", prov.number.get(lang, ""))
            if prov.caption and prov.caption.get(lang):
                _el(ch, "heading", prov.caption[lang])
            for art in prov.children:
                articles += 1
                _article(ch, art, "", articles, lang)
        elif prov.kind == "article":
            articles += 1
            _article(body, prov, "", articles, lang)
        elif prov.kind in ("supplementary", "reason"):
            containers += 1
            name = "supplementaryProvisions" if prov.kind == "supplementary" else "reason"
            eid = f"hcontainer_{containers}"
            hc = _el(body, "hcontainer", eId=eid, name=name)
            _el(hc, "heading", prov.number.get(lang, ""))
            if prov.kind == "reason":
                _content(hc, prov.text.get(lang, ""))
            for j, art in enumerate(prov.children, 1):
                _article(hc, art, f"{eid}__", j, lang)
    return root


def expressions(doc: Document, when: str | None = None) -> dict[str, bytes]:
    """Both languages, each its own AKN expression: {"ja": bytes, "en": bytes}."""
    return {lang: _bytes(to_element(doc, lang, when)) for lang in LANG3}


def _bytes(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def write(doc: Document, lang: str = "ja", options: WriteOptions = DEFAULT) -> bytes:
    return _bytes(to_element(doc, "en" if lang == "en" else "ja"))
