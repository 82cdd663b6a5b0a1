"""e-Gov 法令標準XML (XMLSchemaForJapaneseLaw_v3) read into a Document, for diff and compare.

Any Japanese law downloaded from e-Gov (laws.e-gov.go.jp, the API's <law_full_text> or the
bulk files that start at <Law>) reads the same way. What becomes what:

- Part/Chapter/Section/Subsection/Division → part, chapter, section (節・款・目 all "section",
  their number as written: 第一節, 第一款);
- Article → article (label art-36-3 for 第三十六条の三; caption without its brackets);
- Paragraph → paragraph (label art-5.2, positional, so an inserted paragraph shifts nothing);
- Item → item, Subitem1…Subitem10 → subitem;
- SupplProvision → supplementary: the original 附則 is suppl, each amending act's 附則
  suppl-<its law number> (h11-12-8-151 for 平成一一年一二月八日法律第一五一号), so the labels
  of two revisions of one law line up;
- AmendProvision (an 改め文 inside a law's text) → its sentence and the provisions it inserts
  as lines of the paragraph's text, as the drafts write them.

Text: the sentences of a provision joined (main sentence and proviso as printed); the
columns of a definition item joined by a full-width space; <Ruby> keeps its base text (the
reading <Rt> is dropped), <Sup>/<Sub>/<Line> keep their text; a <TableStruct> is kept as
its rows (cells joined by a full-width space, one row a line). Everything dropped or
flattened is listed in meta["report"], so that a reader of the import knows; appendices
(別表・様式, AppdxTable and its kin) are kept as text under kind "schedule".
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from ..errors import XmlError
from ..jpnum import parse
from ..kanji import DIGITS
from ..model import Document, Provision, SourceRef
from ..xmlsafe import parse_xml, parse_xml_bytes

_LEVELS = {
    "Part": ("part", "PartTitle"),
    "Chapter": ("chapter", "ChapterTitle"),
    "Section": ("section", "SectionTitle"),
    "Subsection": ("section", "SubsectionTitle"),
    "Division": ("section", "DivisionTitle"),
}
_SUBITEMS = [f"Subitem{i}" for i in range(1, 11)]
_APPENDICES = ("AppdxTable", "AppdxNote", "AppdxStyle", "Appdx", "AppdxFig", "AppdxFormat")
_ERAS = {"明治": "m", "大正": "t", "昭和": "s", "平成": "h", "令和": "r"}


def sniff(head: str) -> bool:
    """An e-Gov file: a <Law> with a <LawNum>, bare or inside the API's response."""
    return "<LawNum>" in head or ("<Law " in head and "LawType=" in head)


def _label_num(num: str) -> str:
    # Num="36_3" → 36-3; a deleted range "2:4" → 2-4.
    return re.sub(r"[^0-9A-Za-z]+", "-", num).strip("-") or "0"


def _suppl_key(amend_law_num: str) -> str:
    """平成一一年一二月八日法律第一五一号 → h11-12-8-151 (label-safe and stable)."""
    era = next((v for k, v in _ERAS.items() if amend_law_num.startswith(k)), "x")
    runs = re.findall(f"[{DIGITS}]+|[0-9]+", amend_law_num)
    nums = [r if r.isascii() else "".join(str(DIGITS.index(c)) for c in r) for r in runs]
    nums = [n.lstrip("0") or "0" for n in nums]
    return "-".join([era + (nums[0] if nums else ""), *nums[1:]])


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.report: Counter[str] = Counter()

    def src(self, el) -> SourceRef:
        return SourceRef(self.source, el.sourceline)

    # --- text -------------------------------------------------------------------------------

    def inline(self, el) -> str:
        """The words of an inline run: Ruby's base text, Sup/Sub/Line text, nothing hidden."""
        parts = [el.text or ""]
        for child in el:
            if not isinstance(child.tag, str):
                parts.append(child.tail or "")
                continue
            if child.tag == "Rt":
                self.report["ruby reading (<Rt>) dropped, base text kept"] += 1
            elif child.tag == "Ruby":
                parts.append(self.inline(child))
            elif child.tag in ("Sup", "Sub"):
                self.report[f"<{child.tag}> kept as plain text"] += 1
                parts.append(self.inline(child))
            elif child.tag == "ArithFormula":
                self.report["<ArithFormula> kept as plain text"] += 1
                parts.append(self.inline(child))
            elif child.tag == "QuoteStruct":
                self.report["<QuoteStruct> kept as plain text"] += 1
                parts.append(self.inline(child))
            else:
                parts.append(self.inline(child))
            parts.append(child.tail or "")
        return unicodedata.normalize("NFC", "".join(parts).replace("\n", ""))

    def sentences(self, box) -> str:
        """A *Sentence element: its Sentences, or its Columns joined by a full-width space."""
        if box is None:
            return ""
        cols = box.findall("Column")
        if cols:
            return "\u3000".join(self.sentences(c) for c in cols)
        out = [self.inline(s) for s in box.findall("Sentence")]
        table = box.find("Table")
        if table is not None:
            out.append(self.table(table))
        return "".join(out)

    def table(self, table) -> str:
        self.report["table kept as text (cells joined by a full-width space, a row a line)"] += 1
        rows = []
        for row in table.iter("TableRow"):
            cells = [self.sentences_any(col) for col in row.findall("TableColumn")]
            rows.append("\u3000".join(cells))
        return "\n".join(rows)

    def sentences_any(self, el) -> str:
        """Every Sentence below el, in order (table cells, appendices)."""
        return "".join(self.inline(s) for s in el.iter("Sentence"))

    def structs(self, el) -> str:
        """Tables, figures and styles hanging under a provision."""
        out = []
        for tag in ("TableStruct", "FigStruct", "StyleStruct", "List"):
            for s in el.findall(tag):
                if tag == "TableStruct":
                    table = s.find("Table")
                    out.append(self.table(table) if table is not None else "")
                elif tag == "List":
                    self.report["<List> kept as text lines"] += 1
                    out.append("\n".join(self.inline(x) for x in s.iter("Sentence")))
                else:
                    self.report[f"<{tag}> not read (figure or form)"] += 1
        return "\n".join(x for x in out if x)

    # --- provisions -------------------------------------------------------------------------

    def subitems(self, parent: Provision, el, depth: int) -> None:
        tag = _SUBITEMS[depth] if depth < len(_SUBITEMS) else None
        if tag is None:
            return
        for i, sub in enumerate(el.findall(tag), 1):
            p = Provision(
                "subitem",
                f"{parent.label}.{_label_num(sub.get('Num') or str(i))}",
                {
                    "ja": self.inline(sub.find(f"{tag}Title"))
                    if sub.find(f"{tag}Title") is not None
                    else ""
                },
                text={
                    "ja": self.join(self.sentences(sub.find(f"{tag}Sentence")), self.structs(sub))
                },
                source=self.src(sub),
            )
            parent.children.append(p)
            self.subitems(p, sub, depth + 1)

    @staticmethod
    def join(text: str, extra: str) -> str:
        return f"{text}\n{extra}" if extra else text

    def item(self, parent: Provision, el, i: int) -> Provision:
        title = el.find("ItemTitle")
        p = Provision(
            "item",
            f"{parent.label}.{_label_num(el.get('Num') or str(i))}",
            {"ja": self.inline(title) if title is not None else ""},
            text={"ja": self.join(self.sentences(el.find("ItemSentence")), self.structs(el))},
            source=self.src(el),
        )
        self.subitems(p, el, 0)
        return p

    def amend_lines(self, amend) -> list[str]:
        """An AmendProvision as the lines a draft writes: 「　…を加える。」「　十三の二　…」."""
        lines = []
        sentence = amend.find("AmendProvisionSentence")
        if sentence is not None:
            lines.append("\u3000" + self.sentences(sentence))
        for new in amend.findall("NewProvision"):
            for child in new:
                if isinstance(child.tag, str):
                    lines.extend("\u3000" + x for x in self.provision_lines(child))
        return lines

    def provision_lines(self, el) -> list[str]:
        """A provision inside a NewProvision written out as the lines of a law's text."""
        tag = el.tag
        if tag == "Article":
            out = []
            cap = el.find("ArticleCaption")
            if cap is not None:
                out.append(self.inline(cap))
            title = (
                self.inline(el.find("ArticleTitle")) if el.find("ArticleTitle") is not None else ""
            )
            for j, para in enumerate(el.findall("Paragraph")):
                lines = self.provision_lines(para)
                if j == 0 and lines:
                    lines[0] = f"{title}\u3000{lines[0].lstrip()}"
                out.extend(lines)
            return out
        if tag == "Paragraph":
            num = (
                self.inline(el.find("ParagraphNum")) if el.find("ParagraphNum") is not None else ""
            )
            head = self.sentences(el.find("ParagraphSentence"))
            out = [f"{num}\u3000{head}" if num else head]
            for it in el.findall("Item"):
                out.extend(self.provision_lines(it))
            return out
        if tag == "Item" or tag in _SUBITEMS:
            title = el.find(f"{tag}Title")
            t = self.inline(title) if title is not None else ""
            out = [f"{t}\u3000{self.sentences(el.find(f'{tag}Sentence'))}"]
            for sub in el:
                if isinstance(sub.tag, str) and sub.tag in _SUBITEMS:
                    out.extend(self.provision_lines(sub))
            return out
        if tag == "Sentence":
            return [self.inline(el)]
        self.report[f"<{tag}> inside an amendment kept as its sentences"] += 1
        return [self.sentences_any(el)]

    def paragraph(self, parent: Provision, el, i: int) -> Provision:
        num = el.find("ParagraphNum")
        text = self.sentences(el.find("ParagraphSentence"))
        amends = el.findall("AmendProvision")
        lines = [line for a in amends for line in self.amend_lines(a)]
        if lines:
            text = "\n".join([text, *lines])
        cap = el.find("ParagraphCaption")
        p = Provision(
            "paragraph",
            f"{parent.label}.{el.get('Num') or i}",
            {"ja": self.inline(num) if num is not None else ""},
            caption={"ja": self.inline(cap).strip("（）")} if cap is not None else None,
            text={"ja": self.join(text, self.structs(el))},
            source=self.src(el),
        )
        for j, it in enumerate(el.findall("Item"), 1):
            p.children.append(self.item(p, it, j))
        return p

    def article(self, el, prefix: str) -> Provision:
        title = self.inline(el.find("ArticleTitle")) if el.find("ArticleTitle") is not None else ""
        cap = el.find("ArticleCaption")
        num = el.get("Num") or ""
        parts = parse(title)
        key = _label_num(num) if num else "-".join(map(str, parts or (0,)))
        label = f"{prefix}art-{key}"
        art = Provision(
            "article",
            label,
            {"ja": title},
            caption={"ja": self.inline(cap).strip().removeprefix("（").removesuffix("）")}
            if cap is not None
            else None,
            citation=title,
            source=self.src(el),
        )
        for i, para in enumerate(el.findall("Paragraph"), 1):
            art.children.append(self.paragraph(art, para, i))
        if el.get("Delete") == "true" and not art.children:
            art.text["ja"] = "削除"
        return art

    def level(self, el, prefix: str) -> Provision:
        kind, title_tag = _LEVELS[el.tag]
        title = self.inline(el.find(title_tag)) if el.find(title_tag) is not None else ""
        number, _, caption = title.partition("\u3000")
        short = {"Part": "pt", "Chapter": "ch"}.get(el.tag, el.tag.lower()[:3])
        label = f"{prefix}{short}-{_label_num(el.get('Num') or '0')}"
        p = Provision(kind, label, {"ja": number}, caption={"ja": caption}, source=self.src(el))
        self.body(p.children, el, label + "-")
        return p

    def body(self, out: list[Provision], el, prefix: str) -> None:
        """The levels and articles under el; article labels carry no level, as articles are
        numbered through the whole law."""
        loose: Provision | None = None  # a law of paragraphs without articles
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag in _LEVELS:
                out.append(self.level(child, prefix))
            elif child.tag == "Article":
                out.append(self.article(child, ""))
            elif child.tag == "Paragraph":
                if loose is None:
                    loose = Provision(
                        "article", f"{prefix}main", {"ja": ""}, source=self.src(child)
                    )
                    out.append(loose)
                loose.children.append(self.paragraph(loose, child, len(loose.children) + 1))

    def suppl(self, el, seen: Counter) -> Provision:
        amend = el.get("AmendLawNum")
        key = "suppl" if not amend else f"suppl-{_suppl_key(amend)}"
        seen[key] += 1
        if seen[key] > 1:
            key = f"{key}-{seen[key]}"
        label_el = el.find("SupplProvisionLabel")
        p = Provision(
            "supplementary",
            key,
            {"ja": self.inline(label_el) if label_el is not None else "附則"},
            caption={"ja": amend} if amend else None,
            citation=f"附則（{amend}）" if amend else "附則",
            source=self.src(el),
        )
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "Article":
                p.children.append(self.article(child, f"{key}-"))
            elif child.tag == "Paragraph":
                p.children.append(self.paragraph(p, child, len(p.children) + 1))
            elif child.tag == "Chapter":
                p.children.append(self.level(child, f"{key}-"))
            elif child.tag.startswith("SupplProvisionAppdx"):
                p.children.append(self.appendix(child, f"{key}-"))
        return p

    def appendix(self, el, prefix: str) -> Provision:
        self.report[f"<{el.tag}> kept as text"] += 1
        title = next((c for c in el if isinstance(c.tag, str) and c.tag.endswith("Title")), None)
        text = self.structs_all(el)
        self._appendix_count = getattr(self, "_appendix_count", 0) + 1
        return Provision(
            "schedule",
            f"{prefix}appdx-{self._appendix_count}",
            {"ja": self.inline(title) if title is not None else el.tag},
            text={"ja": text},
            source=self.src(el),
        )

    def structs_all(self, el) -> str:
        tables = [self.table(t) for t in el.iter("Table")]
        return "\n".join(tables) if tables else self.sentences_any(el)


def read(root, source: str | Path) -> Document:
    """A Document from a parsed e-Gov <Law> (or an API response holding one)."""
    law = root if root.tag == "Law" else root.find(".//Law")
    if law is None:
        raise XmlError(source, "not an e-Gov law: no <Law> element", root.sourceline)
    body = law.find("LawBody")
    if body is None or body.find("MainProvision") is None:
        raise XmlError(
            source, "not an e-Gov law: <Law> without <LawBody>/<MainProvision>", law.sourceline
        )
    r = _Reader(str(source))
    title_el = body.find("LawTitle")
    title = r.inline(title_el) if title_el is not None else ""
    law_num = r.inline(law.find("LawNum")) if law.find("LawNum") is not None else ""
    provisions: list[Provision] = []
    r.body(provisions, body.find("MainProvision"), "")
    seen: Counter[str] = Counter()
    for el in body.findall("SupplProvision"):
        provisions.append(r.suppl(el, seen))
    for el in body:
        if isinstance(el.tag, str) and el.tag in _APPENDICES:
            provisions.append(r.appendix(el, ""))
    toc = []
    toc_el = body.find("TOC")
    if toc_el is not None:
        for entry in toc_el.iter():
            if isinstance(entry.tag, str) and entry.tag.endswith("Title"):
                rng = entry.getnext()
                extra = r.inline(rng) if rng is not None and rng.tag == "ArticleRange" else ""
                toc.append(r.inline(entry) + extra)
    for tag in ("Preamble", "EnactStatement"):
        if body.find(tag) is not None:
            r.report[f"<{tag}> not read"] += 1
    return Document(
        id=Path(str(source)).stem,
        title={"ja": title},
        provisions=provisions,
        citation=law_num or None,
        jurisdiction="jp",
        meta={
            "format": "egov_xml",
            "source_file": str(source),
            "toc": toc,
            "law_num": law_num,
            "law_type": law.get("LawType"),
            "era": law.get("Era"),
            "year": law.get("Year"),
            "num": law.get("Num"),
            "report": [f"{what}: {n}" for what, n in sorted(r.report.items())],
        },
    )


def load(path: str | Path) -> Document:
    return read(parse_xml(path), path)


def loads(data: bytes, source: str) -> Document:
    return read(parse_xml_bytes(data, source), source)
