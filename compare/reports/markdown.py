"""The comparison as Markdown, for a pull request or a wiki page.

Tables for the matrix and the side-by-side rows (cells joined with <br>, which GitHub and
most wikis render); wording diffs are left to the HTML and JSON reports. Text from the
laws and the draft is escaped so that a "|" or "*" in it cannot break the table.
"""

from __future__ import annotations

import re

from ...drafts.mdsafe import escape_line_starts, md_url
from ...drafts.writers import DEFAULT, WriteOptions
from . import view

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#])")


def esc(text: str) -> str:
    return escape_line_starts(_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " "))


def link(text: str, url) -> str:
    """[text](url) for an http(s) URL; the text alone for anything else."""
    target = md_url(url)
    return f"[{text}]({target})" if target else text


def _row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def _match(m: dict, L: dict) -> str:
    pin = f" ({L['pinned']})" if m["pinned"] else ""
    head = link(esc(m["instrument"] + " " + m["citation"]), m["url"]) + pin
    heading = f" {esc(m['heading'])}" if m["heading"] else ""
    return f"{head}{heading} — {L['score']} {m['score']:.2f}"


def write(report: dict, lang: str = "ja", options: WriteOptions = DEFAULT) -> bytes:
    by = options.by
    L = view.labels(lang)
    cols = view.columns(report, lang)
    out = [f"# {esc(view.title(report, lang))}", "", f"{L['compared']}:", ""]
    for i in report["instruments"]:
        name = view.instrument_name(i, lang)
        out.append(
            f"- {link(esc(name), i['url'])} ({esc(i['citation'])}; "
            f"{view.text_status_label(i['text_status'], lang)})"
        )
    if report["notes"]:
        out += ["", f"{L['notes']}:", ""] + [f"- {esc(n)}" for n in report["notes"]]
    out += ["", f"## {L['coverage']}", "", f"_{esc(L['legend'])}_", ""]
    out.append(_row([L["element"], L["draft"], *[c["name"] for c in cols]]))
    out.append(_row(["---"] * (2 + len(cols))))
    for key, row in report["coverage"].items():
        cells = [f"{esc(view.element_name(report, key, lang))} (`{key}`)"]
        for code in ["draft", *[c["code"] for c in cols]]:
            cell = row[code]
            cites = (
                esc(view.draft_refs(report, cell, lang))
                if code == "draft"
                else ", ".join(esc(c) for c in cell["citations"])
            )
            cells.append(f"**{L[cell['status']]}**" + (f"<br>{cites}" if cites else ""))
        out.append(_row(cells))
    out += ["", f"## {L['gaps']}", "", f"### {L['not_in_draft']}", ""]
    gaps = report["gaps"]
    for g in gaps["not_in_draft"]:
        where = "; ".join(
            f"{view.jur_name(report, j, lang)}: {', '.join(g['citations'][j])}"
            for j in g["jurisdictions"]
        )
        out.append(
            f"- **{esc(view.element_name(report, g['element'], lang))}** "
            f"(`{g['element']}`) — {esc(where)}"
        )
    if not gaps["not_in_draft"]:
        out.append(f"- {L['nothing']}")
    out += ["", f"### {L['only_in_draft']}", ""]
    for g in gaps["only_in_draft"]:
        out.append(
            f"- **{esc(view.element_name(report, g['element'], lang))}** "
            f"(`{g['element']}`) — {esc(', '.join(g['citations']))}"
        )
    if not gaps["only_in_draft"]:
        out.append(f"- {L['nothing']}")
    if gaps["waived"]:
        out += ["", f"### {L['waived']}", ""]
        for g in gaps["waived"]:
            out.append(
                f"- **{esc(view.element_name(report, g['element'], lang))}** "
                f"(`{g['element']}`) — {L['reason']}: {esc(g['reason'])}"
            )
    if report["corrections"]:
        out += ["", f"## {L['corrections']}", ""]
        for c in report["corrections"]:
            target = esc(c["target"])
            if c.get("instrument"):
                target += f" ↔ {esc(c['instrument'] + ' ' + c['citation'])}"
            reason = f" — {L['reason']}: {esc(c['reason'])}" if c.get("reason") else ""
            out.append(f"- {L[c['kind']]}: {target}{reason}")
    out += ["", f"## {L['alignment']}", ""]
    first = L["element"] if by == "element" else L["article"]
    out.append(_row([first, *[c["name"] for c in cols]]))
    out.append(_row(["---"] * (1 + len(cols))))
    if by == "element":
        for r in view.element_rows(report):
            cells = [f"{esc(view.element_name(report, r['key'], lang))} (`{r['key']}`)"]
            for c in cols:
                refs = r["cells"][c["code"]]["refs"]
                cells.append(
                    "<br>".join(
                        f"[{esc(x['instrument'] + ' ' + x['citation'])}]"
                        f"({x['url']}) {esc(x['heading'])}"
                        for x in refs
                    )
                    or L["none"]
                )
            out.append(_row(cells))
    else:
        for r in view.article_rows(report):
            cells = [esc(view.article_heading(r["article"], lang))]
            for c in cols:
                ms = r["cells"][c["code"]]
                cells.append("<br>".join(_match(m, L) for m in ms) or L["none"])
            out.append(_row(cells))
    out.append("")
    return "\n".join(out).encode("utf-8")
