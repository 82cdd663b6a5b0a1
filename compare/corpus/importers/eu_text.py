"""EU acts as the project's partial plain-text files (eu/dec-2020-1999.txt, eu/reg-2020-1998.txt).

The files hold verbatim fragments and mark the rest: `[MISSING …]` (not in the file),
`[TRUNCATED]` / `[CUT]` (the text ends there). Missing provisions are kept as provisions with
no text; nothing is filled in. Recitals (recital-1 …) are grouped under "recitals", whose caption is
"Whereas:". doc.meta["missing"] lists what the file marks as missing
(label or None, line, note); doc.meta["truncated"] the labels whose text is cut.

Dropped (editorial, not the act's words): `#` header comment lines (meta["header"]);
bracketed editorial notes `[SOURCE …]`, `[Topic: …]`, `[Text: …]`, `[CUT - …]`, `[EN text: …]`,
`[DE language version …]`, `[MISSING …]` (one or several lines, meta["notes"]); `Source:`
lines (meta["sources"]); the OJ page header "7.12.2020 | EN | Official Journal … | LI 410/13";
the `[TRUNCATED]`/`[CUT]` markers themselves. A German-language fragment (flagged by a
"[DE language version" note) is kept under text["de"], never passed off as English.
"""

from __future__ import annotations

import re
from pathlib import Path

from ....drafts.model import Document, Provision, SourceRef
from ._common import Nester, read_text, style_of, token_of

KNOWN = {
    "DECISION (CFSP) 2020/1999": ("eu-dec-2020-1999", "Decision (CFSP) 2020/1999"),
    "REGULATION (EU) 2020/1998": ("eu-reg-2020-1998", "Regulation (EU) 2020/1998"),
}
_CUT = re.compile(r"\s*\[(TRUNCATED|CUT)\]")
_OJ_HEADER = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4} \| [A-Z]{2} \| Official Journal")
_ARTICLE = re.compile(r"^Article (\d+[a-z]*)$")
_ANNEX = re.compile(r"^ANNEX\s*([IVX]*)$|^Annex\s+([IVX]+)$")
_PARA = re.compile(r"^(\d+[a-z]*)\.\s+(.*)$")
_POINT = re.compile(r"^(\(?)([a-z]{1,4})\)\s*(.*)$")
_SUBPARA_NUM = re.compile(r"^\((\d+)\)\s*(.*)$")
_INLINE = re.compile(r"(?<=[:;—])\s+(\(?([a-z]{1,4})\))\s+")
_ROMAN_VALUE = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8}


def sniff(head: str) -> bool:
    return bool(re.search(r"CELEX \d{5}[DR]\d{4}", head)) or "[MISSING" in head


def _roman_to_int(s: str) -> int:
    return {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}.get(s.upper(), 0)


class _Parser:
    def __init__(self, path: Path) -> None:
        self.file = str(path)
        self.meta: dict = {
            "header": [],
            "notes": [],
            "sources": [],
            "missing": [],
            "truncated": [],
            "format": "eu_text",
            "source_file": self.file,
        }
        self.title: list[str] = []
        self.preamble: Provision | None = None
        self.provisions: list[Provision] = []
        self.current: Provision | None = None  # recital, article or annex being filled
        self.nester: Nester | None = None
        self.lang = "en"
        self.in_recitals = False
        self.recitals: Provision | None = None  # "recitals" groups recital-1, recital-2 …

    def run(self, lines: list[str]) -> None:
        i = 0
        while i < len(lines):
            line = lines[i].strip()
            if not line:
                i += 1
                continue
            if line.startswith("#"):
                self.meta["header"].append(line.lstrip("# "))
            elif line.startswith("[") and not _CUT.match(line) and not self._is_text(line):
                i = self.note(lines, i)
                continue
            elif line.startswith("Source:"):
                self.meta["sources"].append(
                    (self.current.label if self.current else None, line[7:].strip())
                )
            elif _OJ_HEADER.match(line):
                self.meta["oj_header"] = line
            else:
                self.content(line, i + 1)
            i += 1

    @staticmethod
    def _is_text(line: str) -> bool:
        return bool(re.match(r"^\[(TRUNCATED|CUT)\]", line))

    def note(self, lines: list[str], i: int) -> int:
        """An editorial note in square brackets, possibly over several lines."""
        start, depth, parts = i, 0, []
        while i < len(lines):
            text = lines[i].strip()
            parts.append(text)
            depth += text.count("[") - text.count("]")
            i += 1
            if depth <= 0:
                break
        note = " ".join(parts)
        label = self.current.label if self.current else None
        self.meta["notes"].append((label, start + 1, note))
        if note.startswith("[MISSING"):
            self.meta["missing"].append((label if note == "[MISSING]" else None, start + 1, note))
        if note.startswith("[DE language version"):
            self.lang = "de"
            self.nester = Nester(self.current, self.file, "de") if self.current else None
        return i

    def _strip_cut(self, text: str, label: str) -> str:
        if _CUT.search(text):
            self.meta["truncated"].append(label)
        return _CUT.sub("", text)

    def content(self, line: str, n: int) -> None:
        if m := _ARTICLE.match(line):
            self.open("article", f"art-{m[1]}", m[1], f"Art. {m[1]}", n)
            return
        if m := _ANNEX.match(line):
            num = m[1] or m[2] or ""
            label = f"annex-{_roman_to_int(num)}" if num else "annex"
            self.open("schedule", label, num, f"Annex {num}".strip(), n)
            return
        if self.current is None:
            self.front(line, n)
            return
        if self.current.kind == "schedule":
            if self.current.caption is None:
                self.current.caption = {"en": line}
            else:
                old = self.current.text.get("en", "")
                self.current.text["en"] = f"{old}\n{line}" if old else line
            return
        self.article_line(line, n)

    def front(self, line: str, n: int) -> None:
        if line == "Whereas:":
            self.in_recitals = True  # the words "Whereas:" are the caption of "recitals"
            return
        if self.in_recitals:
            if m := _SUBPARA_NUM.match(line):
                if self.recitals is None:
                    self.recitals = Provision(
                        kind="preamble",
                        label="recitals",
                        caption={"en": "Whereas:"},
                        citation="recitals",
                        source=SourceRef(self.file, n),
                    )
                    self.provisions.append(self.recitals)
                self.pending = Provision(
                    kind="recital",
                    label=f"recital-{m[1]}",
                    number={"en": f"({m[1]})"},
                    citation=f"recital ({m[1]})",
                    source=SourceRef(self.file, n),
                )
                self.recitals.children.append(self.pending)
                if m[2]:
                    self.pending.text["en"] = self._strip_cut(m[2], self.pending.label)
            elif self.recitals is not None and self.recitals.children:
                rec = self.recitals.children[-1]
                text = self._strip_cut(line, rec.label)
                old = rec.text.get("en", "")
                rec.text["en"] = f"{old}\n{text}" if old else text
            return
        if self.preamble is None and not line.startswith(("THE COUNCIL", "Having regard")):
            self.title.append(line)
            return
        self._preamble_add(line, n)

    def _preamble_add(self, line: str, n: int) -> None:
        if self.preamble is None:
            self.preamble = Provision(
                kind="preamble",
                label="preamble",
                text={"en": line},
                citation="preamble",
                source=SourceRef(self.file, n),
            )
        else:
            self.preamble.text["en"] += "\n" + line

    def open(self, kind: str, label: str, num: str, citation: str, n: int) -> None:
        self.lang = "en"
        self.current = Provision(
            kind=kind,
            label=label,
            number={"en": num},
            citation=citation,
            source=SourceRef(self.file, n),
        )
        self.provisions.append(self.current)
        self.nester = Nester(self.current, self.file)

    def article_line(self, line: str, n: int) -> None:
        nest = self.nester
        m = _PARA.match(line) or _SUBPARA_NUM.match(line)
        if m:
            number = f"{m[1]}." if _PARA.match(line) else f"({m[1]})"
            first, *rest = self._split_inline(m[2])
            node = nest.add(
                number, self._strip_cut(first, f"{nest.root.label}-{m[1]}"), n, style="num"
            )
            self._add_inline(rest, n, node)
            return
        if (m := _POINT.match(line)) and style_of(m[2]) in ("alpha", "roman?"):
            number = f"({m[2]})" if m[1] else f"{m[2]})"
            first, *rest = self._split_inline(m[3])
            node = nest.add(number, "", n)
            node.text[self.lang] = self._strip_cut(first, node.label)
            self._add_inline(rest, n, node)
            return
        text = self._strip_cut(line, nest.last.label)
        if nest.last is nest.root and not nest.root.children:
            old = nest.root.text.get(self.lang, "")
            nest.root.text[self.lang] = f"{old}\n{text}" if old else text
        else:
            nest.continuation(text)

    def _split_inline(self, text: str) -> list[str]:
        """Points run together on one line ("…; (c) …") split back at their numbers."""
        pieces: list[str] = []
        pos = 0
        for m in _INLINE.finditer(text):
            pieces.append(text[pos : m.start()])
            pieces.append(m[1])
            pos = m.end()
        pieces.append(text[pos:])
        return pieces

    def _add_inline(self, rest: list[str], n: int, node: Provision) -> None:
        """Accept a split only where the number continues or opens a list; else re-join."""
        nest = self.nester
        for k in range(0, len(rest), 2):
            number, text = rest[k], rest[k + 1]
            if nest.expects(token_of(number)):
                new = nest.add(number, "", n)
                new.text[self.lang] = self._strip_cut(text, new.label)
            else:
                nest.last.text[self.lang] += f" {number} {self._strip_cut(text, nest.last.label)}"


def load(path: str | Path, *, doc_id: str | None = None, citation: str | None = None) -> Document:
    path = Path(path)
    parser = _Parser(path)
    parser.run(read_text(path).splitlines())
    head = " ".join(parser.title)
    known = next((v for k, v in KNOWN.items() if k in head), (None, None))
    return Document(
        id=doc_id or known[0] or path.stem,
        title={"en": " ".join(parser.title)},
        provisions=([parser.preamble] if parser.preamble else []) + parser.provisions,
        citation=citation or known[1],
        jurisdiction="eu",
        meta=parser.meta,
    )
