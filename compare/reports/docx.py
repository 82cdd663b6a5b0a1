"""The comparison as a Word document: landscape A4, the coverage matrix first, then the
side-by-side table, each with a header row that repeats on every page (w:tblHeader).

Built on drafts.wordkit (house style, mincho for Japanese, page numbers, reproducible
bytes). Wording diffs stay in the HTML report: in Word they would be tracked changes
against text that is not the document's own.
"""

from __future__ import annotations

from docx.shared import Mm, Pt

from ...drafts.wordkit import add_text, new_document, repeat_header, save, usable_width_mm, xml_safe
from ...drafts.writers import DEFAULT, WriteOptions
from . import view

USABLE_MM = usable_width_mm(landscape=True)
SMALL = Pt(8)


def _cell(cell, lines: list[tuple[str, bool]]) -> None:
    """Fill a cell with (text, bold) lines, in the small table font."""
    para = cell.paragraphs[0]
    for i, (text, bold) in enumerate(lines):
        if i:
            para = cell.add_paragraph()
        run = add_text(para, text, bold)
        run.font.size = SMALL


def _table(doc, header: list[str], widths: list[float]):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    for cell, text, w in zip(table.rows[0].cells, header, widths, strict=True):
        cell.width = Mm(w)
        _cell(cell, [(text, True)])
    repeat_header(table.rows[0])
    return table


def _add_row(table, widths, contents: list[list[tuple[str, bool]]]) -> None:
    row = table.add_row()
    for cell, lines, w in zip(row.cells, contents, widths, strict=True):
        cell.width = Mm(w)
        _cell(cell, lines)


def _para(doc, text: str, style: str | None = None) -> None:
    doc.add_paragraph(xml_safe(text), style=style)


def _widths(n_cols: int, first: float) -> list[float]:
    rest = (USABLE_MM - first) / n_cols
    return [first] + [rest] * n_cols


def write(report: dict, lang: str = "ja", options: WriteOptions = DEFAULT) -> bytes:
    by = options.by
    L = view.labels(lang)
    cols = view.columns(report, lang)
    doc = new_document(view.title(report, lang), landscape=True)
    _para(doc, view.title(report, lang), "Heading 1")
    _para(
        doc,
        f"{L['compared']}: "
        + "; ".join(
            f"{view.instrument_name(i, lang)} ({i['citation']}, "
            f"{view.text_status_label(i['text_status'], lang)})"
            for i in report["instruments"]
        ),
    )
    for n in report["notes"]:
        _para(doc, f"{L['notes']}: {n}")

    _para(doc, L["coverage"], "Heading 2")
    _para(doc, L["legend"])
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

    _para(doc, L["gaps"], "Heading 2")
    gaps = report["gaps"]
    _para(doc, L["not_in_draft"], style="Heading 3")
    for g in gaps["not_in_draft"] or [{"element": None}]:
        if g["element"] is None:
            _para(doc, L["nothing"])
            continue
        where = "; ".join(
            f"{view.jur_name(report, j, lang)}: {', '.join(g['citations'][j])}"
            for j in g["jurisdictions"]
        )
        _para(
            doc,
            f"{view.element_name(report, g['element'], lang)} ({g['element']}) — {where}",
            style="List Bullet",
        )
    _para(doc, L["only_in_draft"], style="Heading 3")
    for g in gaps["only_in_draft"]:
        _para(
            doc,
            f"{view.element_name(report, g['element'], lang)} ({g['element']}) — "
            + ", ".join(g["citations"]),
            style="List Bullet",
        )
    if not gaps["only_in_draft"]:
        _para(doc, L["nothing"])
    if gaps["waived"]:
        _para(doc, L["waived"], style="Heading 3")
        for g in gaps["waived"]:
            _para(
                doc,
                f"{view.element_name(report, g['element'], lang)} "
                f"({g['element']}) — {L['reason']}: {g['reason']}",
                style="List Bullet",
            )
    if report["corrections"]:
        _para(doc, L["corrections"], "Heading 2")
        for c in report["corrections"]:
            text = f"{L[c['kind']]}: {c['target']}"
            if c.get("instrument"):
                text += f" ↔ {c['instrument']} {c['citation']}"
            if c.get("reason"):
                text += f" — {L['reason']}: {c['reason']}"
            _para(doc, text, style="List Bullet")

    _para(doc, L["alignment"], "Heading 2")
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
