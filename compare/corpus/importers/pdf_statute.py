"""UK Acts as text extracted from the legislation.gov.uk revised PDF (e.g. samla-2018.txt).

The extraction keeps one PDF line per text line: a line ending in a space was wrapped by the
PDF layout, so it is joined to the next; a line without one ends a block.

Dropped (editorial furniture, not enacted text) — each dropped line is listed with its reason
in doc.meta["dropped"] as (line, reason, text):
- "annotation": legislation.gov.uk annotation blocks, from a header line ("Textual Amendments",
  "Commencement Information", "Modifications etc. (not altering text)", "Extent Information",
  "Editorial Information", "Marginal Citations", "Financial Effects") through their entries
  (F1, C1, I1, E1, M1, X1 id lines and the note text) to the next provision or heading;
- "pending": the "Changes and effects yet to be applied …" list at the end of the file;
- "furniture": the spaced-out "S C H E D U L E S" banner before the schedules;
- "marker": inline amendment markers F1, F2 … glued to the text ("[F53 to 4]" keeps
  "[3 to 4]"; the square brackets, which show amended words, are kept).
Omitted text shown as ". . . . ." or "..." is kept as "…", so an omitted section stays a
provision (s. 2: caption and "…"). Cross-headings are kept in doc.meta["cross_headings"]
(label of the first section under them -> heading), schedule origin lines ("Section 5") in
doc.meta["schedule_refs"]. The long title, date and enacting formula form the preamble.
"""

from __future__ import annotations

import re
from pathlib import Path

from ....drafts.model import Document, Provision, SourceRef
from ._common import CONTINUATION_MARK, Nester, read_text, token_of

KNOWN = {"Sanctions and Anti-Money Laundering Act 2018": ("uk-samla-2018", "2018 c. 13")}

ANNOT_HEADER = re.compile(
    r"^(Textual Amendments|Commencement Information|Modifications etc\. \(not altering text\)"
    r"|Extent Information|Editorial Information|Marginal Citations|Financial Effects)$"
)
PENDING = re.compile(r"^Changes and effects yet to be applied")
ANNOT_ID = re.compile(r"^[FCIEMX]\d+(\s|$)")
STRUCT = re.compile(r"^(PART|CHAPTER|SCHEDULE)\s+(\d+[A-Z]*)$")
NUMBERED = re.compile(r"^(\[?)(?:F\d+)?\((\d+[A-Z]*|[a-z]{1,3}|[A-Z]{1,2})\)\s*(.*)$")
DOTS = re.compile(r"(?:\.\s?){3,}")
INLINE_F = re.compile(r"(?<![A-Za-z0-9])F(\d+)")


def sniff(head: str) -> bool:
    return bool(re.search(r"\d{4} CHAPTER \d+", head)) or "Anti-Money" in head[:200]


def _num_key(num: str) -> tuple[int, str]:
    m = re.match(r"(\d+)([A-Z]*)$", num)
    return (int(m[1]), m[2]) if m else (-1, "")


def _successor(prev: str | None, num: str) -> bool:
    if prev is None:
        return num == "1"
    (pn, ps), (n, s) = _num_key(prev), _num_key(num)
    if n == pn:
        return (
            len(s) == 1
            and (not ps or (len(ps) == 1 and ord(s) == ord(ps) + 1))
            or (len(s) == len(ps) + 1 and s.startswith(ps))
        )
    return n == pn + 1 and s in ("", "A")


def _block_final(prev: str) -> bool:
    """Whether a line can end a block: it ends a sentence, a clause or a list item."""
    m = NUMBERED.match(prev)
    return bool(re.search(r"([.,;:—–\]…)]|\b(or|and))$", prev)) or bool(m and not m[3])


def _append(text: str, more: str) -> str:
    sep = " " if not text.endswith(CONTINUATION_MARK) else ""
    return f"{text}{sep}{more}"


def _looks_like_heading(s: str, strict: bool = True) -> bool:
    """A cross-heading line; `strict` inside annotation blocks, whose notes end in citations."""
    if not s or ANNOT_ID.match(s) or not (s[0].isupper() or s[0] in "“‘"):
        return False
    if re.search(r"[.,;:—]$", s) or re.match(r"^(S|Ss|Sch|Pt|Art|Reg|Regs|Words?)\.?\s", s):
        return False
    if not strict:
        return True
    return not re.search(r"\d", s) or bool(re.search(r"\d{4}( \(c\. \d+\))?$", s))


class _Lines:
    def __init__(self, raw: list[str]) -> None:
        self.raw = raw
        self.s = [r.strip() for r in raw]

    def soft(self, i: int) -> bool:
        """The PDF wrapped line i (it ends with a space), so line i+1 continues it."""
        return self.raw[i].endswith(" ") and bool(self.s[i])


class _Parser:
    def __init__(self, path: Path, raw: list[str]) -> None:
        self.file = str(path)
        self.L = _Lines(raw)
        self.fids = {int(m[1]) for s in self.L.s if (m := re.match(r"^F(\d+)(\s|$)", s))}
        self.last_f = 0
        self.dropped: list[tuple[int, str, str]] = []
        self.cross: dict[str, str] = {}
        self.sched_refs: dict[str, str] = {}
        self.provisions: list[Provision] = []
        self.part: Provision | None = None
        self.chapter: Provision | None = None
        self.schedule: Provision | None = None
        self.sched_part: Provision | None = None
        self.nester: Nester | None = None
        self.prev_num: str | None = None
        self.after_struct = False
        self.pending_cross: str | None = None
        self.last_struct: Provision | None = None  # the PART/CHAPTER/SCHEDULE awaiting its title

    # -- inline markers -------------------------------------------------------------------
    def _pick_f(self, digits: str) -> int | None:
        """Which prefix of "F53" is the marker: the smallest defined id not before the last."""
        cands = [int(digits[:k]) for k in range(1, len(digits) + 1) if int(digits[:k]) in self.fids]
        later = [c for c in cands if c >= self.last_f]
        pick = min(later) if later else (max(cands) if cands else None)
        if pick is not None:
            self.last_f = max(self.last_f, pick)
        return pick

    def clean(self, text: str, line: int) -> str:
        def repl(m: re.Match) -> str:
            pick = self._pick_f(m[1])
            if pick is None:
                return m[0]
            self.dropped.append((line, "marker", f"F{pick}"))
            return m[1][len(str(pick)) :]

        text = INLINE_F.sub(repl, text)
        return DOTS.sub("…", text).strip()

    # -- sections -------------------------------------------------------------------------
    def section_start(self, i: int) -> tuple[str, str | None, str] | None:
        """(number, rest of line, prefix) if line i starts the next section/paragraph."""
        if i >= len(self.L.s):
            return None
        line = self.L.s[i]
        m = re.match(r"^(\[?)(F?)(\d+)([A-Z]*)(?=\s|\(|$)\s*(.*)$", line)
        if not m:
            return None
        digits, suffix, rest = m[3], m[4], m[5] or None
        splits = (
            [digits]
            if not m[2]
            else [digits[k:] for k in range(1, len(digits)) if int(digits[:k]) in self.fids]
        )
        for num in splits:
            num = num + suffix
            prefix = line[: len(line) - len(m[5])] if m[5] else line
            if self.schedule is None and rest and not (rest[0].isupper() or rest[0] in "“‘"):
                continue
            restart = self.after_struct and self.schedule is not None and num == "1"
            if _successor(self.prev_num, num) or restart:
                if self.schedule is None and not rest and not self._titled(i + 1):
                    continue
                return num, rest, prefix
        return None

    def _titled(self, j: int) -> bool:
        return (
            j < len(self.L.s)
            and bool(self.L.s[j])
            and (self.L.s[j][0].isupper() or self.L.s[j][0] in "“‘")
        )

    def run(self) -> tuple[list[Provision], Provision | None, str]:
        s = self.L.s
        i = 0
        title_lines: list[str] = []
        while i < len(s) and not STRUCT.match(s[i]):
            title_lines.append((i + 1, s[i]))
            i += 1
        title, preamble = self._preamble(title_lines)
        annot = False
        while i < len(s):
            line = s[i]
            if not line:
                i += 1
                continue
            if PENDING.match(line):
                self.dropped += [(k + 1, "pending", s[k]) for k in range(i, len(s))]
                break
            if ANNOT_HEADER.match(line):
                annot = True
            if annot:
                if not ANNOT_HEADER.match(line) and self._resumes(i):
                    annot = False
                else:
                    self.dropped.append((i + 1, "annotation", line))
                    i += 1
                    continue
            i = self.body(i)
        return self.provisions, preamble, title

    def _resumes(self, i: int) -> bool:
        s = self.L.s
        return bool(
            STRUCT.match(s[i])
            or s[i] == "S C H E D U L E S"
            or self.section_start(i)
            or (_looks_like_heading(s[i]) and self.section_start(i + 1))
        )

    def _preamble(self, lines: list[tuple[int, str]]) -> tuple[str, Provision | None]:
        title_parts: list[str] = []
        rest: list[tuple[int, str]] = []
        for n, text in lines:
            if not rest and not re.match(r"^\d{4} CHAPTER", text):
                title_parts.append(text)
            else:
                rest.append((n, text))
        if rest and re.match(r"^\d{4} CHAPTER", rest[0][1]):
            self.chapter_line = rest.pop(0)[1]
        if not rest:
            return " ".join(title_parts), None
        text = self._join([t for _, t in rest], [n for n, _ in rest])
        pre = Provision(
            kind="preamble",
            label="preamble",
            text={"en": text},
            citation="preamble",
            source=SourceRef(self.file, rest[0][0]),
        )
        return " ".join(title_parts), pre

    def _join(self, texts: list[str], nums: list[int]) -> str:
        out = ""
        for t, n in zip(texts, nums, strict=True):
            t = self.clean(t, n)
            out = f"{out} {t}" if out and self.L.soft(n - 1) else (f"{out}\n{t}" if out else t)
        return out.replace(" \n", "\n")

    def read_block(self, i: int) -> tuple[str, int]:
        """Line i and its soft-wrapped continuation lines, cleaned; returns (text, next i)."""
        parts = [self.clean(self.L.s[i], i + 1)]
        while self.L.soft(i) and i + 1 < len(self.L.s) and self.L.s[i + 1]:
            i += 1
            parts.append(self.clean(self.L.s[i], i + 1))
        return " ".join(p for p in parts if p), i + 1

    def body(self, i: int) -> int:
        s = self.L.s
        line = s[i]
        if m := STRUCT.match(line):
            return self.structural(m[1], m[2], i)
        if line == "S C H E D U L E S":
            self.dropped.append((i + 1, "furniture", line))
            return i + 1
        if self.last_struct is not None and self.last_struct.caption is None:
            return self.struct_caption(i)
        if start := self.section_start(i):
            return self.open_section(start, i)
        if (
            _looks_like_heading(line, strict=False)
            and self.section_start(i + 1)
            and not (i and self.L.soft(i - 1))
        ):
            self.pending_cross = line
            return i + 1
        return self.text(i)

    def structural(self, kind: str, num: str, i: int) -> int:
        nxt = self._structural(kind, num, i)
        self.last_struct = self._last_made
        return nxt

    def _structural(self, kind: str, num: str, i: int) -> int:
        n = i + 1
        self.after_struct = True
        self.nester = None
        if kind == "SCHEDULE":
            node = Provision(
                kind="schedule",
                label=f"sch-{num.lower()}",
                number={"en": num},
                citation=f"Sch. {num}",
                source=SourceRef(self.file, n),
            )
            self.provisions.append(node)
            self._last_made = node
            self.schedule, self.sched_part, self.part, self.chapter = node, None, None, None
            self.prev_num = None
            if i + 1 < len(self.L.s) and re.match(r"^Sections? \d", self.L.s[i + 1]):
                self.sched_refs[node.label] = self.L.s[i + 1]
                return i + 2
            return i + 1
        if self.schedule is not None:  # a Part within a schedule
            node = Provision(
                kind="part",
                label=f"{self.schedule.label}-part-{num.lower()}",
                number={"en": num},
                citation=f"{self.schedule.citation} Pt. {num}",
                source=SourceRef(self.file, n),
            )
            self.schedule.children.append(node)
            self.sched_part = self._last_made = node
            return i + 1
        if kind == "PART":
            node = Provision(
                kind="part",
                label=f"part-{num.lower()}",
                number={"en": num},
                citation=f"Pt. {num}",
                source=SourceRef(self.file, n),
            )
            self.provisions.append(node)
            self.part, self.chapter, self._last_made = node, None, node
            return i + 1
        parent = self.part
        # Chapters are numbered only within Part 1 of the Acts we read: "chapter-2" is unique.
        label = f"chapter-{num.lower()}"
        node = Provision(
            kind="chapter",
            label=label,
            number={"en": num},
            citation=f"{parent.citation if parent else ''} Ch. {num}".strip(),
            source=SourceRef(self.file, n),
        )
        (parent.children if parent else self.provisions).append(node)
        self.chapter = self._last_made = node
        return i + 1

    def struct_caption(self, i: int) -> int:
        """The title line(s) right after PART/CHAPTER/SCHEDULE n."""
        text, nxt = self.read_block(i)
        self.last_struct.caption = {"en": text}
        return nxt

    def open_section(self, start: tuple[str, str | None, str], i: int) -> int:
        num, title, prefix = start
        self.prev_num = num
        self.after_struct = False
        self.clean(prefix, i + 1)  # records the F-marker glued to the number, if any
        nxt = i + 1
        if self.schedule is not None and title:
            # "4 [F63(1)] Require …": the words after a schedule paragraph's number are its text,
            # so the rest of the line is read again as a text line of the new paragraph.
            self.L.s[i] = title
            self.L.raw[i] = title + (" " if self.L.soft(i) else "")
            title, nxt = None, i
        elif self.schedule is None and not title:
            title, nxt = self.read_block(i + 1)
        tok = token_of(num)
        if self.schedule is not None:
            label = f"{self.schedule.label}-para-{tok}"
            citation = f"Sch. {self.schedule.number['en']} para. {num}"
            kind, parent = "paragraph", self.sched_part or self.schedule
        else:
            label, citation, kind = f"s-{tok}", f"s. {num}", "article"
            parent = self.chapter or self.part
        node = Provision(
            kind=kind,
            label=label,
            number={"en": num},
            caption={"en": self.clean(title, i + 1)} if title else None,
            citation=citation,
            source=SourceRef(self.file, i + 1),
        )
        (parent.children if parent else self.provisions).append(node)
        if self.pending_cross:
            self.cross[label] = self.pending_cross
            self.pending_cross = None
        self.nester = Nester(node, self.file)
        return nxt

    def text(self, i: int) -> int:
        if self.nester is None:
            text, nxt = self.read_block(i)
            self.dropped.append((i + 1, "unplaced", text))
            return nxt
        nest = self.nester
        raw = self.L.s[i]
        m = NUMBERED.match(raw)
        if m:
            text, nxt = self.read_block(i)
            body = NUMBERED.match(text)
            rest = body[3] if body else ""
            nest.add(f"({m[2]})", (m[1] + rest) if rest else m[1], i + 1)
            return nxt
        text, nxt = self.read_block(i)
        last = nest.last
        if i and not _block_final(self.L.s[i - 1]) and last.text.get("en"):
            # A hard-wrapped line the PDF left without its trailing space: same sentence.
            last.text["en"] = _append(last.text["en"], text)
        elif raw.startswith(("“", "‘")) and not raw.startswith(("“(", "‘(")):
            term = re.match(r"^[“‘]([^”’]+)[”’]", text)
            nest.add_definition(term[1] if term else text[:40], text, i + 1)
        elif last is not nest.root and not last.text.get("en", "").strip("["):
            last.text["en"] = last.text.get("en", "") + text
        elif last is nest.root and not last.children:
            old = last.text.get("en", "")
            last.text["en"] = f"{old}\n{text}" if old else text
        else:
            nest.continuation(text)
        return nxt


def load(
    path: str | Path,
    *,
    part: str | None = None,
    doc_id: str | None = None,
    citation: str | None = None,
) -> Document:
    """Import the whole Act; `part="1"` keeps only that Part (and the preamble)."""
    path = Path(path)
    raw = read_text(path).split("\n")
    parser = _Parser(path, raw)
    provisions, preamble, title = parser.run()
    known_id, known_cit = KNOWN.get(title, (None, None))
    if part is not None:
        provisions = [p for p in provisions if p.kind == "part" and p.number["en"] == str(part)]
    doc = Document(
        id=doc_id or known_id or path.stem,
        title={"en": title},
        provisions=([preamble] if preamble else []) + provisions,
        citation=citation or known_cit,
        jurisdiction="uk",
        meta={
            "source_file": str(path),
            "format": "pdf_statute",
            "part": part,
            "dropped": parser.dropped,
            "cross_headings": parser.cross,
            "schedule_refs": parser.sched_refs,
            "chapter_line": getattr(parser, "chapter_line", None),
        },
    )
    return doc
