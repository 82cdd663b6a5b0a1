"""Citations in 改め文: 第五条第二項第三号イ, 同条第三項, 同項第一号, 附則第三条; and English.

After the first mention in a sentence the same article is 同条, the same paragraph 同項, the
same item 同号 (KAIMEBUN.md); an article of one paragraph is cited without 第一項.
"""

from __future__ import annotations

from ....drafts.jpnum import title
from ....drafts.kanji import to_kanji
from ....drafts.numbering import IROHA, alpha
from .law import Where, article_en, article_title, item_en


def cite_ja(w: Where, prev: Where | None = None, single: bool = False) -> str:
    """The citation of w; `single`: its article has one paragraph (no 第一項)."""
    same_art = prev is not None and prev.suppl == w.suppl and prev.article == w.article
    same_para = same_art and prev.para is not None and prev.para == w.para
    same_item = same_para and prev.item is not None and prev.item == w.item
    para = None if single and w.para == 1 and w.item is not None else w.para
    if single and w.para == 1 and w.item is None:
        para = None
    out = ""
    if w.sub is not None and same_item:
        return "同号" + IROHA[w.sub - 1]
    if w.item is not None and same_para and para is not None:
        out = "同項"
    elif w.item is not None and same_art and para is None:
        out = "同条"
    elif para is not None and same_para and w.item is None:
        return "同項"
    elif same_art:
        out = "同条" + (f"第{to_kanji(para)}項" if para is not None else "")
    else:
        out = ("附則" if w.suppl else "") + article_title(w.article)
        out += f"第{to_kanji(para)}項" if para is not None else ""
    if w.item is not None:
        out += item_only_ja(w.item)
    if w.sub is not None:
        out += IROHA[w.sub - 1]
    return out


def cite_en(w: Where, single: bool = False) -> str:
    out = article_en(w.article)
    if w.para is not None and not (single and w.para == 1):
        out += f", paragraph ({w.para})"
    if w.item is not None:
        out += f", item {item_en(w.item)}"
    if w.sub is not None:
        out += f"({alpha(w.sub)})"
    if w.suppl:
        out += " of the Supplementary Provisions"
    return out


def item_only_ja(num: tuple[int, ...]) -> str:
    return title(num, "号")


def para_only_ja(n: int) -> str:
    return f"第{to_kanji(n)}項"
