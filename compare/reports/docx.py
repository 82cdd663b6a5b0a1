"""The comparison as a Word document: landscape A4; the legend and the coverage matrix first,
then the gaps, the side-by-side table and the wording of each match, sentence by sentence.
Tables have a header row that repeats on every page (w:tblHeader).

Built on drafts.writers.docx (styles, mincho for Japanese, page numbers, reproducible
bytes). The wording carries the same passages as the HTML report: shared legal concepts
highlighted, and in close sentences the draft-only words struck through and the
reference-only words underlined (formatting, not tracked changes: the text is not the
document's own to accept or reject).
"""

from __future__ import annotations

from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ...drafts.writers.docx import new_document, save
from . import view

USABLE_MM = 297 - 2 * 25  # landscape A4 less the margins new_document sets
SMALL = Pt(8)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _cell(cell, lines: list[tuple[str, bool]]) -> None:
    """Fill a cell with (text, bold) lines, in the small table font."""
    para = cell.paragraphs[0]
    for i, (text, bold) in enumerate(lines):
        if i:
            para = cell.add_paragraph()
        run = para.add_run(text)
        run.bold = bold
        run.font.size = SMALL


def _segments(para, parts: list[tuple[str, str]]) -> None:
    for kind, text in parts:
        run = para.add_run(text)
        run.font.size = SMALL
        if kind == "mark":
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        elif kind == "delete":
            run.font.strike = True
        elif kind == "insert":
            run.font.underline = True


def _table(doc, header: list[str], widths: list[float]):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    for cell, text, w in zip(table.rows[0].cells, header, widths, strict=True):
        cell.width = Mm(w)
        _cell(cell, [(text, True)])
    _repeat_header(table.rows[0])
    return table


def _add_row(table, widths, contents: list[list[tuple[str, bool]]]) -> None:
    row = table.add_row()
    for cell, lines, w in zip(row.cells, contents, widths, strict=True):
        cell.width = Mm(w)
        _cell(cell, lines)


def _widths(n_cols: int, first: float) -> list[float]:
    rest = (USABLE_MM - first) / n_cols
    return [first] + [rest] * n_cols


def _status(cell: dict, L: dict, lang: str, cites: str) -> list[tuple[str, bool]]:
    lines = [(L[cell["status"]], True)]
    reason = view.reason_text(cell, lang)
    if reason:
        lines.append((reason, False))
    if cites:
        lines.append((cites, False))
    return lines


def _gaps(doc, report: dict, L: dict, lang: str) -> None:
    doc.add_heading(L["gaps"], level=2)
    gaps = report["gaps"]
    for kind in ("not_in_draft", "only_in_draft"):
        doc.add_paragraph(L[kind], style="Heading 3")
        groups = view.gap_groups(report, kind, lang)
        for g in groups:
            doc.add_paragraph(g["name"], style="List Bullet")
            for it in g["items"]:
                name = L["whole_element"] if it["top"] else it["name"]
                doc.add_paragraph(f"{name} — {it['where']}", style="List Bullet 2")
        if not groups:
            doc.add_paragraph(L["nothing"])
    if gaps.get("contradictions"):
        doc.add_paragraph(L["contradictions"], style="Heading 3")
        for g in gaps["contradictions"]:
            doc.add_paragraph(
                f"{view.element_name(report, g['element'], lang)} — {L['contradiction_note']} "
                f"{view.draft_refs(report, g, lang)} ({L['reason']}: {g['reason']})",
                style="List Bullet",
            )
    if gaps["waived"]:
        doc.add_paragraph(L["waived"], style="Heading 3")
        for g in gaps["waived"]:
            doc.add_paragraph(
                f"{view.element_name(report, g['element'], lang)} — {L['reason']}: {g['reason']}",
                style="List Bullet",
            )


def _match_line(m: dict, L: dict) -> str:
    pin = f" [{L['pinned']}]" if m["pinned"] else ""
    also = ""
    if m.get("also"):
        also = (
            f" ({L['also']}: "
            + ", ".join(f"{o['instrument']} {o['citation']}" for o in m["also"])
            + ")"
        )
    return f"{m['instrument']} {m['citation']}{pin}{also}"


def _wording(doc, report: dict, m: dict, L: dict, lang: str) -> None:
    w = m.get("wording") or {}
    head = doc.add_paragraph(style="Heading 4")
    head.add_run(f"{_match_line(m, L)} {m['heading']}".strip())
    doc.add_paragraph(view.explain(report, m, lang))
    if w.get("source") == "summary":
        doc.add_paragraph(L["summary"]).runs[0].italic = True
        doc.add_paragraph(w["summary"][lang])
        return
    if w.get("source") != "text":
        return
    note = L["side_by_side_note"] + (f"; {L['close_diff']}" if w.get("diffed") else "")
    doc.add_paragraph(
        f"{L['wording']} ({view.passage_name(w, lang)} ↔ {w['reference_passage']}): {note}"
    )
    if lang == "ja" and w.get("draft_text_ja"):
        doc.add_paragraph(f"{L['draft_ja']}: {w['draft_text_ja']}")
    widths = [USABLE_MM / 2, USABLE_MM / 2]
    table = _table(doc, [L["draft"], L["reference_text"]], widths)
    for r in w["rows"]:
        d, ref = view.row_segments(r)
        row = table.add_row()
        for cell, parts, width in zip(row.cells, (d, ref), widths, strict=True):
            cell.width = Mm(width)
            _segments(cell.paragraphs[0], parts)


def write(report: dict, lang: str = "ja", by: str = "article") -> bytes:
    L = view.labels(lang)
    cols = view.columns(report, lang)
    doc = new_document(view.title(report, lang), landscape=True)
    doc.add_heading(view.title(report, lang), level=1)
    doc.add_paragraph(
        f"{L['compared']}: "
        + "; ".join(
            f"{view.instrument_name(i, lang)} ({i['citation']}, "
            f"{view.text_status_label(i['text_status'], lang)})"
            for i in report["instruments"]
        )
    )
    for n in view.notes(report, lang):
        doc.add_paragraph(f"{L['notes']}: {n}")

    doc.add_heading(L["coverage"], level=2)
    widths = _widths(len(cols) + 1, 45)
    table = _table(doc, [L["element"], L["draft"], *[c["name"] for c in cols]], widths)
    for key, row in report["coverage"].items():
        cells = [[(view.element_name(report, key, lang), True)]]
        for code in ["draft", *[c["code"] for c in cols]]:
            cell = row[code]
            cites = (
                view.draft_refs(report, cell, lang)
                if code == "draft"
                else ", ".join(cell["citations"])
            )
            cells.append(_status(cell, L, lang, cites))
        _add_row(table, widths, cells)
    doc.add_paragraph(L["legend_title"], style="Heading 3")
    for _s, word, meaning in view.legend(lang):
        p = doc.add_paragraph(style="List Bullet")
        p.add_run(word).bold = True
        p.add_run(f": {meaning}")

    _gaps(doc, report, L, lang)
    if report["corrections"]:
        doc.add_heading(L["corrections"], level=2)
        for c in report["corrections"]:
            target = view.correction_target(report, c, lang)
            text = f"{L[c['kind']]}: {target}"
            if c.get("instrument"):
                text += f" ↔ {c['instrument']} {c['citation']}"
            if c.get("reason"):
                text += f" — {L['reason']}: {c['reason']}"
            doc.add_paragraph(text, style="List Bullet")

    doc.add_heading(L["alignment"], level=2)
    if by == "element":
        widths = [30.0, 50.0] + [(USABLE_MM - 80) / len(cols)] * len(cols)
        table = _table(doc, [L["element"], L["draft"], *[c["name"] for c in cols]], widths)
        for r in view.element_rows(report):
            cells = [[(view.element_name(report, r["key"], lang), True)]]
            cells.append(
                [(view.article_heading(a, lang), False) for a in r["draft"]]
                or [(L[r["draft_status"]], True)]
            )
            for c in cols:
                cell = r["cells"][c["code"]]
                cells.append(
                    [
                        (f"{x['instrument']} {x['citation']} {x['heading']}".strip(), False)
                        for x in cell["refs"]
                    ]
                    or _status(cell, L, lang, "")
                )
            _add_row(table, widths, cells)
        return save(doc)
    rows = view.article_rows(report)
    widths = _widths(len(cols), 60)
    table = _table(doc, [L["article"], *[c["name"] for c in cols]], widths)
    for r in rows:
        a = r["article"]
        cells = [
            [
                (view.article_heading(a, lang), True),
                (" · ".join(view.element_name(report, k, lang) for k in a["elements"]), False),
            ]
        ]
        for c in cols:
            lines: list[tuple[str, bool]] = []
            for m in r["cells"][c["code"]]:
                lines.append((_match_line(m, L), True))
                if m["heading"]:
                    lines.append((m["heading"], False))
                lines.append((f"{L['score']} {m['score']:.2f}", False))
            cells.append(lines or [(L["no_match"], False)])
        _add_row(table, widths, cells)

    doc.add_heading(L["wording"], level=2)
    for r in rows:
        a = r["article"]
        doc.add_heading(view.article_heading(a, lang), level=3)
        text = a.get("text", {}).get(lang, "")
        for line in text.splitlines():
            if line.strip():
                doc.add_paragraph(line)
        for c in cols:
            for m in r["cells"][c["code"]]:
                _wording(doc, report, m, L, lang)
    return save(doc)
