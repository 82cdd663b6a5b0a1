"""The comparison as a Word document: landscape A4, the coverage matrix first, then the
side-by-side table, each with a header row that repeats on every page (w:tblHeader).

Built on drafts.writers.docx (styles, mincho for Japanese, page numbers, reproducible
bytes). Wording diffs stay in the HTML report: in Word they would be tracked changes
against text that is not the document's own.
"""

from __future__ import annotations

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
    for n in report["notes"]:
        doc.add_paragraph(f"{L['notes']}: {n}")

    doc.add_heading(L["coverage"], level=2)
    doc.add_paragraph(L["legend"])
    widths = _widths(len(cols) + 1, 45)
    table = _table(doc, [L["element"], L["draft"], *[c["name"] for c in cols]], widths)
    for key, row in report["coverage"].items():
        cells = [[(view.element_name(report, key, lang), True), (key, False)]]
        for code in ["draft", *[c["code"] for c in cols]]:
            cell = row[code]
            cites = (
                view.draft_refs(report, cell, lang)
                if code == "draft"
                else ", ".join(cell["citations"])
            )
            cells.append([(L[cell["status"]], True), (cites, False)])
        _add_row(table, widths, cells)

    doc.add_heading(L["gaps"], level=2)
    gaps = report["gaps"]
    doc.add_paragraph(L["not_in_draft"], style="Heading 3")
    for g in gaps["not_in_draft"] or [{"element": None}]:
        if g["element"] is None:
            doc.add_paragraph(L["nothing"])
            continue
        where = "; ".join(
            f"{view.jur_name(report, j, lang)}: {', '.join(g['citations'][j])}"
            for j in g["jurisdictions"]
        )
        doc.add_paragraph(
            f"{view.element_name(report, g['element'], lang)} ({g['element']}) — {where}",
            style="List Bullet",
        )
    doc.add_paragraph(L["only_in_draft"], style="Heading 3")
    for g in gaps["only_in_draft"]:
        doc.add_paragraph(
            f"{view.element_name(report, g['element'], lang)} ({g['element']}) — "
            + ", ".join(g["citations"]),
            style="List Bullet",
        )
    if not gaps["only_in_draft"]:
        doc.add_paragraph(L["nothing"])
    if gaps["waived"]:
        doc.add_paragraph(L["waived"], style="Heading 3")
        for g in gaps["waived"]:
            doc.add_paragraph(
                f"{view.element_name(report, g['element'], lang)} "
                f"({g['element']}) — {L['reason']}: {g['reason']}",
                style="List Bullet",
            )
    if report["corrections"]:
        doc.add_heading(L["corrections"], level=2)
        for c in report["corrections"]:
            text = f"{L[c['kind']]}: {c['target']}"
            if c.get("instrument"):
                text += f" ↔ {c['instrument']} {c['citation']}"
            if c.get("reason"):
                text += f" — {L['reason']}: {c['reason']}"
            doc.add_paragraph(text, style="List Bullet")

    doc.add_heading(L["alignment"], level=2)
    widths = _widths(len(cols), 50)
    first = L["element"] if by == "element" else L["article"]
    table = _table(doc, [first, *[c["name"] for c in cols]], widths)
    if by == "element":
        for r in view.element_rows(report):
            cells = [[(view.element_name(report, r["key"], lang), True), (r["key"], False)]]
            for c in cols:
                refs = r["cells"][c["code"]]["refs"]
                cells.append(
                    [
                        (f"{x['instrument']} {x['citation']} {x['heading']}".strip(), False)
                        for x in refs
                    ]
                    or [(L["none"], False)]
                )
            _add_row(table, widths, cells)
    else:
        for r in view.article_rows(report):
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
                    pin = f" [{L['pinned']}]" if m["pinned"] else ""
                    lines.append((f"{m['instrument']} {m['citation']}{pin}", True))
                    if m["heading"]:
                        lines.append((m["heading"], False))
                    lines.append((f"{L['score']} {m['score']:.2f} — {m['explanation']}", False))
                cells.append(lines or [(L["no_match"], False)])
            _add_row(table, widths, cells)
    return save(doc)
