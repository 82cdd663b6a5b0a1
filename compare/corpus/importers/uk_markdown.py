"""legislation.gov.uk statutory instruments converted to Markdown (the legalize-uk files).

Reads: YAML front matter (metadata only), `# title`, the preamble (made/laid/in-force dates and
the enacting formula), `## PART n — Title`, `## SCHEDULE n — Title`, `#### heading` (the caption
of the next numbered provision), `###### N` (a regulation, or a paragraph in a schedule), the
list lines `- (1)`, `- (a)`, `- (i)`, and definitions `- “*term*” means …`.

Dropped (not operative text): the front matter, the `## Signed` block (kept in
meta["signature"]), `## Explanatory note` and everything after it, `## Footnotes` and the
`[^f…]:` footnote lines (kept in meta["footnotes"]), Markdown emphasis asterisks.

The Markdown flattens nested lists, so levels are rebuilt from the numbering style (Nester).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ....drafts.model import Document, Provision, SourceRef
from ..errors import CorpusError
from ._common import Nester, read_text, tok_display, token_of

KNOWN = {
    "uksi-2020-680": ("uk-ghr-2020", "SI 2020/680"),
    "uksi-2021-488": ("uk-gac-2021", "SI 2021/488"),
}

_PART = re.compile(r"^##\s+PART\s+(\w+)\s*(?:[—–-]\s*(.*))?$")
_SCHED = re.compile(r"^##\s+SCHEDULE\s*(\w*)\s*(?:[—–-]\s*(.*))?$")
_NUMBERED = re.compile(r"^-\s+(\([0-9A-Za-z.]+\))\s*(.*)$")
_DEFN = re.compile(r"^-\s+(“.*)$")
_TERM = re.compile(r"^“([^”]+)”")
_FOOTNOTE = re.compile(r"^\[\^([^\]]+)\]:\s*(.*)$")


def plain_text_of(text: str) -> str:
    """Drop Markdown emphasis and the stray space the converter leaves before punctuation."""
    return re.sub(r"\*([^*]+)\*", r"\1", text).strip()


def front_matter(lines: list[str], path: Path) -> tuple[dict, int]:
    if not lines or lines[0].strip() != "---":
        return {}, 0
    meta: dict = {}
    for i in range(1, len(lines)):
        line = lines[i]
        if line.strip() == "---":
            return meta, i + 1
        key, sep, value = line.partition(":")
        if not sep:
            raise CorpusError(path, "malformed front matter line", i + 1)
        value = value.strip()
        try:
            meta[key.strip()] = json.loads(value) if value[:1] in '"[{' else value
        except json.JSONDecodeError:
            meta[key.strip()] = value.strip('"')
    raise CorpusError(path, "front matter is not closed by '---'", 1)


def sniff(head: str) -> bool:
    return head.startswith("---") and bool(re.search(r'^identifier:\s*"?uksi-', head, re.M))


def load(path: str | Path, *, doc_id: str | None = None, citation: str | None = None) -> Document:
    path = Path(path)
    lines = read_text(path).splitlines()
    fm, start = front_matter(lines, path)
    ident = str(fm.get("identifier", ""))
    known_id, known_cit = KNOWN.get(ident, (None, None))
    if not citation and not known_cit and ident.startswith("uksi-"):
        _, year, num = ident.split("-", 2)
        known_cit = f"SI {year}/{num}"
    doc = Document(
        id=doc_id or known_id or ident or path.stem,
        title={"en": fm.get("title", "")},
        citation=citation or known_cit,
        jurisdiction="uk",
        meta={"source_file": str(path), "front_matter": fm, "format": "uk_markdown"},
    )
    _Parser(doc, str(path)).run(lines, start)
    return doc


class _Parser:
    def __init__(self, doc: Document, file: str) -> None:
        self.doc = doc
        self.file = file
        self.container: Provision | None = None  # current part or schedule
        self.schedule: str | None = None  # schedule number while inside one
        self.heading: str | None = None
        self.nester: Nester | None = None
        self.preamble: Provision | None = None
        self.tail: str | None = None  # "signed", "note", "footnotes" once past the provisions

    def run(self, lines: list[str], start: int) -> None:
        for i in range(start, len(lines)):
            line = lines[i].strip()
            if line:
                self.line(line, i + 1)

    def line(self, line: str, n: int) -> None:
        if line.startswith("# ") and not self.doc.title.get("en"):
            self.doc.title["en"] = line[2:].strip()
            return
        if line.startswith("# "):
            return
        if m := _PART.match(line):
            self.tail = None
            self.open_container("part", f"part-{m[1].lower()}", m[1], m[2], f"Part {m[1]}", n)
            self.schedule = None
            return
        if m := _SCHED.match(line):
            self.tail = None
            num = m[1] or "1"
            label = f"sch-{num.lower()}" if m[1] else "sch"
            self.open_container("schedule", label, num, m[2], f"Sch. {num}".strip(), n)
            self.schedule = num
            return
        if line.startswith("## "):
            self.tail = {"Signed": "signed", "Footnotes": "footnotes"}.get(line[3:].strip(), "note")
            self.nester = None
            return
        if self.tail:
            self.tail_line(line)
            return
        if line.startswith("######"):
            self.open_numbered(line.lstrip("#").strip(), n)
            return
        if line.startswith("####"):
            self.heading = line.lstrip("#").strip()
            return
        self.text_line(line, n)

    def tail_line(self, line: str) -> None:
        if self.tail == "footnotes" and (m := _FOOTNOTE.match(line)):
            self.doc.meta.setdefault("footnotes", {})[m[1]] = m[2]
        elif self.tail == "signed":
            self.doc.meta.setdefault("signature", []).append(line)
        else:
            self.doc.meta.setdefault("explanatory_note", []).append(line)

    def open_container(
        self, kind: str, label: str, num: str, title: str | None, citation: str, n: int
    ) -> None:
        self.container = Provision(
            kind=kind,
            label=label,
            number={"en": num},
            caption={"en": title.strip()} if title else None,
            citation=citation,
            source=SourceRef(self.file, n),
        )
        self.doc.provisions.append(self.container)
        self.nester = None
        self.heading = None

    def open_numbered(self, num: str, n: int) -> None:
        tok = token_of(num)
        if self.schedule is not None:
            label = f"{self.container.label}-para-{tok}"
            cit = f"Sch. {self.schedule} para. {tok_display(num)}"
            kind = "paragraph"
        else:
            label, cit, kind = f"reg-{tok}", f"reg. {tok_display(num)}", "article"
        node = Provision(
            kind=kind,
            label=label,
            number={"en": num},
            caption={"en": self.heading} if self.heading else None,
            citation=cit,
            source=SourceRef(self.file, n),
        )
        self.heading = None
        parent = self.container
        if parent is None:
            raise CorpusError(self.file, f"provision {num} outside any Part or Schedule", n)
        parent.children.append(node)
        self.nester = Nester(node, self.file)

    def text_line(self, line: str, n: int) -> None:
        if self.container is None:
            self.preamble_line(line, n)
            return
        if self.nester is None:
            raise CorpusError(self.file, "text before the first numbered provision", n)
        nest = self.nester
        if m := _NUMBERED.match(line):
            nest.add(m[1], plain_text_of(m[2]), n)
        elif m := _DEFN.match(line):
            text = plain_text_of(m[1])
            term = _TERM.match(text)
            nest.add_definition(term[1] if term else text[:40], text, n)
        elif not nest.root.text and not nest.root.children:
            nest.root.text["en"] = plain_text_of(line)
        elif nest.root.children:
            nest.continuation(plain_text_of(line))
        else:
            nest.root.text["en"] += "\n" + plain_text_of(line)

    def preamble_line(self, line: str, n: int) -> None:
        if self.preamble is None:
            self.preamble = Provision(
                kind="preamble",
                label="preamble",
                text={"en": ""},
                citation="preamble",
                source=SourceRef(self.file, n),
            )
            self.doc.provisions.append(self.preamble)
        old = self.preamble.text["en"]
        self.preamble.text["en"] = f"{old}\n{plain_text_of(line)}" if old else plain_text_of(line)
