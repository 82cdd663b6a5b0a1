"""Cross-references rendered after numbering.

「第五条第二項」「前条」「前項」 / "Article 5, paragraph (2)", "the preceding Article".

Pure functions over locations; the renderer decides which location a label names and
where the reference stands.
"""

from __future__ import annotations

from dataclasses import dataclass

from .kanji import to_kanji
from .numbering import IROHA, alpha, article_core, roman


@dataclass(frozen=True)
class Loc:
    """Where a provision is: part ('main' or 'suppl'), the article's position in that part,
    its display number, how many paragraphs the article has, and the paragraph, item and
    sub-item ordinals (0 where the location is the article itself, or a paragraph, ...)."""

    part: str
    index: int
    number: int
    branch: int = 0
    n_paras: int = 1
    para: int = 0
    item: int = 0
    subitem: int = 0
    single_suppl: bool = False

    def article(self) -> Loc:
        return Loc(
            self.part,
            self.index,
            self.number,
            self.branch,
            self.n_paras,
            single_suppl=self.single_suppl,
        )


def _article_ja(t: Loc, here: Loc | None, relative: bool) -> str:
    if here is not None and relative and here.part == t.part:
        if t.index == here.index - 1:
            return "前条"
        if t.index == here.index + 1:
            return "次条"
    core = f"第{article_core(t.number, t.branch)[0]}" + ("" if t.branch else "条")
    if t.part == "suppl":
        return "附則" if t.single_suppl else "附則" + core
    return core


def _article_en(t: Loc, here: Loc | None, relative: bool) -> str:
    if here is not None and relative and here.part == t.part:
        if t.index == here.index - 1:
            return "the preceding Article"
        if t.index == here.index + 1:
            return "the following Article"
    if t.part == "suppl":
        if t.single_suppl:
            return "the Supplementary Provisions"
        return f"Article {article_core(t.number, t.branch)[1]} of the Supplementary Provisions"
    return f"Article {article_core(t.number, t.branch)[1]}"


def render_ref(t: Loc, here: Loc | None, lang: str, relative: bool = True) -> str:
    """The reference to t as written at here."""
    same_article = here is not None and here.part == t.part and here.index == t.index
    # Items of a one-paragraph article are cited without 第一項 (第四条第二号).
    show_para = t.para and (t.n_paras > 1 or not t.item)
    if lang == "ja":
        out = ""
        if same_article and t.para:
            same_para = here.para == t.para
            if t.item and same_para and relative:
                if t.item == here.item - 1 and not t.subitem:
                    return "前号"
                out = ""
            elif relative and t.para == here.para - 1:
                out = "前項"
            elif relative and same_para and t.item:
                out = ""
            else:
                out = f"第{to_kanji(t.para)}項" if show_para else ""
        else:
            out = _article_ja(t, here, relative)
            if same_article and not t.para:
                out = "この条"
            elif show_para:
                out += f"第{to_kanji(t.para)}項"
        if t.item:
            out += f"第{to_kanji(t.item)}号"
        if t.subitem:
            out += IROHA[t.subitem - 1]
        return out
    parts: list[str] = []
    if same_article and t.para:
        same_para = here.para == t.para
        if t.item and same_para and relative:
            if t.item == here.item - 1 and not t.subitem:
                return "the preceding item"
        elif relative and t.para == here.para - 1:
            if t.item:
                # JLT: 前項第一号 is "item (i) of the preceding paragraph".
                sub = f"({alpha(t.subitem)})" if t.subitem else ""
                return f"item ({roman(t.item)}){sub} of the preceding paragraph"
            parts.append("the preceding paragraph")
        elif show_para:
            parts.append(f"paragraph ({t.para})")
    else:
        if same_article and not t.para:
            return "this Article"
        art = _article_en(t, here, relative)
        if art.startswith("the ") and show_para:
            # JLT: 前条第二項 is "paragraph (2) of the preceding Article".
            parts.append(f"paragraph ({t.para}) of {art}")
        else:
            parts.append(art)
            if show_para:
                parts.append(f"paragraph ({t.para})")
    if t.item:
        parts.append(f"item ({roman(t.item)})")
    if t.subitem:
        parts[-1] += f"({alpha(t.subitem)})"
    return ", ".join(parts)


def join_ja(items: list[str], conj: str = "及び") -> str:
    if len(items) == 1:
        return items[0]
    return "、".join(items[:-1]) + conj + items[-1]


def join_en(items: list[str], conj: str = "and") -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


def render_refs(targets: list[Loc], here: Loc | None, lang: str, conj: str = "and") -> str:
    """Several references joined: 「第五条、第六条及び第八条」, 「第十八条第二項又は第三項」,
    "Articles 5, 6 and 8", "Article 14 or 15", "Article 18, paragraph (2) or (3)"."""
    full = [render_ref(t, None, lang) for t in targets]
    same_article = len({(t.part, t.index) for t in targets}) == 1 and all(t.para for t in targets)
    if lang == "ja":
        ja_conj = {"and": "及び", "or": "又は"}[conj]
        if same_article:
            head = _article_ja(targets[0], None, False)
            return join_ja([full[0]] + [f.removeprefix(head) for f in full[1:]], ja_conj)
        return join_ja(full, ja_conj)
    whole_articles = all(not t.para for t in targets) and all(t.part == "main" for t in targets)
    if whole_articles and len(targets) > 1:
        nums = [article_core(t.number, t.branch)[1] for t in targets]
        noun = "Articles" if conj == "and" else "Article"
        return f"{noun} " + join_en(nums, conj)
    if same_article and len(targets) > 1:
        head = _article_en(targets[0], None, False) + ", "
        rest = [f.removeprefix(head).removeprefix("paragraph ") for f in full[1:]]
        return join_en([full[0]] + rest, conj)
    return join_en(full, conj)


def render_range(a: Loc, b: Loc, lang: str) -> str:
    if lang == "ja":
        return f"{render_ref(a, None, 'ja')}から{render_ref(b, None, 'ja')}まで"
    if not a.para and not b.para and a.part == b.part == "main":
        return (
            f"Articles {article_core(a.number, a.branch)[1]} through "
            f"{article_core(b.number, b.branch)[1]}"
        )
    return f"{render_ref(a, None, 'en')} through {render_ref(b, None, 'en')}"
