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


def _article_ja(t: Loc, here: Loc | None, relative: bool, ditto: bool = False) -> str:
    if ditto:
        return "同条"
    if here is not None and relative and here.part == t.part:
        if t.index == here.index - 1:
            return "前条"
        if t.index == here.index + 1:
            return "次条"
    core = f"第{article_core(t.number, t.branch)[0]}" + ("" if t.branch else "条")
    if t.part == "suppl":
        return "附則" if t.single_suppl else "附則" + core
    return core


def _article_en(t: Loc, here: Loc | None, relative: bool, ditto: bool = False) -> str:
    if ditto:
        return "that Article"
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


def render_ref(
    t: Loc, here: Loc | None, lang: str, relative: bool = True, ditto: Loc | None = None
) -> str:
    """The reference to t as written at here.

    `ditto` is the provision the previous reference in the same sentence named: when it is
    t's article, the article is 「同条」 / "that Article", and when it is t's paragraph and t
    is an item of it, 「同項第二号」 / "item (ii) of that paragraph".
    """
    same_article = here is not None and here.part == t.part and here.index == t.index
    same_as_prev = (
        ditto is not None
        and not same_article
        and (ditto.part, ditto.index) == (t.part, t.index)
        and bool(t.para)
    )
    if same_as_prev and ditto.para == t.para and t.item and ditto.item == 0:
        if lang == "ja":
            return "同項" + f"第{to_kanji(t.item)}号" + (IROHA[t.subitem - 1] if t.subitem else "")
        sub = f"({alpha(t.subitem)})" if t.subitem else ""
        return f"item ({roman(t.item)}){sub} of that paragraph"
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
            elif relative and here.para and t.para == here.para + 1:
                out = "次項"
            elif relative and same_para and t.item:
                out = ""
            else:
                out = f"第{to_kanji(t.para)}項" if show_para else ""
        else:
            out = _article_ja(t, here, relative, same_as_prev)
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
        elif relative and here.para and t.para == here.para + 1:
            if t.item:
                sub = f"({alpha(t.subitem)})" if t.subitem else ""
                return f"item ({roman(t.item)}){sub} of the following paragraph"
            parts.append("the following paragraph")
        elif show_para:
            parts.append(f"paragraph ({t.para})")
    else:
        if same_article and not t.para:
            return "this Article"
        art = _article_en(t, here, relative, same_as_prev)
        if art.startswith(("the ", "that ")) and show_para:
            # JLT: 前条第二項 is "paragraph (2) of the preceding Article", and 次条第一項第三号
            # "paragraph (1), item (iii) of the following Article".
            if t.item:
                sub = f"({alpha(t.subitem)})" if t.subitem else ""
                return f"paragraph ({t.para}), item ({roman(t.item)}){sub} of {art}"
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


CONJ = {
    # conj: (ja single level, ja inner, ja outer, en)
    "and": ("及び", "及び", "並びに", "and"),
    "or": ("又は", "若しくは", "又は", "or"),
}


@dataclass
class _Group:
    """Locations cited together as one phrase, and what applies them (準用)."""

    members: list[Loc]
    suffix: tuple  # the locations that apply the members by 準用, () if none


def _group(targets: list[Loc], suffixes: list[tuple]) -> list[_Group]:
    """Consecutive paragraphs of one article form a group (「第四条第二項及び第三項」), and
    so do consecutive provisions that the same provision applies mutatis mutandis
    (「第五条及び第六条（これらの規定を…において準用する場合を含む。）」)."""
    groups: list[_Group] = []
    for t, suf in zip(targets, suffixes, strict=True):
        last = groups[-1] if groups else None
        if last is not None and last.suffix == suf:
            prev = last.members[-1]
            same_article = (prev.part, prev.index) == (t.part, t.index)
            paras = all(m.para for m in last.members) and t.para
            whole = not any(m.para for m in last.members) and not t.para
            if (same_article and paras and len({(m.part, m.index) for m in last.members}) == 1) or (
                suf and whole
            ):
                last.members.append(t)
                continue
        groups.append(_Group([t], suf))
    return groups


def applied_suffix(applying: tuple, n: int, here: Loc | None, lang: str) -> str:
    if not applying:
        return ""
    where = [render_ref(a, here, lang) for a in applying]
    if lang == "ja":
        these = "これらの規定を" if n > 1 else ""
        return f"（{these}{join_ja(where)}において準用する場合を含む。）"
    return f" (including as applied mutatis mutandis pursuant to {join_en(where)})"


def _group_ja(g: _Group, conj: str, here: Loc | None) -> str:
    # Full forms, except that paragraphs of the article being written are 「第二項」.
    full = [render_ref(t, here, "ja", relative=False) for t in g.members]
    one_article = len({(t.part, t.index) for t in g.members}) == 1
    if one_article and len(full) > 1:
        head = _article_ja(g.members[0], None, False)
        full = [full[0]] + [f.removeprefix(head) for f in full[1:]]
    return join_ja(full, conj) + applied_suffix(g.suffix, len(g.members), here, "ja")


def _group_en(g: _Group, conj: str, here: Loc | None) -> tuple[str, bool]:
    """The group in English, and whether it is compound (has its own conjunction)."""
    ms = g.members
    suffix = applied_suffix(g.suffix, len(ms), here, "en")
    if len(ms) == 1:
        return render_ref(ms[0], here, "en", relative=False) + suffix, False
    if all(not t.para and t.part == "main" for t in ms):
        nums = [article_core(t.number, t.branch)[1] for t in ms]
        noun = "Articles" if conj == "and" else "Article"
        return f"{noun} " + join_en(nums, conj) + suffix, True
    full = [render_ref(t, here, "en", relative=False) for t in ms]
    if len({(t.part, t.index) for t in ms}) == 1 and all(t.para for t in ms):
        head = _article_en(ms[0], None, False) + ", "
        rest = [f.removeprefix(head).removeprefix("paragraph ") for f in full[1:]]
        first = full[0]
        if conj == "and" and not any(t.item for t in ms):
            first = first.replace("paragraph (", "paragraphs (", 1)
        rest = [r.removeprefix("paragraph ") for r in rest]
        return join_en([first] + rest, conj) + suffix, True
    return join_en(full, conj) + suffix, True


def render_refs(
    targets: list[Loc],
    here: Loc | None,
    lang: str,
    conj: str = "and",
    suffixes: list[tuple] | None = None,
) -> str:
    """Several references joined, grouped as statutes write them:
    「第四条第二項及び第三項、第五条並びに第六条」, 「第十七条第二項又は第十八条第二項若しくは
    第三項」, "Article 4, paragraphs (2) and (3), and Articles 5 and 6", "Article 17,
    paragraph (2) or Article 18, paragraph (2) or (3)". Same-article paragraphs are merged,
    and 及び/並びに (又は/若しくは) follow the nesting: the inner word joins a group, the outer
    one the groups, and where nothing nests the inner word is used alone.

    `suffixes[i]` are the provisions that apply targets[i] mutatis mutandis; they add
    「（…において準用する場合を含む。）」 after the group."""
    suffixes = suffixes or [()] * len(targets)
    single, inner, outer, en_conj = CONJ[conj]
    groups = _group(targets, suffixes)
    if lang == "ja":
        if len(groups) == 1:
            return _group_ja(groups[0], single, here)
        nested = any(len(g.members) > 1 for g in groups)
        parts = [_group_ja(g, inner if nested else single, here) for g in groups]
        return join_ja(parts, outer if nested else single)
    # English: a run of whole articles reads "Articles 5 and 6" even where Japanese lists them.
    merged: list[_Group] = []
    for g in groups:
        prev = merged[-1] if merged else None
        whole = not g.suffix and all(not t.para and t.part == "main" for t in g.members)
        if (
            prev is not None
            and whole
            and not prev.suffix
            and all(not t.para and t.part == "main" for t in prev.members)
        ):
            prev.members.extend(g.members)
        else:
            merged.append(_Group(list(g.members), g.suffix))
    rendered = [_group_en(g, conj, here) for g in merged]
    if len(rendered) == 1:
        return rendered[0][0]
    texts = [r[0] for r in rendered]
    # A comma before the last conjunction where an earlier group has its own conjunction.
    comma = any(r[1] for r in rendered[:-1])
    if comma:
        return ", ".join(texts[:-1]) + f", {en_conj} " + texts[-1]
    return join_en(texts, en_conj)


def render_range(a: Loc, b: Loc, lang: str, here: Loc | None = None) -> str:
    """「第五条から第八条まで」 / "Articles 5 through 8"; paragraphs of one article:
    「第一項から第四項まで」 / "paragraphs (1) through (4)" (with the article where it is
    not the one being written)."""
    one_article = (a.part, a.index) == (b.part, b.index) and a.para and b.para
    if lang == "ja":
        second = render_ref(b, here, "ja", relative=False)
        if one_article:
            second = second.removeprefix(_article_ja(b, None, False))
        return f"{render_ref(a, here, 'ja', relative=False)}から{second}まで"
    if not a.para and not b.para and a.part == b.part == "main":
        return (
            f"Articles {article_core(a.number, a.branch)[1]} through "
            f"{article_core(b.number, b.branch)[1]}"
        )
    if one_article and not a.item and not b.item:
        first = render_ref(a, here, "en", relative=False).replace("paragraph (", "paragraphs (")
        return f"{first} through ({b.para})"
    return f"{render_ref(a, None, 'en')} through {render_ref(b, None, 'en')}"
