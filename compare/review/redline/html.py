"""The redline as one self-contained HTML page: a summary, then the bill with every change
marked (<ins>/<del>), unchanged provisions folded into <details>. All text is escaped."""

from __future__ import annotations

from html import escape

from ..versions import KINDS, Comparison
from . import renumbering
from .lines import Line, Unit, align, marked, units

CSS = """
body{font-family:"Noto Serif CJK JP","Hiragino Mincho ProN","MS Mincho",serif;max-width:52em;
margin:2em auto;padding:0 1em;line-height:1.8;color:#111}
h1{font-size:1.3em;text-align:center}
table.summary{border-collapse:collapse;margin:1em 0}
table.summary td,table.summary th{border:1px solid #999;padding:.2em .6em;text-align:left}
ins{color:#05520f;background:#dcfce4;text-decoration:underline}
del{color:#8a1010;background:#fde2e2;text-decoration:line-through}
.unit{margin:.6em 0;padding-left:.6em;border-left:3px solid #c33}
details.unit{border-left:3px solid #ddd}
summary{cursor:pointer;color:#555}
p{margin:.1em 0}
p.inserted{background:#f0fdf4}p.deleted{background:#fef2f2}
p.paragraph{padding-left:1em;text-indent:-1em}
p.item{padding-left:2em;text-indent:-1em}p.subitem{padding-left:3em;text-indent:-1em}
p.chapter,p.suppl_head,p.reason_head{font-weight:bold;margin-left:3em}
p.caption{margin-left:1em}
@media print{details.unit{display:none}ins,del{background:none}}
"""

LABELS = {
    "ja": {
        "title": "変更箇所",
        "kind": "種類",
        "count": "件数",
        "changed_units": "変更のある条項",
        "added": "追加",
        "removed": "削除",
        "moved": "移動",
        "renumbered": "番号変更",
        "changed": "文言変更",
        "old": "旧",
        "new": "新",
        "unchanged": "変更なし",
        "real": "実質的な変更",
        "renumbering": "番号の変更のみ",
    },
    "en": {
        "title": "Changes",
        "kind": "Kind",
        "count": "Count",
        "changed_units": "Changed provisions",
        "added": "added",
        "removed": "removed",
        "moved": "moved",
        "renumbered": "renumbered",
        "changed": "changed",
        "old": "old",
        "new": "new",
        "unchanged": "unchanged",
        "real": "real changes",
        "renumbering": "renumbering only",
    },
}


def line_html(line: Line) -> str:
    return f'<p class="{escape(line.kind)} {line.status}">{marked(line.ops, escape)}</p>'


def _unit_html(unit: Unit, words: dict) -> str:
    body = "\n".join(line_html(line) for line in unit.lines)
    if unit.changed:
        return f'<section class="unit" id="u-{escape(unit.key)}">\n{body}\n</section>'
    return (
        f'<details class="unit"><summary>{escape(unit.heading)} '
        f"({escape(words['unchanged'])})</summary>\n{body}\n</details>"
    )


def summary_html(
    cmp: Comparison, unit_list: list[Unit], words: dict, old_name: str, new_name: str
) -> str:
    counts = cmp.summary()
    rows = "".join(f"<tr><td>{escape(words[k])}</td><td>{counts[k]}</td></tr>" for k in KINDS)
    split = renumbering.counts(cmp)
    rows += "".join(
        f'<tr class="split"><th>{escape(words[k])}</th><td>{split[k]}</td></tr>'
        for k in ("real", "renumbering")
    )
    links = "".join(
        f'<li><a href="#u-{escape(u.key)}">{escape(u.heading)}</a></li>'
        for u in unit_list
        if u.changed
    )
    names = ""
    if old_name or new_name:
        names = (
            f"<p>{escape(words['old'])}: <code>{escape(old_name)}</code> — "
            f"{escape(words['new'])}: <code>{escape(new_name)}</code></p>"
        )
    return (
        f'<nav class="summary"><h2>{escape(words["title"])}</h2>{names}'
        f'<table class="summary"><tr><th>{escape(words["kind"])}</th>'
        f"<th>{escape(words['count'])}</th></tr>{rows}</table>"
        f"<h3>{escape(words['changed_units'])}</h3><ul>{links}</ul></nav>"
    )


def write(cmp: Comparison, lang: str = "ja", old_name: str = "", new_name: str = "") -> bytes:
    words = LABELS.get(lang, LABELS["en"])
    unit_list = units(cmp, align(cmp, lang), lang)
    title = cmp.new.title.get(lang) or cmp.old.title.get(lang, "")
    body = "\n".join(_unit_html(u, words) for u in unit_list)
    page = (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)} — redline</title><style>{CSS}</style></head>\n<body>\n"
        f"<h1>{escape(title)}</h1>\n"
        f"{summary_html(cmp, unit_list, words, old_name, new_name)}\n"
        f"<main>\n{body}\n</main>\n</body></html>\n"
    )
    return page.encode("utf-8")
