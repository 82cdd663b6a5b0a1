"""The bill as e-Gov 法令標準XML (XMLSchemaForJapaneseLaw_v3.xsd), the format e-Gov and e-LAWS use.

The shape follows the files e-Gov serves (shared/corpus/jp/egov): <Law> → <LawNum>, <LawBody>
→ <LawTitle>, <TOC>, <MainProvision> → <Chapter> → <Article> → <Paragraph> → <Item> →
<Subitem1>, then <SupplProvision>. A bill has no law number yet: <LawNum> carries the blank
form 「令和　　年法律第　　号」 the bill text itself uses, and the Law element's Year and Num,
which the schema requires to be positive integers, are set to 1 (a placeholder, never read as
the real number). The bill's 理由 is not part of a law and is left out, as e-Gov has no place
for it. An amending paragraph in the 附則 becomes <AmendProvision>s: each 改め文 sentence in
<AmendProvisionSentence> and the provisions it inserts in <NewProvision>.
"""

from __future__ import annotations

from lxml import etree

from .. import amendtext, sentences
from ..jpnum import num_attr, parse
from ..layout import article_range
from ..model import Document, Provision
from . import DEFAULT, WriteOptions

_SUBITEM_TAGS = [f"Subitem{i}" for i in range(1, 11)]


def _el(parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
    el = etree.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    if text:
        el.text = text
    return el


def _num(p: Provision, position: int) -> str:
    """Num="13_2" from the Japanese number; the position where the text has none."""
    parts = parse(p.number.get("ja", "")) if p.number.get("ja") else None
    return num_attr(parts) if parts else str(position)


def _sentences(parent, text: str) -> None:
    parts = sentences.split(text) or [""]
    for i, (s, fn) in enumerate(zip(parts, sentences.functions(parts), strict=True), 1):
        el = _el(parent, "Sentence", s, Num=str(i), Function=fn)
        el.set("WritingMode", "vertical")


def _item_sentence(parent, tag: str, text: str) -> None:
    box = _el(parent, tag)
    # A 号 like 「第三十条　一億円以下の罰金刑」 is two columns in e-Gov (as definitions are).
    cols = text.split("\u3000")
    if len(cols) > 1 and all(cols):
        for i, col in enumerate(cols, 1):
            _sentences(_el(box, "Column", Num=str(i)), col)
    else:
        _sentences(box, text)


def _subitems(parent, p: Provision, depth: int, lang: str) -> None:
    for i, sub in enumerate(p.children, 1):
        tag = _SUBITEM_TAGS[min(depth, 9)]
        el = _el(parent, tag, Num=str(i))
        _el(el, f"{tag}Title", sub.number.get(lang, ""))
        _item_sentence(el, f"{tag}Sentence", sub.text.get(lang, ""))
        _subitems(el, sub, depth + 1, lang)


def _item(parent, item: Provision, position: int, lang: str) -> None:
    el = _el(parent, "Item", Num=_num(item, position))
    _el(el, "ItemTitle", item.number.get(lang, ""))
    _item_sentence(el, "ItemSentence", item.text.get(lang, ""))
    _subitems(el, item, 0, lang)


def _new_provisions(parent, lines: list[amendtext.NewLine]) -> None:
    """The provisions an 改め文 sentence inserts, rebuilt from their lines."""
    box = None
    caption = None
    for line in lines:
        if line.kind == "caption":
            caption = line.text
            continue
        num = num_attr(line.num) if line.num else "1"
        if line.kind == "article":
            box = _el(parent, "NewProvision")
            art = _el(box, "Article", Num=num)
            if caption:
                _el(art, "ArticleCaption", caption)
            _el(art, "ArticleTitle", line.title)
            para = _el(art, "Paragraph", Num="1")
            _el(para, "ParagraphNum")
            _sentences(_el(para, "ParagraphSentence"), line.text)
        elif line.kind == "paragraph":
            box = _el(parent, "NewProvision")
            para = _el(box, "Paragraph", Num=num)
            _el(para, "ParagraphNum", line.title)
            _sentences(_el(para, "ParagraphSentence"), line.text)
        elif line.kind in ("item", "subitem"):
            box = _el(parent, "NewProvision")
            tag = "Item" if line.kind == "item" else "Subitem1"
            el = _el(box, tag, Num=num)
            _el(el, f"{tag}Title", line.title)
            _item_sentence(el, f"{tag}Sentence", line.text)
        else:
            box = _el(parent, "NewProvision")
            _sentences(box, line.text)
        caption = None


def _paragraph(parent, para: Provision, position: int, lang: str) -> None:
    el = _el(parent, "Paragraph", Num=str(position))
    number = para.number.get(lang, "")
    _el(el, "ParagraphNum", number if position > 1 else None)
    head, blocks = amendtext.split(para.text.get(lang, ""))
    _sentences(_el(el, "ParagraphSentence"), head.replace("\n", ""))
    for block in blocks:
        amend = _el(el, "AmendProvision")
        _sentences(_el(amend, "AmendProvisionSentence"), block.sentence)
        _new_provisions(amend, block.new)
    if not blocks:
        for i, item in enumerate(para.children, 1):
            _item(el, item, i, lang)


def _article(parent, art: Provision, position: int, lang: str) -> None:
    el = _el(parent, "Article", Num=_num(art, position))
    if art.caption and art.caption.get(lang):
        cap = art.caption[lang]
        _el(el, "ArticleCaption", f"（{cap}）" if lang == "ja" else f"({cap})")
    _el(el, "ArticleTitle", art.number.get(lang, ""))
    paras = [c for c in art.children if c.kind == "paragraph"] or [art]
    for i, para in enumerate(paras, 1):
        _paragraph(el, para, i, lang)


def _chapter_title(ch: Provision, lang: str) -> str:
    sep = "\u3000" if lang == "ja" else " "
    return f"{ch.number.get(lang, '')}{sep}{(ch.caption or {}).get(lang, '')}".strip()


def _toc(body, doc: Document, lang: str) -> None:
    chapters = [p for p in doc.provisions if p.kind == "chapter"]
    if not chapters:
        return
    toc = _el(body, "TOC")
    _el(toc, "TOCLabel", "目次" if lang == "ja" else "Table of Contents")
    for i, ch in enumerate(chapters, 1):
        el = _el(toc, "TOCChapter", Num=_num(ch, i))
        _el(el, "ChapterTitle", _chapter_title(ch, lang))
        arts = [a for a in ch.children if a.kind == "article"]
        if arts:
            _el(el, "ArticleRange", article_range(arts, lang))
    if any(p.kind == "supplementary" for p in doc.provisions):
        suppl = _el(toc, "TOCSupplProvision")
        _el(suppl, "SupplProvisionLabel", "附則" if lang == "ja" else "Supplementary Provisions")


def law_title(doc: Document, lang: str) -> str:
    """The title of the law the bill enacts: a bill's 「…法律案」 less its 案."""
    title = doc.title.get(lang, "")
    return title.removesuffix("案") if lang == "ja" else title


def to_element(doc: Document, lang: str = "ja") -> etree._Element:
    lang = "en" if lang == "en" else "ja"
    law = etree.Element("Law", Era="Reiwa", Year="1", Num="1", LawType="Act", Lang=lang)
    _el(law, "LawNum", "令和　　年法律第　　号" if lang == "ja" else "Act No. __ of 20__")
    body = _el(law, "LawBody")
    _el(body, "LawTitle", law_title(doc, lang))
    _toc(body, doc, lang)
    main = _el(body, "MainProvision")
    for i, prov in enumerate(p for p in doc.provisions if p.kind in ("chapter", "article")):
        if prov.kind == "chapter":
            ch = _el(main, "Chapter", Num=_num(prov, i + 1))
            _el(ch, "ChapterTitle", _chapter_title(prov, lang))
            for j, art in enumerate(prov.children, 1):
                _article(ch, art, j, lang)
        else:
            _article(main, prov, i + 1, lang)
    for prov in doc.provisions:
        if prov.kind != "supplementary":
            continue
        suppl = _el(body, "SupplProvision")
        _el(suppl, "SupplProvisionLabel", prov.number.get(lang) or "附則")
        arts = [c for c in prov.children if c.kind == "article"]
        for j, art in enumerate(arts, 1):
            _article(suppl, art, j, lang)
        for j, para in enumerate((c for c in prov.children if c.kind == "paragraph"), 1):
            _paragraph(suppl, para, j, lang)
    return law


def write(doc: Document, lang: str = "ja", options: WriteOptions = DEFAULT) -> bytes:
    # Not pretty-printed, as e-Gov's own files are not: whitespace between elements would
    # become text of the mixed-content elements (Sentence's parents) for a naive reader.
    return etree.tostring(to_element(doc, lang), xml_declaration=True, encoding="utf-8")
