"""Any statute in plain text whose provisions are numbered the usual ways, for laws we don't ship.

Recognised: article lines "Section 5.", "SECTION 5.", "Sec. 1263.", "SEC. 3.", "§ 4", "Article 3",
"ARTICLE 3", "Art. 3" (label s-5 / art-3 by the numbering word) or, in a text that never uses
those words, a bare "5." or, Australian and New Zealand style, "5  Heading" (a number, spaces
and a heading without a full stop) (label s-5); an optional heading after the number
("Section 5. Definitions.") or on its own line just before it; groupings "PART 1 — Title",
"CHAPTER 2 Title", "Division 1—Title" (inside the Part before it), "Subdivision A—Title",
"Subpart 2—Title"; and, inside an article, numbered lines "(1)", "(a)", "(i)", "(A)", "(I)"
(bare "1." is a paragraph when the text does use Section/Article words). Their nesting is
learnt from the order in which the styles first appear in each section (Nester(learn=True)):
a US Code section nests (a) > (1) > (A) > (i) > (I), an Australian one (1) > (a) > (i) > (A),
and the labels and citations follow (s-3-a-1-b, "s. 3(a)(1)(B)"). US Code lines that open
with several numbers, "(a)(1) IN GENERAL.—...", give each number its level; the doubled
letters (aa), (bb) below a subclause (I) are a level of their own; a numbered line of a few
capitalised words with no closing punctuation followed by words ("(a) In general", then the
text, as uscode.house.gov prints it) is the heading of that provision, and the words that
follow are its text. Australian and New Zealand definitions, one a line after "In this
Act:" or "...,—" ("asset means ..."), are provisions of their own (s-2-def-asset, "s. 2,
definition of “asset”"); an Australian "Note:" or "Example:" closes the subsection (or
section) it follows, after its lists. Lines within a block (no
blank line) are joined; an unnumbered block after a list is the continuation of the list's
parent. Lines before the first provision: the first is the title, the rest the preamble.
Nothing is dropped.
"""

from __future__ import annotations

import re
from pathlib import Path

from ....drafts.model import Document, Provision, SourceRef
from ._common import Nester, read_text, token_of

_WORD_ARTICLE = re.compile(
    r"^(SECTION|Section|SEC\.|Sec\.|§|ARTICLE|Article|ART\.|Art\.)\s*(\d+[A-Za-z]*)\.?(?:\s+(.*))?$"
)
_BARE = re.compile(r"^(\d+[A-Za-z]*)\.\s+(.*)$")
_GROUP = re.compile(
    r"^(PART|Part|CHAPTER|Chapter|DIVISION|Division|SUBDIVISION|Subdivision|SUBPART|Subpart)"
    r"\s+(\w+)\.?\s*(?:[—–:-]\s*)?(.*)$"
)
# Australian / New Zealand section lines: "5  Definitions", "12A  Dealing with assets".
_AUNZ = re.compile(r"^(\d+[A-Z]{0,2})\s{1,3}([A-Z][^.;:,]{0,79})$")
_MONTH = re.compile(
    r"^(January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
_NESTED_GROUPS = {
    "division": ("part", "chapter"),
    "subdivision": ("division",),
    "subpart": ("part",),
}
_SUB = re.compile(r"^(\((?:\d+[A-Za-z]*|[a-z]{1,4}|[A-Z]{1,4})\))\s*(.*)$")
# Words after a number that make it a reference, not a level of its own: "(a) (1) or (2)".
_REFERENCE_TAIL = re.compile(r"^(?:or|and|to|through|of|,|;)\b|^[,;]")


def _run_together(number: str, rest: str) -> list[tuple[str, str]]:
    """The numbers a line opens with, each with its text: US Code style "(a)(1) IN
    GENERAL.—The ..." is subsection (a), empty, and its paragraph (1) with the words."""
    out = []
    while (m := _SUB.match(rest)) and not _REFERENCE_TAIL.match(m[2]):
        out.append((number, ""))
        number, rest = m[1], m[2]
    return [*out, (number, rest)]


# Australian and New Zealand definitions, one a line under "In this Act:" / "...,—":
# "designated person means ...", "asset includes ...", "Minister has the meaning ...".
_DEF = re.compile(
    r"^([A-Za-z][\w’'-]*(?: [\w’'-]+){0,5}) (?:means|includes|has the (?:same )?meaning)\b"
)
# A line that opens a list of definitions.
_OPENS_DEFS = re.compile(r"(?:[:—–]|,\s*[—–-])$")


def _definition(line: str, before: str, in_list: bool) -> re.Match[str] | None:
    """The definition a line starts, if it starts one: only in a list of definitions (one
    has been seen since the last section) or right after the line that opens it, so that a
    wrapped sentence that happens to say "... property means ..." stays a sentence."""
    m = _DEF.match(line)
    if m is None or not before:
        return None
    return m if in_list or _OPENS_DEFS.search(before) else None


# An Australian note or example under a subsection: "Note:", "Note 2:", "Example:".
_NOTE = re.compile(r"^(?:Note|Example)s?(?: \d+)?:\s")


def _aunz(line: str) -> re.Match[str] | None:
    m = _AUNZ.match(line)
    return m if m and not _MONTH.match(m[2]) else None


def sniff(head: str) -> bool:
    return bool(re.search(r"^(Section|SECTION|Sec\.|Article|Art\.)\s*\d", head, re.M))


def _blocks(lines: list[str]) -> list[tuple[int, str]]:
    """Blank-line separated blocks, split again wherever a line starts a numbered unit."""
    out: list[tuple[int, str]] = []
    in_defs = False
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            out.append((n, ""))
            continue
        if _WORD_ARTICLE.match(line) or _GROUP.match(line) or _aunz(line):
            in_defs = False
        definition = bool(out) and _definition(line, out[-1][1], in_defs)
        in_defs = in_defs or bool(definition)
        starts = (
            _WORD_ARTICLE.match(line)
            or _SUB.match(line)
            or _GROUP.match(line)
            or _BARE.match(line)
            or _aunz(line)
            or definition
            or _NOTE.match(line)
        )
        # "5  Definitions" is a whole line: the words after it are the section's own.
        if out and out[-1][1] and not starts and not _aunz(out[-1][1]):
            out[-1] = (out[-1][0], f"{out[-1][1]} {line}")
        else:
            out.append((n, line))
    # Empty entries stay where blank lines were: they tell a continuation from a wrapped line.
    return out


def _sub_heading(words: str, following: str) -> bool:
    """Whether the words of a numbered line are its heading, its text coming in the next
    block: a few words, capitalised, with no punctuation to end them, and words (not a
    number or a section) to follow."""
    return (
        0 < len(words.split()) <= 8
        and words[:1].isupper()
        and not re.search(r"[.;,:—–\-]$", words)
        and bool(following)
        and not (_SUB.match(following) or _WORD_ARTICLE.match(following) or _GROUP.match(following))
    )


def _awaits_words(p: Provision) -> bool:
    """A numbered provision that so far has only its heading: the next block is its text."""
    return bool(p.caption) and not p.text and not p.children


def _short_heading(text: str) -> bool:
    return len(text) <= 80 and not re.search(r"[,;:—]$", text) and text[:1].isupper()


def load(
    path: str | Path,
    *,
    doc_id: str | None = None,
    citation: str | None = None,
    title: str | None = None,
    jurisdiction: str | None = None,
) -> Document:
    path = Path(path)
    file = str(path)
    lines = read_text(path).splitlines()
    uses_words = any(_WORD_ARTICLE.match(x.strip()) for x in lines)
    blocks = _blocks(lines)
    doc = Document(
        id=doc_id or path.stem,
        title={"en": title or ""},
        citation=citation,
        jurisdiction=jurisdiction,
        meta={"format": "plain_text", "source_file": file},
    )
    container: Provision | None = None
    nester: Nester | None = None
    preamble: Provision | None = None
    pending_heading: str | None = None
    outer: dict[int, Provision] = {}  # a Division's Part
    group_word: dict[int, str] = {}  # "part", "division", ... of each group
    after_blank = False
    previous = ""  # the block before, for a definition that follows its list's opening
    for k, (n, text) in enumerate(blocks):
        if not text:
            after_blank = True
            continue
        m_art = _WORD_ARTICLE.match(text)
        m_bare = None if (uses_words or m_art) else (_BARE.match(text) or _aunz(text))
        nxt = next((t for _, t in blocks[k + 1 :] if t), "")
        next_is_article = bool(
            _WORD_ARTICLE.match(nxt) or (not uses_words and (_BARE.match(nxt) or _aunz(nxt)))
        )
        if m_art or m_bare:
            word = m_art[1] if m_art else ""
            num = m_art[2] if m_art else m_bare[1]
            rest = (m_art[3] if m_art else m_bare[2]) or ""
            is_art = word.lower().startswith("art")
            prefix, cword = ("art", "Art.") if is_art else ("s", "§" if word == "§" else "s.")
            node = Provision(
                kind="article",
                label=f"{prefix}-{token_of(num)}",
                number={"en": f"{word} {num}".strip()},
                citation=f"{cword} {num}",
                source=SourceRef(file, n),
            )
            heading, body = pending_heading, rest
            pending_heading = None
            hm = re.match(r"^([^.]{1,80})\.\s+(.*)$", rest)
            if m_bare is not None and m_bare.re is _AUNZ and not heading:
                heading, body = rest, ""  # "5  Definitions": the words are the heading
            elif hm and not heading and _short_heading(hm[1]):
                heading, body = hm[1], hm[2]
            elif (
                rest
                and not heading
                and _short_heading(rest.rstrip("."))
                and (not rest.endswith(".") or "." not in rest[:-1])
            ):
                heading, body = rest.rstrip("."), ""
            if heading:
                node.caption = {"en": heading}
            if body:
                node.text["en"] = body
            (container.children if container else doc.provisions).append(node)
            nester = Nester(node, file, learn=True)
        elif m := _GROUP.match(text):
            word = m[1].lower()
            # Divisions and subparts group sections as chapters and parts do.
            kind = "part" if word in ("part", "subpart") else "chapter"
            parent = container
            while parent is not None and group_word.get(id(parent)) not in _NESTED_GROUPS.get(
                word, ()
            ):
                parent = outer.get(id(parent))
            group = Provision(
                kind=kind,
                label=f"{word}-{token_of(m[2])}",
                number={"en": m[2]},
                caption={"en": m[3]} if m[3] else None,
                citation=f"{m[1].title()} {m[2]}",
                source=SourceRef(file, n),
            )
            if parent is not None:
                group.label = f"{parent.label}-{group.label}"
                parent.children.append(group)
                outer[id(group)] = parent
            else:
                doc.provisions.append(group)
            group_word[id(group)] = word
            container = group
            nester = None
        elif nester is None and next_is_article and _short_heading(text) and doc.title["en"]:
            pending_heading = text
        elif nester is None:
            if not doc.title["en"]:
                doc.title["en"] = text
            else:
                if preamble is None:
                    preamble = Provision(
                        kind="preamble",
                        label="preamble",
                        text={"en": text},
                        citation="preamble",
                        source=SourceRef(file, n),
                    )
                    doc.provisions.insert(0, preamble)
                else:
                    preamble.text["en"] += "\n" + text
        elif _NOTE.match(text):
            nester.note(text)
        elif (d := _definition(text, previous, nester.in_definitions)) and not _SUB.match(text):
            nester.add_definition(d[1], text, n)
        elif next_is_article and _short_heading(text) and not text.endswith("."):
            pending_heading = text
        elif (m := _SUB.match(text)) or (uses_words and (m := _BARE.match(text))):
            number = m[1] if m[1].startswith("(") else f"{m[1]}."
            if number.endswith("."):
                nester.add(number, m[2], n, style="num")
            else:
                for num, words in _run_together(number, m[2]):
                    node = nester.add(num, words, n)
                if _sub_heading(words, nxt):
                    # US Code as the Law Revision Counsel prints it: "(a) In general", a
                    # blank line, then the subsection's words.
                    node.caption, node.text = {"en": words}, {}
        elif nester.root.children and after_blank and not _awaits_words(nester.last):
            nester.continuation(text)
        else:
            nester.extend_last(text)
        after_blank = False
        previous = text
    return doc
