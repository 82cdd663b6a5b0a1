"""Justice Canada consolidated-law XML (laws-lois.justice.gc.ca; Statute and Regulation roots).

Body/Section → article (label s-4, s-2.01: dots kept), Subsection → paragraph (s-4-1),
Paragraph → item (s-4-1-a), Subparagraph → subitem, Clause/Subclause → subitem below it;
Definition → definition labelled from the English term (s-2-def-foreign-national), so that the
English and French files align; `load_bilingual` merges the two into text {"en", "fr"}.
MarginalNote → caption. Preamble/Enacts (Acts) or Order (Regulations) → the preamble.
Regulation Schedule → schedule "sch" with its list items (sch-1 …).

Kept out of the text and recorded instead: HistoricalNote citations (meta["history"], by
label), RecentAmendments (meta["recent_amendments"]), FootnoteRef marks and Footnotes
(meta["footnotes"]), Heading titles (meta["headings"]: (level, title, first label after)),
the schedule's OriginatingRef, and the "Related Provisions" schedule of amending instruments
(meta["related_provisions"]), which is not part of the instrument itself.
"[Repealed, …]" stays as the text of a repealed provision: it is what the law now shows.
Text is NFC-normalised (the French file has a decomposed "é").
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ....drafts.model import Document, Provision, SourceRef
from ....drafts.xmlsafe import element_text, parse_xml
from ..errors import CorpusError
from ._common import slug, token_of

KNOWN = {"J-2.3": ("ca-jvcfoa-2017", None), "SOR/2017-233": ("ca-jvcfoa-regs-2017", None)}
LEVELS = {
    "Subsection": "paragraph",
    "Paragraph": "item",
    "Subparagraph": "subitem",
    "Clause": "subitem",
    "Subclause": "subitem",
}
_SKIP_IN_TEXT = {"FootnoteRef", "HistoricalNote", "Footnote"}


def sniff(head: str) -> bool:
    return bool(re.search(r"<(Statute|Regulation)[\s>/]", head))


def _text(el: etree._Element | None) -> str:
    return element_text(el, _SKIP_IN_TEXT)


def _cite_tok(label: str) -> str:
    """Citation form of a Label: "(1)" and French "a)" both cite as "(1)", "(a)"."""
    return "(" + label.strip().strip("()").rstrip(")") + ")"


class _Reader:
    def __init__(self, path: Path, lang: str) -> None:
        self.file = str(path)
        self.lang = lang
        self.meta: dict = {
            "history": {},
            "headings": [],
            "footnotes": {},
            "format": "justice_canada_xml",
            "source_file": self.file,
            "lang": lang,
        }
        self.pending_headings: list[tuple[int, str]] = []

    def src(self, el: etree._Element) -> SourceRef:
        return SourceRef(self.file, el.sourceline)

    def node(
        self, kind: str, label: str, number: str, el: etree._Element, citation: str
    ) -> Provision:
        p = Provision(
            kind=kind,
            label=label,
            number={self.lang: number},
            citation=citation,
            source=self.src(el),
        )
        note = el.find("MarginalNote")
        if note is not None:
            p.caption = {self.lang: _text(note)}
        return p

    def history(self, el: etree._Element, label: str) -> None:
        for h in el.findall("HistoricalNote"):
            items = [_text(i) for i in h.findall("HistoricalNoteSubItem")] or [_text(h)]
            self.meta["history"].setdefault(label, []).extend(items)

    def fill(self, p: Provision, el: etree._Element) -> None:
        """Own text, then children in document order; text after a list is a continuation."""
        own: list[str] = []
        seen_child = False
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "Text":
                own.append(("\n\u2937 " if seen_child else "") + _text(child))
            elif tag in LEVELS:
                seen_child = True
                self.sub(p, child, LEVELS[tag])
            elif tag == "Definition":
                seen_child = True
                self.definition(p, child)
            elif tag.startswith("Continued"):
                own.append("\n\u2937 " + _text(child))
        if own:
            p.text[self.lang] = "\n".join(t for t in own if t).replace("\n\n\u2937", "\n\u2937")

    def sub(self, parent: Provision, el: etree._Element, kind: str) -> None:
        label = _text(el.find("Label"))
        tok = token_of(label)
        p = self.node(
            kind, f"{parent.label}-{tok}", label, el, f"{parent.citation}{_cite_tok(label)}"
        )
        parent.children.append(p)
        self.fill(p, el)

    def definition(self, parent: Provision, el: etree._Element) -> None:
        # The other language's term may sit at the end of the definition's last paragraph.
        en, fr = el.find(".//DefinedTermEn"), el.find(".//DefinedTermFr")
        term = _text(en) if en is not None else _text(fr)
        mine = en if self.lang == "en" else fr
        local = _text(mine) if mine is not None else term
        p = Provision(
            kind="definition",
            label=f"{parent.label}-def-{slug(term)}",
            citation=f"{parent.citation}, definition of “{local}”",
            source=self.src(el),
        )
        parent.children.append(p)
        rep = el.find(".//Repealed")
        if rep is not None:  # lets a repealed term with no other-language twin still align
            self.meta.setdefault("repealed", {})[p.label] = re.findall(r"\d+", _text(rep))
        self.fill(p, el)

    def section(self, el: etree._Element) -> Provision:
        label = _text(el.find("Label"))
        p = self.node("article", f"s-{token_of(label)}", label, el, f"s. {label}")
        for level, title in self.pending_headings:
            self.meta["headings"].append((level, title, p.label))
        self.pending_headings = []
        self.fill(p, el)
        self.history(el, p.label)
        return p

    def preamble(self, root: etree._Element) -> Provision | None:
        paras = (
            root.findall("Introduction/Preamble/Provision")
            + root.findall("Introduction/Enacts/Provision")
            + root.findall("Order/Provision")
        )
        if not paras:
            return None
        for fn in root.iter("Footnote"):
            self.meta["footnotes"][fn.get("id")] = _text(fn.find("Text"))
        p = Provision(
            kind="preamble", label="preamble", citation="preamble", source=self.src(paras[0])
        )
        p.text[self.lang] = "\n".join(_text(x.find("Text")) for x in paras)
        caps = [_text(x.find("MarginalNote")) for x in paras if x.find("MarginalNote") is not None]
        if caps:
            p.caption = {self.lang: caps[0]}
        return p

    def schedules(self, root: etree._Element) -> list[Provision]:
        out: list[Provision] = []
        for sch in root.findall("Schedule"):
            if sch.get("id") == "RelatedProvs":
                self.meta["related_provisions"] = [
                    (_text(r.find("Heading/TitleText")), _text(r.find("Section/Text")))
                    for r in sch.iter("RelatedOrNotInForce")
                ]
                continue
            head = sch.find("ScheduleFormHeading")
            num = _text(head.find("Label")) if head is not None else ""
            p = Provision(
                kind="schedule",
                label="sch",
                number={self.lang: num},
                citation="Sch.",
                source=self.src(sch),
            )
            if head is not None:
                p.caption = {self.lang: _text(head.find("TitleText"))}
                self.meta["schedule_origin"] = _text(head.find("OriginatingRef"))
            for item in sch.iter("Item"):
                lab = _text(item.find("Label"))
                p.children.append(
                    Provision(
                        kind="item",
                        label=f"sch-{token_of(lab)}",
                        number={self.lang: lab},
                        text={self.lang: _text(item.find("Text"))},
                        citation=f"Sch. item {lab}",
                        source=self.src(item),
                    )
                )
            self.history(sch, p.label)
            out.append(p)
        return out

    def read(self, root: etree._Element) -> list[Provision]:
        body = root.find("Body")
        if body is None:
            raise CorpusError(self.file, f"<{root.tag}> has no <Body>", root.sourceline)
        provisions: list[Provision] = []
        pre = self.preamble(root)
        if pre:
            provisions.append(pre)
        for el in body:
            if el.tag == "Heading":
                self.pending_headings.append(
                    (int(el.get("level", "1")), _text(el.find("TitleText")))
                )
            elif el.tag == "Section":
                provisions.append(self.section(el))
        provisions.extend(self.schedules(root))
        self.meta["recent_amendments"] = [
            (_text(a.find("AmendmentCitation")), _text(a.find("AmendmentDate")))
            for a in root.iter("Amendment")
        ]
        return provisions


def _identity(root: etree._Element) -> tuple[str, str, str]:
    ident = root.find("Identification")
    if root.tag == "Statute":
        year = _text(ident.find("Chapter/AnnualStatuteId/YYYY"))
        num = _text(ident.find("Chapter/AnnualStatuteId/AnnualStatuteNumber"))
        key = _text(ident.find("Chapter/ConsolidatedNumber"))
        lang = root.get("{http://www.w3.org/XML/1998/namespace}lang", "en")
        cite = f"S.C. {year}, c. {num}" if lang == "en" else f"L.C. {year}, ch. {num}"
        title = _text(ident.find("ShortTitle")) or _text(ident.find("LongTitle"))
        return key, cite, title
    key = _text(ident.find("InstrumentNumber"))
    return key, key, _text(ident.find("ShortTitle")) or _text(ident.find("LongTitle"))


def load(path: str | Path, *, doc_id: str | None = None, citation: str | None = None) -> Document:
    path = Path(path)
    root = parse_xml(path)
    if root.tag not in ("Statute", "Regulation"):
        raise CorpusError(path, f"not Justice Canada XML: root is <{root.tag}>", root.sourceline)
    lang = root.get("{http://www.w3.org/XML/1998/namespace}lang", "en")
    reader = _Reader(path, lang)
    provisions = reader.read(root)
    key, cite, title = _identity(root)
    if lang == "fr" and root.tag == "Statute":
        # The project cites the English form; the French one is kept in meta.
        reader.meta["citation_fr"] = cite
        cite = cite.replace("L.C.", "S.C.").replace("ch.", "c.")
    if lang == "fr" and root.tag == "Regulation":
        cite = cite.replace("DORS/", "SOR/")
    known_id = KNOWN.get(key, KNOWN.get(cite, (None, None)))[0]
    return Document(
        id=doc_id or known_id or path.stem,
        title={lang: title},
        provisions=provisions,
        citation=citation or cite,
        jurisdiction="ca",
        meta=reader.meta,
    )


def load_bilingual(
    en_path: str | Path,
    fr_path: str | Path,
    *,
    doc_id: str | None = None,
    citation: str | None = None,
) -> Document:
    """Both language versions merged by label: text, caption and number gain "fr".

    Provisions only the French file has (a "version française seulement" definition) are
    inserted under the same parent; labels found in one language only are listed in
    meta["unaligned"] as (label, "en"|"fr").
    """
    en, fr = load(en_path, doc_id=doc_id, citation=citation), load(fr_path)
    _align_repealed(en, fr)
    fr_by_label = {p.label: p for p in fr.walk()}
    en_labels = {p.label for p in en.walk()}
    unaligned: list[tuple[str, str]] = []
    for p in en.walk():
        q = fr_by_label.get(p.label)
        if q is None:
            unaligned.append((p.label, "en"))
            continue
        for attr in ("text", "number"):
            if "fr" in getattr(q, attr):
                getattr(p, attr)["fr"] = getattr(q, attr)["fr"]
        if q.caption and "fr" in q.caption:
            p.caption = {**(p.caption or {}), "fr": q.caption["fr"]}
    extra = [
        (parent.label, k, child)
        for parent in fr.walk()
        for k, child in enumerate(parent.children)
        if child.label not in en_labels
    ]
    for parent_label, k, child in extra:
        unaligned.append((child.label, "fr"))
        target = en.find(parent_label)
        if target is not None:
            target.children.insert(min(k, len(target.children)), child)
    en.title["fr"] = fr.title.get("fr", "")
    en.meta["fr"] = fr.meta
    en.meta["unaligned"] = unaligned
    en.meta["source_files"] = [str(en_path), str(fr_path)]
    return en


def _align_repealed(en: Document, fr: Document) -> None:
    """Give a French repealed definition the label of the English one repealed by the same Act."""
    en_rep = {tuple(v): k for k, v in en.meta.get("repealed", {}).items()}
    for label, digits in list(fr.meta.get("repealed", {}).items()):
        target = en_rep.get(tuple(digits))
        node = fr.find(label)
        if target and node is not None and en.find(label) is None:
            old = node.label
            for p in node.walk():
                p.label = target + p.label[len(old) :]
