"""legislation.gov.uk Crown Legislation Markup Language (CLML) XML.

Metadata from ukm: (DocumentMainType, Year, Number) and dc:title. Body/Part → part, P1 →
regulation (SIs: reg-6, "reg. 6") or section (Acts: s-6, "s. 6"), P2 → paragraph, P3 → item,
P4/P5 → subitem; P1group/Title is the caption of its first P1; Schedules/Schedule → schedule
(sch-1, its P1 paragraphs sch-1-para-3). Text that follows a list inside a P2para etc. is the
continuation. Dropped: Commentaries, footnotes and CommentaryRef/FootnoteRef marks (kept in
meta["commentaries"] where present); the schedule's Reference line goes to meta.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ....drafts.model import Document, Provision, SourceRef
from ....drafts.xmlsafe import element_text, parse_xml
from ..errors import CorpusError
from ._common import CONTINUATION_MARK, tok_display, token_of

NS = "http://www.legislation.gov.uk/namespaces/legislation"
UKM = "http://www.legislation.gov.uk/namespaces/metadata"
DC = "http://purl.org/dc/elements/1.1/"
L = f"{{{NS}}}"
KINDS = {"P2": "paragraph", "P3": "item", "P4": "subitem", "P5": "subitem"}
_SKIP = {f"{L}CommentaryRef", f"{L}FootnoteRef", f"{L}Commentaries", f"{L}Footnotes"}


def sniff(head: str) -> bool:
    return NS in head


def _text(el: etree._Element | None) -> str:
    return element_text(el, _SKIP)


class _Reader:
    def __init__(self, file: str, act: bool) -> None:
        self.file = file
        self.act = act

    def src(self, el: etree._Element) -> SourceRef:
        return SourceRef(self.file, el.sourceline)

    def fill(self, p: Provision, para: etree._Element | None) -> None:
        """A PnPara: its Text before the sub-levels is the chapeau, Text after them continues."""
        if para is None:
            return
        own: list[str] = []
        seen_child = False
        for c in para:
            tag = etree.QName(c).localname if isinstance(c.tag, str) else ""
            if tag == "Text":
                own.append((CONTINUATION_MARK if seen_child else "") + _text(c))
            elif tag in KINDS:
                seen_child = True
                self.level(p, c, KINDS[tag])
            elif tag in ("BlockAmendment", "UnorderedList", "OrderedList", "Tabular"):
                own.append(_text(c))
        if own:
            p.text["en"] = "\n".join(own).replace("\n" + CONTINUATION_MARK, CONTINUATION_MARK)

    def level(self, parent: Provision, el: etree._Element, kind: str) -> None:
        num = _text(el.find(f"{L}Pnumber"))
        p = Provision(
            kind=kind,
            label=f"{parent.label}-{token_of(num)}",
            number={"en": f"({num})"},
            citation=f"{parent.citation}({tok_display(num)})",
            source=self.src(el),
        )
        parent.children.append(p)
        self.fill(p, el.find(f"{L}{etree.QName(el).localname}para"))

    def p1(self, el: etree._Element, caption: str | None, schedule: str | None) -> Provision:
        num = _text(el.find(f"{L}Pnumber"))
        tok = token_of(num)
        if schedule:
            label, cit, kind = (
                f"sch-{schedule.lower()}-para-{tok}",
                f"Sch. {schedule} para. {num}",
                "paragraph",
            )
        elif self.act:
            label, cit, kind = f"s-{tok}", f"s. {num}", "article"
        else:
            label, cit, kind = f"reg-{tok}", f"reg. {num}", "article"
        p = Provision(
            kind=kind,
            label=label,
            number={"en": num},
            caption={"en": caption} if caption else None,
            citation=cit,
            source=self.src(el),
        )
        self.fill(p, el.find(f"{L}P1para"))
        return p

    def p1s(self, container: etree._Element, schedule: str | None) -> list[Provision]:
        out: list[Provision] = []
        for el in container:
            tag = etree.QName(el).localname if isinstance(el.tag, str) else ""
            if tag == "P1group":
                caption = _text(el.find(f"{L}Title")) or None
                for p1 in el.findall(f"{L}P1"):
                    out.append(self.p1(p1, caption, schedule))
                    caption = None  # the group's title captions its first P1 only
            elif tag == "P1":
                out.append(self.p1(el, None, schedule))
            elif tag in ("Part", "Chapter", "Pblock"):
                out.extend(self.group(el, tag, schedule))
        return out

    def group(self, el: etree._Element, tag: str, schedule: str | None) -> list[Provision]:
        num = re.sub(r"^(PART|CHAPTER)\s+", "", _text(el.find(f"{L}Number")), flags=re.I)
        kids = self.p1s(el, schedule)
        if tag == "Pblock" or not num:
            return kids
        kind = "part" if tag == "Part" else "chapter"
        prefix = f"sch-{schedule.lower()}-" if schedule else ""
        p = Provision(
            kind=kind,
            label=f"{prefix}{kind}-{num.lower()}",
            number={"en": num},
            caption={"en": _text(el.find(f"{L}Title"))},
            citation=f"{'Pt.' if kind == 'part' else 'Ch.'} {num}",
            source=self.src(el),
        )
        p.children = kids
        return [p]


def load(path: str | Path, *, doc_id: str | None = None, citation: str | None = None) -> Document:
    path = Path(path)
    root = parse_xml(path)
    if root.tag != f"{L}Legislation":
        raise CorpusError(path, f"not CLML: root is <{root.tag}>", root.sourceline)
    main = root.find(f".//{{{UKM}}}DocumentMainType")
    main_type = main.get("Value", "") if main is not None else ""
    year = root.find(f".//{{{UKM}}}Year")
    number = root.find(f".//{{{UKM}}}Number")
    y, n = (
        (year.get("Value") if year is not None else ""),
        (number.get("Value") if number is not None else ""),
    )
    act = "Act" in main_type
    cite = citation or (f"{y} c. {n}" if act else f"SI {y}/{n}") if y and n else citation
    reader = _Reader(str(path), act)
    doc = Document(
        id=doc_id or (f"uk-{'ukpga' if act else 'uksi'}-{y}-{n}" if y else path.stem),
        title={"en": _text(root.find(f".//{{{DC}}}title"))},
        citation=cite,
        jurisdiction="uk",
        meta={"format": "clml", "source_file": str(path), "document_main_type": main_type},
    )
    enacting = root.findall(f".//{L}SecondaryPreamble") + root.findall(f".//{L}PrimaryPreamble")
    if enacting:
        doc.provisions.append(
            Provision(
                kind="preamble",
                label="preamble",
                text={"en": _text(enacting[0])},
                citation="preamble",
                source=reader.src(enacting[0]),
            )
        )
    body = root.find(f".//{L}Body")
    if body is None:
        raise CorpusError(path, "CLML document has no <Body>", root.sourceline)
    doc.provisions.extend(reader.p1s(body, None))
    for sch in root.iter(f"{L}Schedule"):
        num = re.sub(r"^SCHEDULE\s*", "", _text(sch.find(f"{L}Number")), flags=re.I) or "1"
        p = Provision(
            kind="schedule",
            label=f"sch-{num.lower()}",
            number={"en": num},
            caption={"en": _text(sch.find(f"{L}TitleBlock/{L}Title"))},
            citation=f"Sch. {num}",
            source=reader.src(sch),
        )
        ref = sch.find(f"{L}Reference")
        if ref is not None:
            doc.meta.setdefault("schedule_refs", {})[p.label] = _text(ref)
        sbody = sch.find(f"{L}ScheduleBody")
        if sbody is not None:
            p.children = reader.p1s(sbody, num)
        doc.provisions.append(p)
    comms = [_text(c) for c in root.iter(f"{L}Commentary")]
    if comms:
        doc.meta["commentaries"] = comms
    return doc
