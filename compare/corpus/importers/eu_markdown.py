"""EU acts in the Markdown of legalize-eu (a rendering of the EUR-Lex/CELLAR text).

The same family as the legalize-uk files (uk_markdown): YAML front matter (metadata only),
`# title`, then the title block ("COUNCIL REGULATION (EU) 2020/1998", "of 7 December 2020",
...: kept in meta["title_block"], not a provision), `#### Article N` (EU articles have no
headings of their own here; a `#### heading` line that is not "Article N" becomes the next
article's caption), numbered paragraphs `1. ...`, points `- (a) ...` and, indented under
them, `   - (i) ...`. An indented line that is not a point ("   provided that ...") closes
the list it follows, so it is the continuation of the list's parent. `## ANNEX I` opens an
annex: its first line is its caption, the rest its text, line by line.

Labels and citations are those the act uses of itself: art-3-1 "Art. 3(1)",
art-2-1-c-ii "Art. 2(1)(c)(ii)", art-1-a "Art. 1(a)", annex-1 "Annex I".
Dropped: HTML comments (an editor's note, kept in meta["notes"]), Markdown emphasis.
"""

from __future__ import annotations

import re
from pathlib import Path

from ....drafts.model import Document, Provision, SourceRef
from ..errors import CorpusError
from ._common import Nester, read_text
from .uk_markdown import front_matter, plain_text_of

_CELEX = re.compile(r"^3(\d{4})([RLD])(\d{4})$")
_KIND = {"R": "Regulation (EU)", "L": "Directive (EU)", "D": "Decision"}
_ARTICLE = re.compile(r"^####\s+Article\s+(\d+[a-z]*)\s*$")
_ANNEX = re.compile(r"^##\s+ANNEX\s*([IVXLC]*)\s*(?:[—–-]\s*(.*))?$", re.I)
_PARA = re.compile(r"^(\d+[a-z]*)\.\s+(.*)$")
_POINT = re.compile(r"^-\s+(\([0-9a-zA-Z]+\))\s*(.*)$")
_COMMENT = re.compile(r"^<!--(.*?)-->$")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def sniff(head: str) -> bool:
    return head.startswith("---") and bool(re.search(r'^country:\s*"?eu"?\s*$', head, re.M))


def _roman(s: str) -> int:
    total = 0
    for i, ch in enumerate(s.upper()):
        v = _ROMAN[ch]
        nxt = _ROMAN[s.upper()[i + 1]] if i + 1 < len(s) else 0
        total += -v if nxt > v else v
    return total


def _citation_of(ident: str) -> str | None:
    """CELEX 32020R1998 -> "Regulation (EU) 2020/1998"."""
    m = _CELEX.match(ident)
    return f"{_KIND[m[2]]} {m[1]}/{int(m[3])}" if m else None


def load(path: str | Path, *, doc_id: str | None = None, citation: str | None = None) -> Document:
    path = Path(path)
    lines = read_text(path).splitlines()
    fm, start = front_matter(lines, path)
    ident = str(fm.get("identifier", ""))
    doc = Document(
        id=doc_id or ident or path.stem,
        title={"en": str(fm.get("title", ""))},
        citation=citation or _citation_of(ident),
        jurisdiction="eu",
        meta={"source_file": str(path), "front_matter": fm, "format": "eu_markdown"},
    )
    _Parser(doc, str(path)).run(lines, start)
    if not any(p.kind == "article" for p in doc.provisions):
        raise CorpusError(path, "no '#### Article N' heading found: not an EU act in Markdown")
    return doc


class _Parser:
    def __init__(self, doc: Document, file: str) -> None:
        self.doc = doc
        self.file = file
        self.current: Provision | None = None  # article or annex being filled
        self.nester: Nester | None = None
        self.heading: str | None = None
        self.point_indent: int | None = None  # indentation of the current first-level points

    def run(self, lines: list[str], start: int) -> None:
        for i in range(start, len(lines)):
            raw = lines[i].rstrip()
            if raw.strip():
                self.line(raw, i + 1)

    def line(self, raw: str, n: int) -> None:
        line = raw.strip()
        indent = len(raw) - len(raw.lstrip())
        if m := _COMMENT.match(line):
            self.doc.meta.setdefault("notes", []).append(m[1].strip())
            return
        if line.startswith("# "):
            if not self.doc.title.get("en"):
                self.doc.title["en"] = line[2:].strip()
            return
        if m := _ARTICLE.match(line):
            self.open_article(m[1], n)
            return
        if m := _ANNEX.match(line):
            self.open_annex(m[1], m[2], n)
            return
        if line.startswith("#"):
            self.heading = line.lstrip("#").strip()  # a caption for the next article
            return
        if self.current is None:
            self.doc.meta.setdefault("title_block", []).append(plain_text_of(line))
            return
        if self.current.kind == "annex":
            self.annex_line(line)
            return
        self.article_line(line, indent, n)

    def open_article(self, num: str, n: int) -> None:
        self.current = Provision(
            kind="article",
            label=f"art-{num.lower()}",
            number={"en": f"Article {num}"},
            caption={"en": self.heading} if self.heading else None,
            citation=f"Art. {num}",
            source=SourceRef(self.file, n),
        )
        self.heading = None
        self.doc.provisions.append(self.current)
        self.nester = Nester(self.current, self.file)
        self.point_indent = None

    def open_annex(self, num: str, title: str | None, n: int) -> None:
        label = f"annex-{_roman(num)}" if num else "annex"
        self.current = Provision(
            kind="annex",
            label=label,
            number={"en": f"ANNEX {num}".strip()},
            caption={"en": title.strip()} if title else None,
            citation=f"Annex {num}".strip(),
            source=SourceRef(self.file, n),
        )
        self.doc.provisions.append(self.current)
        self.nester = None

    def annex_line(self, line: str) -> None:
        annex = self.current
        text = line.removeprefix("- ").replace("*", "").strip()
        if annex.caption is None:
            annex.caption = {"en": text}
            return
        old = annex.text.get("en", "")
        annex.text["en"] = f"{old}\n{text}" if old else text

    def article_line(self, line: str, indent: int, n: int) -> None:
        nest = self.nester
        if m := _PARA.match(line):
            self.point_indent = None
            nest.add(f"{m[1]}.", plain_text_of(m[2]), n, style="num")
            return
        if m := _POINT.match(line):
            if self.point_indent is None or indent < self.point_indent:
                self.point_indent = indent
            # Markdown nests by indentation: a point indented under a point is one level down.
            style = "alpha" if indent <= self.point_indent else "roman"
            nest.add(m[1], plain_text_of(m[2]), n, style=style)
            return
        text = plain_text_of(line)
        if indent and nest.last is not nest.root:
            nest.continuation(text)  # "   provided that ..." after a list
        elif not nest.root.text and not nest.root.children:
            nest.root.text["en"] = text
        elif nest.root.children:
            # An unnumbered subparagraph after numbered ones: words of the article itself.
            last = nest.root.children[-1]
            if last.kind == "paragraph" and not last.children:
                last.text["en"] = f"{last.text.get('en', '')}\n{text}"
            else:
                nest.continuation(text)
        else:
            nest.root.text["en"] += "\n" + text
