"""The comparison as Markdown, for a pull request or a wiki page.

The same content as the HTML report: the legend, the matrix with each cell's status and
reason, the gaps at every level, the side-by-side table, then the wording of each match
sentence by sentence (shared legal concepts in bold, a word diff as ~~draft only~~ and
<ins>reference only</ins> where two sentences are close). Cells are joined with <br>,
which GitHub and most wikis render. Text from the laws and the draft is escaped so that a
"|" or "*" in it cannot break the table; links are written for http(s) addresses only.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile

from ...drafts.mdsafe import escape_line_starts, md_url
from ...drafts.writers import DEFAULT, WriteOptions
from . import view

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~])")


def esc(text: str) -> str:
    return escape_line_starts(_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " "))


def link(text: str, url) -> str:
    """[text](url) for an http(s) URL; the text alone for anything else."""
    target = md_url(url)
    return f"[{text}]({target})" if target else text


def _row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def _link(text: str, url: str | None) -> str:
    return link(esc(text), url)


def _segments(parts: list[tuple[str, str]]) -> str:
    out = []
    for kind, text in parts:
        t = esc(text)
        if not t.strip():
            out.append(t)
        elif kind == "mark":
            out.append(f"**{t}**")
        elif kind == "delete":
            out.append(f"~~{t}~~")
        elif kind == "insert":
            out.append(f"<ins>{t}</ins>")
        else:
            out.append(t)
    return "".join(out)


def _also(m: dict, L: dict, lang: str) -> str:
    """ " (same wording in: ...)" for a provision shown once for several."""
    if not m.get("also"):
        return ""
    return (
        f" ({L['also']}: " + ", ".join(_link(view.cite(o, lang), o["url"]) for o in m["also"]) + ")"
    )


def _match(report: dict, m: dict, L: dict, lang: str) -> str:
    pin = f" ({L['pinned']})" if m["pinned"] else ""
    head = _link(view.cite(m, lang), m["url"]) + pin
    heading = f" {esc(m['heading'])}" if m["heading"] else ""
    also = ""
    if m.get("also"):
        also = (
            f" ({L['also']}: "
            + ", ".join(_link(view.cite(o, lang), o["url"]) for o in m["also"])
            + ")"
        )
    return f"{head}{heading}{also} — {L['score']} {m['score']:.2f}"


def _wording(report: dict, m: dict, L: dict, lang: str) -> list[str]:
    w = m.get("wording") or {}
    head = f"#### {_match(report, m, L, lang)}"
    out = [head, "", f"_{esc(view.explain(report, m, lang))}_", ""]
    if w.get("source") == "summary":
        return out + [f"_{esc(L['summary'])}_", "", f"> {esc(w['summary'][lang])}", ""]
    if w.get("source") != "text":
        return out
    note = L["side_by_side_note"] + (f"; {L['close_diff']}" if w.get("diffed") else "")
    out += [
        f"{esc(L['wording'])} ({esc(view.passage_name(w, lang))} ↔ "
        f"{esc(view.reference_passage_name(w, lang))}): "
        f"_{esc(note)}_",
        "",
    ]
    if lang == "ja" and w.get("draft_text_ja"):
        out += [f"{L['draft_ja']}: {esc(w['draft_text_ja'])}", ""]
    out += [_row([L["draft"], L["reference_text"]]), _row(["---", "---"])]
    for r in w["rows"]:
        d, ref = view.row_segments(r)
        out.append(_row([_segments(d) or " ", _segments(ref) or " "]))
    return out + [""]


def write(report: dict, lang: str = "ja", options: WriteOptions = DEFAULT) -> bytes:
    out = io.BytesIO()
    stream(report, lang, options, out)
    return out.getvalue()


class _Lines:
    """Lines written as "\n".join would join them, to a binary file as they come."""

    def __init__(self, out, first: bool = True) -> None:
        self.out, self.first = out, first

    def __iadd__(self, lines):
        for line in lines:
            self.append(line)
        return self

    def append(self, line: str) -> None:
        self.out.write((line if self.first else "\n" + line).encode("utf-8"))
        self.first = False


def stream(report: dict, lang: str, options: WriteOptions, sink) -> None:
    """The page written as it is made: the side-by-side table row by row into the file, the
    wording of each match into a temporary file appended after it, so that a long bill's
    report is never whole in memory."""
    by = options.by
    L = view.labels(lang)
    cols = view.columns(report, lang)
    out = [f"# {esc(view.title(report, lang))}", "", f"{L['compared']}:", ""]
    for i in report["instruments"]:
        name = view.instrument_name(i, lang)
        out.append(
            f"- {_link(name, i['url'])} ({esc(view.instrument_citation(i, lang))}; "
            f"{view.text_status_label(i['text_status'], lang)})"
        )
    if view.notes(report, lang):
        out += ["", f"{L['notes']}:", ""] + [f"- {esc(n)}" for n in view.notes(report, lang)]
    out += ["", f"## {L['coverage']}", "", f"{L['legend_title']}:", ""]
    out += [f"- **{word}**: {esc(meaning)}" for _s, word, meaning in view.legend(lang)]
    out.append("")
    out.append(_row([L["element"], L["draft"], *[c["name"] for c in cols]]))
    out.append(_row(["---"] * (2 + len(cols))))
    for key, row in report["coverage"].items():
        cells = [esc(view.element_name(report, key, lang))]
        for code in ["draft", *[c["code"] for c in cols]]:
            cell = row[code]
            if code == "draft":
                cites = esc(view.draft_refs(report, cell, lang))
            else:
                cites = ", ".join(_link(view.cite(r, lang), r.get("url")) for r in cell["refs"])
            reason = esc(view.reason_text(cell, lang)) if cell["status"] != "present" else ""
            text = f"**{L[cell['status']]}**" + (f"<br>{reason}" if reason else "")
            cells.append(text + (f"<br>{cites}" if cites else ""))
        out.append(_row(cells))
    out += ["", f"## {L['gaps']}"]
    gaps = report["gaps"]
    for kind in ("not_in_draft", "only_in_draft"):
        out += ["", f"### {L[kind]}", ""]
        groups = view.gap_groups(report, kind, lang)
        for g in groups:
            out.append(f"- **{esc(g['name'])}**")
            for it in g["items"]:
                name = L["whole_element"] if it["top"] else it["name"]
                out.append(f"  - {esc(name)} — {esc(it['where'])}")
        if not groups:
            out.append(f"- {L['nothing']}")
    if gaps.get("contradictions"):
        out += ["", f"### {L['contradictions']}", ""]
        for g in gaps["contradictions"]:
            out.append(
                f"- **{esc(view.element_name(report, g['element'], lang))}** — "
                f"{esc(L['contradiction_note'])} {esc(view.draft_refs(report, g, lang))} "
                f"({L['reason']}: {esc(g['reason'])})"
            )
    if gaps["waived"]:
        out += ["", f"### {L['waived']}", ""]
        for g in gaps["waived"]:
            out.append(
                f"- **{esc(view.element_name(report, g['element'], lang))}** — "
                f"{L['reason']}: {esc(g['reason'])}"
            )
    if report["corrections"]:
        out += ["", f"## {L['corrections']}", ""]
        for c in report["corrections"]:
            target = esc(view.correction_target(report, c, lang))
            if c.get("instrument"):
                target += f" ↔ {esc(c['instrument'] + ' ' + c['citation'])}"
            reason = f" — {L['reason']}: {esc(c['reason'])}" if c.get("reason") else ""
            out.append(f"- {L[c['kind']]}: {target}{reason}")
    out += ["", f"## {L['alignment']}", ""]
    if by == "element":
        out.append(_row([L["element"], L["draft"], *[c["name"] for c in cols]]))
        out.append(_row(["---"] * (2 + len(cols))))
        for r in view.element_rows(report):
            cells = [esc(view.element_name(report, r["key"], lang))]
            cells.append(
                "<br>".join(esc(view.article_heading(a, lang)) for a in r["draft"])
                or f"**{L[r['draft_status']]}**"
            )
            for c in cols:
                cell = r["cells"][c["code"]]
                cells.append(
                    "<br>".join(
                        _link(view.cite(x, lang), x.get("url"))
                        + (f" {esc(x['heading'])}" if x["heading"] else "")
                        + _also(x, L, lang)
                        for x in cell["refs"]
                    )
                    or f"**{L[cell['status']]}** {esc(view.reason_text(cell, lang))}"
                )
            out.append(_row(cells))
        out.append("")
        sink.write("\n".join(out).encode("utf-8"))
        return
    out.append(_row([L["article"], *[c["name"] for c in cols]]))
    out.append(_row(["---"] * (1 + len(cols))))
    sink.write("\n".join(out).encode("utf-8"))
    table = _Lines(sink, first=False)
    with tempfile.TemporaryFile() as spill:
        wording = _Lines(spill, first=False)
        wording += ["", f"## {L['wording']}", ""]
        for r in view.article_rows(report):
            cells = [esc(view.article_heading(r["article"], lang))]
            for c in cols:
                ms = r["cells"][c["code"]]
                cells.append("<br>".join(_match(report, m, L, lang) for m in ms) or L["no_match"])
            table.append(_row(cells))
            a = r["article"]
            wording += [f"### {esc(view.article_heading(a, lang))}", ""]
            text = a.get("text", {}).get(lang, "")
            if text:
                wording += ["> " + line if line else ">" for line in esc_lines(text)] + [""]
            for c in cols:
                for m in r["cells"][c["code"]]:
                    wording += _wording(report, m, L, lang)
        spill.seek(0)
        shutil.copyfileobj(spill, sink)


def esc_lines(text: str) -> list[str]:
    return [esc(line) for line in text.splitlines()]
