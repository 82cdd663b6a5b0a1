"""Helpers every text importer shares: reading files, label tokens, and nesting flattened lists.

Continuation text: the words that follow a list and close its parent's sentence ("..., or
(b) ..., / must not disclose it ...") are appended to the parent's own text after
`CONTINUATION_MARK`, so `text` is "chapeau + MARK + continuation". `split_continuation`
gives the two halves back to a writer that wants to print the continuation after the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ....drafts.errors import InputFileError
from ....drafts.limits import read_bounded
from ....drafts.model import Provision, SourceRef
from ..errors import CorpusError

CONTINUATION_MARK = "\n\u2937 "  # "⤷": no legal text uses it, so it splits back unambiguously

_ROMAN = re.compile(r"^(x{0,3})(ix|iv|v?i{0,3})$")


PDF_MAX_BYTES = 64 * 1024 * 1024
PDF_MAX_PAGES = 3000


def is_pdf(path: str | Path) -> bool:
    try:
        with Path(path).open("rb") as f:
            return f.read(5) == b"%PDF-"
    except OSError:
        return False


def pdf_text(path: str | Path) -> str:
    """The text layer of a PDF, page after page (pypdf); a PDF without one says so.

    Bounded for hostile files: at most PDF_MAX_BYTES and PDF_MAX_PAGES. Kept per file
    version: detecting the format and importing read the same PDF, and pypdf is slow."""
    p = Path(path)
    st = p.stat()
    return _pdf_text(str(p), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=4)
def _pdf_text(path: str, mtime_ns: int, size: int) -> str:
    p = Path(path)
    if size > PDF_MAX_BYTES:
        raise CorpusError(p, f"PDF larger than {PDF_MAX_BYTES // (1024 * 1024)} MB")
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(str(p))
        if len(reader.pages) > PDF_MAX_PAGES:
            raise CorpusError(p, f"PDF of more than {PDF_MAX_PAGES} pages")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise CorpusError(p, f"not a readable PDF ({type(exc).__name__}: {exc})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise CorpusError(p, "the PDF has no text layer (a scan?); extract its text first")
    return text


def read_text(path: str | Path) -> str:
    """The file's text (UTF-8, or the text layer of a PDF); a missing or undecodable file
    is a CorpusError naming it."""
    p = Path(path)
    if is_pdf(p):
        return pdf_text(p)
    try:
        data = read_bounded(p)  # a corpus file may come from a pull request too: size-capped
    except InputFileError as exc:
        raise CorpusError(p, exc.message) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(p, f"not UTF-8 text (byte {exc.start})") from None


def split_continuation(text: str) -> tuple[str, str]:
    """(chapeau, continuation) of a provision text; continuation is "" when there is none."""
    head, _, tail = text.partition(CONTINUATION_MARK)
    return head, tail


def token_of(number: str) -> str:
    """The label token of a displayed number: "(2A)" -> "2a", "a)" -> "a", "(d.1)" -> "d.1"."""
    return number.strip().rstrip(".").strip("()[]").rstrip(")").strip().lower()


def slug(term: str) -> str:
    """A label-safe form of a defined term: "foreign national" -> "foreign-national"."""
    s = re.sub(r"[^\w]+", "-", term.lower(), flags=re.UNICODE).strip("-")
    return s or "term"


def is_roman(tok: str) -> bool:
    return bool(tok) and bool(_ROMAN.match(tok))


def style_of(tok: str) -> str:
    """Numbering style of a bare token: num (1, 2A, 1.1), alpha (a, aa, d.1), ALPHA (A), roman.

    Roman-looking tokens ("i", "v", "x", "ii") are reported as "roman?" for the caller to decide
    from context, because (i) after (h) is a letter.
    """
    if re.match(r"^\d", tok):
        return "num"
    if tok.isupper():
        return "ALPHA"
    base = tok.split(".")[0]
    if len(base) >= 1 and is_roman(base) and base not in ("c", "d", "l", "m"):
        return "roman?"
    return "alpha"


KIND_OF_STYLE = {
    "num": "paragraph",
    "alpha": "item",
    "roman": "subitem",
    "ALPHA": "subitem",
    "ROMAN": "subitem",
    "alpha2": "subitem",
}
RANK_OF_STYLE = {"num": 1.0, "alpha": 2.0, "roman": 3.0, "ALPHA": 4.0, "ROMAN": 5.0, "alpha2": 6.0}
KIND_OF_DEPTH = ("paragraph", "item", "subitem")
_UPPER_ROMAN = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$")


def _next_alpha(tok: str) -> str:
    return chr(ord(tok[-1]) + 1) if len(tok) == 1 and tok < "z" else ""


_DOUBLED = re.compile(r"^([a-z])\1$")


def _doubled_before(tok: str) -> str:
    """The doubled letter before a doubled letter: "cc" -> "bb" ("" before "aa")."""
    return chr(ord(tok[0]) - 1) * 2 if tok[0] > "a" else ""


def _roman_value(tok: str) -> int:
    vals = {"i": 1, "v": 5, "x": 10}
    total = 0
    for i, ch in enumerate(tok):
        v = vals[ch]
        total += -v if i + 1 < len(tok) and vals[tok[i + 1]] > v else v
    return total


def opens_list(text: str) -> bool:
    """Whether a provision's text ends by introducing a list ("... means—", "... following:")."""
    return bool(re.search(r"[—–:\-]\s*$", text or ""))


@dataclass
class _Frame:
    node: Provision
    rank: float
    style: str
    tok: str


class Nester:
    """Rebuild the tree of one article from its numbered lines when the source lost the nesting.

    The level comes from the numbering style ((1) paragraph, (a) item, (i) subitem, (A) below),
    which is how the UK, the EU, Canada and Japan nest; roman-looking letters are resolved
    from context. With `learn=True` the order of the styles is learnt instead from the order
    in which they first appear in the provision, a new style being one level down: US Code
    sections nest (a) > (1) > (A) > (i) > (I), Australian ones (1) > (a) > (i) > (A), and
    both come out right. Labels are the parent's label plus the lowercased token; citations
    the parent's plus "(tok)".
    """

    def __init__(self, root: Provision, file: str, lang: str = "en", learn: bool = False) -> None:
        self.root = root
        self.file = file
        self.lang = lang
        self.stack: list[_Frame] = [_Frame(root, 0.0, "root", "")]
        self.last: Provision = root
        self.order: list[str] | None = [] if learn else None

    def _rank(self, style: str) -> float:
        if self.order is None:
            return RANK_OF_STYLE[style]
        if style not in self.order:
            self.order.append(style)  # first seen under the provision before: one level down
        return float(self.order.index(style) + 1)

    def _kind(self, style: str, rank: float) -> str:
        if self.order is None:
            return KIND_OF_STYLE[style]
        return KIND_OF_DEPTH[min(int(rank) - 1, len(KIND_OF_DEPTH) - 1)]

    def _doubled(self, base: str) -> str | None:
        """The style of a doubled letter, (aa) to (zz), where the context decides it.

        A US Code item is the level below a subclause (I): (a)(1)(A)(i)(I)(aa), its
        letters doubled, and (ii) after (hh) is one of them, not the roman two. Elsewhere
        (aa) is a letter inserted after (a) or following (z), and stays at its level."""
        if not _DOUBLED.match(base):
            return None
        before = _doubled_before(base)
        if any(f.style == "alpha2" and f.tok == before for f in self.stack):
            return "alpha2"
        if base == "aa" and self.stack[-1].style == "ROMAN":
            return "alpha2"
        return None

    def _resolve(self, tok: str, number: str = "") -> str:
        style = self._doubled(tok.split(".")[0]) or style_of(tok)
        if style == "ALPHA" and number and _UPPER_ROMAN.match(number.strip("()[]. ")):
            # (I), (II) under a clause (i): a US subclause, not the letter I.
            upper = number.strip("()[]. ")
            if self.stack[-1].style in ("roman", "ROMAN") and (upper != "I" or self._opened()):
                return "ROMAN"
            # (II) after the items (aa), (bb) of a subclause (I): the next subclause.
            value = _roman_value(upper.lower())
            if any(f.style == "ROMAN" and _roman_value(f.tok) + 1 == value for f in self.stack):
                return "ROMAN"
        if style != "roman?":
            return style
        base = tok.split(".")[0]
        alpha = next((f for f in reversed(self.stack) if f.style == "alpha"), None)
        roman = next((f for f in reversed(self.stack) if f.style == "roman"), None)
        if self._opened():
            # The first child of a list: (i) under a letter, (a)/(v)... never starts a list.
            return "roman" if base == "i" or self.stack[-1].style == "alpha" else "alpha"
        if roman and is_roman(roman.tok) and _roman_value(base) == _roman_value(roman.tok) + 1:
            return "roman"
        if alpha and _next_alpha(alpha.tok.split(".")[0]) == base[0] and len(base) == 1:
            return "alpha"
        return "roman"

    def _opened(self) -> bool:
        """The last provision introduces a list and nothing is under it yet."""
        list_opened = opens_list(self.last.text.get(self.lang, "")) and not self.last.children
        return list_opened and self.stack[-1].node is self.last

    def add(self, number: str, text: str, line: int | None, style: str | None = None) -> Provision:
        tok = token_of(number)
        # style_of reads (A) as upper case; token_of lowers it, so ask with the number itself.
        style = style or self._resolve(number.strip().strip("()[].").strip() or tok, number)
        rank = self._rank(style)
        while len(self.stack) > 1 and self.stack[-1].rank >= rank:
            self.stack.pop()
        parent = self.stack[-1].node
        node = Provision(
            kind=self._kind(style, rank),
            label=f"{parent.label}-{tok}",
            number={self.lang: number.strip()},
            text={self.lang: text} if text else {},
            citation=f"{parent.citation or ''}({tok_display(number)})",
            source=SourceRef(self.file, line),
        )
        parent.children.append(node)
        self.stack.append(_Frame(node, rank, style, tok))
        self.last = node
        return node

    @property
    def in_definitions(self) -> bool:
        """Whether a definition is open (the list of definitions goes on)."""
        return any(f.style == "def" for f in self.stack)

    def add_definition(self, term: str, text: str, line: int | None) -> Provision:
        # A definition closes any open definition (with its sub-list): definitions are siblings.
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].style == "def":
                del self.stack[i:]
                break
        parent = self.stack[-1].node
        node = Provision(
            kind="definition",
            label=f"{parent.label}-def-{slug(term)}",
            text={self.lang: text},
            citation=f"{parent.citation}, definition of “{term}”",
            source=SourceRef(self.file, line),
        )
        parent.children.append(node)
        self.stack.append(_Frame(node, self.stack[-1].rank + 0.5, "def", ""))
        self.last = node
        return node

    def continuation(self, text: str) -> None:
        """Words after a list belong to the list's parent: the parent of the last leaf."""
        leaf = self.last
        parent = self.root
        for f in self.stack:
            if any(c is leaf for c in f.node.children):
                parent = f.node
        add_continuation(parent, text, self.lang)

    def note(self, text: str) -> None:
        """An Australian "Note:" belongs to the subsection it follows ((1), the first level
        below the section), or else to the section: it closes that provision, after its
        lists, and is no part of the last item's words."""
        numbered = len(self.stack) > 1 and self.stack[1].style == "num"
        target = self.stack[1].node if numbered else self.root  # (1), not a list's (a)
        add_continuation(target, text, self.lang)
        if target is self.root:
            self.last = self.root

    def extend_last(self, text: str) -> None:
        """A further line of the provision just added (wrapped text)."""
        old = self.last.text.get(self.lang, "")
        self.last.text[self.lang] = f"{old} {text}".strip() if old else text

    def expects(self, tok: str) -> bool:
        """Whether `tok` would continue a list now open (the successor of an open level) or
        start a list under the last provision; used to split lists run together on one line."""
        last_text = self.last.text.get(self.lang, "")
        if opens_list(last_text) and tok in ("a", "i", "1"):
            return True
        for f in self.stack[1:]:
            if (
                f.style == "roman"
                and is_roman(tok)
                and is_roman(f.tok)
                and (_roman_value(tok) == _roman_value(f.tok) + 1)
            ):
                return True
            if f.style == "alpha" and len(tok) == 1 and _next_alpha(f.tok) == tok:
                return True
        return False


def unique_labels(provisions: list[Provision]) -> int:
    """Make every label in the tree unique, in document order; return how many were renamed.

    A text numbered twice the same way at one level (a misprint, or a list the importer
    could not place) would otherwise give two provisions one label, and a citation or a map
    entry would find the wrong one. The second gets "_2", the third "_3", and so on; its
    descendants follow. Citations stay as printed: they are what the text says."""
    seen: set[str] = set()
    renamed = 0

    def rename(p: Provision, old: str, new: str) -> None:
        p.label = new + p.label[len(old) :]
        for c in p.children:
            rename(c, old, new)

    def walk(ps: list[Provision]) -> None:
        nonlocal renamed
        for p in ps:
            if p.label in seen:
                n = 2
                while f"{p.label}_{n}" in seen:
                    n += 1
                rename(p, p.label, f"{p.label}_{n}")
                renamed += 1
            seen.add(p.label)
            walk(p.children)

    walk(provisions)
    return renamed


def tok_display(number: str) -> str:
    """The citation form of a number: "(2A)" -> "2A", "a)" -> "a"."""
    return number.strip().rstrip(".").strip("()").rstrip(")")


def add_continuation(node: Provision, text: str, lang: str = "en") -> None:
    old = node.text.get(lang, "")
    if CONTINUATION_MARK in old:
        node.text[lang] = f"{old} {text}"
    else:
        node.text[lang] = f"{old}{CONTINUATION_MARK}{text}"
