"""The one model shared by drafts and reference laws: a document is a tree of provisions.

Plain dataclasses, no behaviour beyond walking the tree. Writers, importers and the
comparator all read and write these; nothing here knows about YAML, Jinja or Word.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

# Kinds a draft uses (the JSON contract of the build issue names exactly these) ...
DRAFT_KINDS = (
    "chapter",
    "section",
    "article",
    "paragraph",
    "item",
    "subitem",
    "supplementary",
    "reason",
)
# ... and the extra levels reference laws have (UK Parts, schedules, EU recitals, preambles).
REFERENCE_KINDS = ("part", "schedule", "recital", "preamble", "definition")
KINDS = DRAFT_KINDS + REFERENCE_KINDS

LANGS = ("ja", "en", "fr")


# Slots: a 5,000-article bill holds some 60,000 provisions per version, and a per-instance
# __dict__ costs more than the fields it holds.
@dataclass(slots=True)
class SourceRef:
    """Where a provision came from: the file a user edits and its line, for messages."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(slots=True)
class Provision:
    """An article, paragraph or item, with its text in each language and its children."""

    kind: str
    label: str
    # Display numbers per language, computed for drafts ("第五条" / "Article 5"),
    # taken from the text for reference laws ("6", "(2)", "(a)").
    number: dict[str, str] = field(default_factory=dict)
    caption: dict[str, str] | None = None
    text: dict[str, str] = field(default_factory=dict)
    elements: list[str] = field(default_factory=list)
    children: list[Provision] = field(default_factory=list)
    # Reference laws only: the local official citation ("reg. 6(2)(a)", "s. 4(1)").
    citation: str | None = None
    source: SourceRef | None = None

    def walk(self) -> Iterator[Provision]:
        """The provision and its descendants, in document order (pre-order)."""
        # A stack, not nested generators: each level of `yield from` re-yields every
        # descendant, and the comparator walks reference trees tens of thousands of times.
        stack = [self]
        while stack:
            p = stack.pop()
            yield p
            if p.children:
                stack += reversed(p.children)

    def all_text(self, lang: str) -> str:
        """The provision's own text followed by its descendants' text, in document order."""
        if not self.children:
            return self.text.get(lang, "")
        parts = [p.text.get(lang, "") for p in self.walk()]
        return "\n".join([t for t in parts if t])


@dataclass
class Document:
    """A bill or a reference law: its title and its provisions, in order."""

    id: str
    title: dict[str, str]
    provisions: list[Provision] = field(default_factory=list)
    # Reference laws: "SI 2020/680"; drafts: None until enacted.
    citation: str | None = None
    jurisdiction: str | None = None
    meta: dict = field(default_factory=dict)

    def walk(self) -> Iterator[Provision]:
        for p in self.provisions:
            yield from p.walk()

    def find(self, label: str) -> Provision | None:
        for p in self.walk():
            if p.label == label:
                return p
        return None

    def articles(self) -> list[Provision]:
        return [p for p in self.walk() if p.kind == "article"]
