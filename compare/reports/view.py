"""What the human formats (HTML, Word, Markdown) show, computed once from the report dict:
names in the report's language, statuses with their reasons, explanations of matches, the
rows of the side-by-side table and the segments of the wording view."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache

from markupsafe import Markup

from ...drafts.kanji import to_kanji
from ...drafts.reportkit import labels as report_labels
from ...drafts.seqmatch import ratio_from
from ..corpus.maps import web_url
from ..coverage import STATUSES

SAME_WORDING = 0.9  # two references this alike are shown once ("same wording in ...")


def labels(lang: str) -> Mapping[str, str]:
    """The comparison's words (templates/reports/labels.yaml, `compare`)."""
    return report_labels("compare", lang)


def jur_name(report: dict, code: str, lang: str) -> str:
    names = report["jurisdiction_names"].get(code)
    if names and names.get(lang):
        return names[lang]
    return labels(lang).get(f"jur_{code}") or code.upper()


def element_name(report: dict, key: str, lang: str) -> str:
    """The element's label; an undeclared sub-key is named by its nearest declared
    ancestor (a raw key never reaches a report: it is no word of either language)."""
    names = report["element_names"]
    extra = labels(lang).get(f"el_{key}")
    if key not in names and extra:
        return extra
    k = key
    while k:
        if k in names and names[k].get(lang):
            return names[k][lang] if k == key else f"{names[k][lang]}（{_tail(key, k)}）"
        k = k.rpartition(".")[0]
    return key


def _tail(key: str, known: str) -> str:
    return key[len(known) + 1 :].replace("_", " ").replace(".", " / ")


def columns(report: dict, lang: str) -> list[dict]:
    return [{"code": j, "name": jur_name(report, j, lang)} for j in report["jurisdictions"]]


def title(report: dict, lang: str) -> str:
    return f"{labels(lang)['title']}: {report['title'][lang]}"


def legend(lang: str) -> list[tuple[str, str, str]]:
    """(status, its word, what it means), in the order of STATUSES."""
    L = labels(lang)
    return [(s, L[s], L[f"legend_{s}"]) for s in STATUSES]


def reason_text(cell: dict, lang: str) -> str:
    """Why the cell has its status, in words, with the instruments or provisions concerned."""
    L = labels(lang)
    text = L.get(f"reason_{cell.get('reason')}", "")
    about = cell.get("about_ja" if lang == "ja" and "about_ja" in cell else "about")
    if about:
        text += ("：" if lang == "ja" else ": ") + ", ".join(about)
    return text


def article_heading(a: dict, lang: str) -> str:
    number, caption = a["number"].get(lang, ""), a["caption"].get(lang, "")
    if not caption:
        return number or a["draft"]
    return f"{number}（{caption}）" if lang == "ja" else f"{number} ({caption})"


def explain(report: dict, m: dict, lang: str, names: dict[str, str] | None = None) -> str:
    """Why a match was made, in the report's language (the JSON's `explanation` is the
    English one of the aligner). The Japanese one is made once, by the comparator, and
    kept in the row (`explanation_ja`): a writer reads it from there. `names`, if given,
    keeps the element names found in this language for the next call (a long bill's
    explanations name the same few elements tens of thousands of times)."""
    if lang == "ja" and "explanation_ja" in m:
        return m["explanation_ja"]
    L = labels(lang)
    sep, list_sep = ("；", "、") if lang == "ja" else ("; ", ", ")
    colon = "：" if lang == "ja" else ": "
    name = _namer(report, lang, names)
    parts = []
    if m.get("pinned"):
        reason = next(
            (
                c.get("reason")
                for c in report.get("corrections", [])
                if c["kind"] == "pin"
                and c.get("instrument") == m["instrument"]
                and c.get("label") == m["label"]
            ),
            None,
        )
        parts.append(L["why_pinned"] + (colon + reason if reason else ""))
    if m.get("elements"):
        parts.append(L["why_elements"] + colon + list_sep.join(map(name, m["elements"])))
    if m.get("subkeys"):
        parts.append(L["why_subkeys"] + colon + list_sep.join(map(name, m["subkeys"])))
    why = m.get("why", {})
    if why.get("terms"):
        quote = "「{}」" if lang == "ja" else "“{}”"
        parts.append(L["why_terms"] + colon + list_sep.join(quote.format(t) for t in why["terms"]))
    src = "text" if why.get("text_source") == "text" else "summary"
    if why.get("words"):
        parts.append(
            f"{L['why_words_' + src]} ({why.get('text_score', 0):.2f}){colon}"
            + list_sep.join(shared_word(w, lang) for w in why["words"])
        )
    elif why.get("text_source") not in (None, "none"):
        parts.append(L["why_no_words_" + src])
    return sep.join(parts)


def _namer(report: dict, lang: str, names: dict[str, str] | None):
    """element_name for one report and language, remembering in `names` if given."""
    if names is None:
        return lambda key: element_name(report, key, lang)

    def name(key: str) -> str:
        found = names.get(key)
        if found is None:
            found = names[key] = element_name(report, key, lang)
        return found

    return name


@lru_cache(maxsize=8192)  # a long bill's explanations quote the same words 80,000 times
def shared_word(word: str, lang: str) -> str:
    """A word a match shares with the law as an explanation shows it. "[freeze]" is a
    concept of the thesaurus, named in the report's language (［資産凍結］); in Japanese
    the law's own words are quoted (「property」), being English: in 「」, which a line may
    break between, where “” would hold a whole list of words on one line (a quotation mark
    forbids a break on either side) and push the table far wider than the window."""
    if word.startswith("[") and word.endswith("]"):
        if lang != "ja":
            return word
        return f"［{concept_name(word[1:-1])}］"
    return f"「{word}」" if lang == "ja" else word


@lru_cache(maxsize=256)
def concept_name(name: str) -> str:
    """A thesaurus concept's Japanese name (labels.yaml), else its first Japanese term."""
    label = labels("ja").get("concept_" + name.replace(" ", "_"))
    if label:
        return label
    from ..corpus.concepts import load_concepts

    concept = next((c for c in load_concepts() if c.name == name), None)
    return concept.ja[0] if concept is not None and concept.ja else name


def _reference_text(m: dict) -> str:
    w = m.get("wording") or {}
    if w.get("rows"):
        return "\n".join(r["reference"] for r in w["rows"] if r["reference"])
    return (w.get("summary") or {}).get("en", "")


@lru_cache(maxsize=4096)
def _alike(ta: str, tb: str) -> bool:
    """Whether two reference texts read the same. Cached: the same pair of UK regulations
    comes back for every draft article matching both, and the ratio of two long provisions
    was a fifth of a 1,000-article compare. Most pairs differ, and fail on a cheaper
    upper bound of the ratio first (seqmatch.ratio_from), and two texts the same need no
    matcher at all."""
    return ratio_from(ta, tb, SAME_WORDING) >= SAME_WORDING


def fold_same(matches: list[dict]) -> list[dict]:
    """The matches of one cell with near-identical ones folded into the first: each shown
    match gets `also`, the others of the same wording. Two matches read the same when they
    come from different instruments of one jurisdiction and their provisions' texts are
    alike (the UK's human-rights and anti-corruption regulations share most of their
    text)."""
    shown: list[dict] = []
    texts: list[str | None] = []  # each shown match's reference text, made when first needed
    for m in matches:
        twin, text = None, None
        for i, s in enumerate(shown):
            if s["instrument"] == m["instrument"] or s["jurisdiction"] != m["jurisdiction"]:
                continue
            if texts[i] is None:
                texts[i] = _reference_text(s)
            if text is None:
                text = _reference_text(m)
            if texts[i] and text and _alike(texts[i], text):
                twin = s
                break
        if twin is None:
            shown.append(dict(m, also=[]))
            texts.append(text)
        else:
            twin["also"].append(m)
    return shown


def article_rows(report: dict) -> Iterator[dict]:
    """One row per draft article: its matches grouped by jurisdiction, near-identical
    provisions of two instruments folded into one.

    Made one at a time in one pass over the alignments, so that a writer holds one
    article's row, not the bill's. A spool's paragraph rows are not even read back: no
    report shows them in this table (compare.spool, `where`)."""
    alignments = report["alignments"]
    where = getattr(alignments, "where", None)
    for a in alignments if where is None else where("article"):
        if a["level"] == "article":
            yield _article_row(report, a)


def _article_row(report: dict, a: dict) -> dict:
    cells: dict[str, list[dict]] = {j: [] for j in report["jurisdictions"]}
    for m in a["matches"]:
        cells.setdefault(m["jurisdiction"], []).append(m)
    cells = {j: fold_same(ms) for j, ms in cells.items()}
    return {"article": a, "cells": cells}


def side_rows(report: dict, lang: str) -> Iterator[dict]:
    """The rows of the HTML page's side-by-side table (by article) as it prints them:
    every name, link, number and wording segment already made, as plain text (the
    template escapes it), so that the sandboxed template only reads keys and loops. A long
    bill's page has tens of thousands of matches, and each call out of the sandbox costs
    more than the work it asks for."""
    codes = [c["code"] for c in columns(report, lang)]
    names: dict[str, str] = {}
    name = _namer(report, lang, names)
    L = labels(lang)
    for r in article_rows(report):
        a = r["article"]
        cells = [
            (code, [_side_match(report, m, lang, names) for m in r["cells"][code]])
            for code in codes
        ]
        yield {
            "id": a["draft"],
            "elements": " ".join(a["elements"]),
            "heading": article_heading(a, lang),
            "tags": " · ".join(map(name, a["elements"])),
            "text": a["text"][lang],
            "cells": cells_html(cells, L),
        }


def _esc(value) -> str:
    # What autoescaping prints for a value: a string escaped, anything else as str() first.
    return escape_text(value if type(value) is str else str(value))


def cells_html(cells: list[tuple[str, list[dict]]], L: Mapping[str, str]) -> Markup:
    """An article's cells of the side-by-side table, one <td> per column with its matches
    (_side_match) and their wordings, every value escaped: the markup the page's template
    made of them value by value (the same bytes, tests/compare/test_compare_rows_held.py),
    made here in one piece, since each value and tag the template writes costs a call."""
    out: list[str] = []
    for code, ms in cells:
        out.append(f'<td class="col-{_esc(code)}">')
        for m in ms:
            _match_html(m, L, out)
        if not ms:
            out.append(f'<span class="none">{_esc(L["no_match"])}</span>')
        out.append("</td>\n")
    return Markup("".join(out))


def _match_html(m: dict, L: Mapping[str, str], out: list[str]) -> None:
    cite = _esc(m["cite"])
    out.append(f'<div class="match" data-instrument="{_esc(m["instrument"])}">\n')
    head = f'<a href="{_esc(m["url"])}">{cite}</a>' if m["url"] else cite
    badge = f'<span class="badge">{_esc(L["pinned"])}</span>' if m["pinned"] else ""
    out.append(f'<div class="head">{head}\n{badge}</div>\n')
    if m["also"]:
        out.append(f'<div class="small also">{_esc(L["also"])}: ')
        for u, t, sep in m["also"]:
            out.append(f'<a href="{_esc(u)}">{_esc(t)}</a>' if u else _esc(t))
            out.append(_esc(sep))
        out.append("</div>")
    if m["heading"]:
        out.append(f"<div>{_esc(m['heading'])}</div>")
    out.append(f'<div class="score">{_esc(L["score"])} {_esc(m["score"])}</div>\n')
    out.append(f'<div class="why">{_esc(m["why"])}</div>\n')
    w = m["wording"]
    if w and w["source"] == "text":
        close = f"; {_esc(L['close_diff'])}" if w["diffed"] else ""
        out.append(
            f'<details class="wording"><summary>{_esc(L["wording"])} ({_esc(w["passage"])} ↔ '
            f'{_esc(w["rpassage"])})</summary>\n<div class="small">'
            f"{_esc(L['side_by_side_note'])}{close}</div>\n"
        )
        if w["draft_ja"]:
            out.append(
                f'<div class="draft-ja"><span class="small">{_esc(L["draft_ja"])}:</span> '
                f"{_esc(w['draft_ja'])}</div>"
            )
        out.append(
            f'<table class="pairs">\n<thead><tr><th>{_esc(L["draft"])}</th><th>'
            f"{_esc(L['reference_text'])}</th></tr></thead>\n<tbody>\n{w['rows']}"
            "</tbody></table>\n</details>"
        )
    elif w and w["source"] == "summary":
        out.append(
            f'<div class="summary-note">{_esc(L["summary"])}</div>'
            f'<div class="small summary">{_esc(w["summary"])}</div>'
        )
    out.append("</div>")


def _side_match(report: dict, m: dict, lang: str, names: dict[str, str]) -> dict:
    """One match of the side-by-side table as the HTML page prints it."""
    also = [(safe_url(o["url"]), cite(o, lang), ", ") for o in m["also"]]
    if also:
        also[-1] = (*also[-1][:2], "")
    return {
        "instrument": m["instrument"],
        "url": safe_url(m["url"]),
        "cite": cite(m, lang),
        "pinned": m["pinned"],
        "also": also,
        "heading": m["heading"],
        "score": f"{m['score']:.2f}",
        "why": explain(report, m, lang, names),
        "wording": _side_wording(m.get("wording"), lang),
    }


def _side_wording(w: dict | None, lang: str) -> dict | None:
    if not w:
        return None
    if w["source"] == "text":
        return {
            "source": "text",
            "passage": passage_name(w, lang),
            "rpassage": reference_passage_name(w, lang),
            "diffed": w["diffed"],
            "draft_ja": (w.get("draft_text_ja") or "") if lang == "ja" else "",
            "rows": rows_html(w["rows"]),
        }
    if w["source"] == "summary":
        return {"source": "summary", "summary": w["summary"][lang]}
    return {"source": w["source"]}


def matrix_rows(report: dict, lang: str) -> list[dict]:
    """The rows of the HTML page's coverage matrix as it prints them (like side_rows: the
    words made here as plain text, the template only reads keys and loops). A cell's
    `reason` is None where it is not shown (the element is present)."""
    L = labels(lang)
    waivers = {g["element"]: g["reason"] for g in report["gaps"]["waived"]}
    codes = [c["code"] for c in columns(report, lang)]
    rows = []
    for key, row in report["coverage"].items():
        d = row["draft"]
        cells = []
        for code in codes:
            cell = row[code]
            refs = [(safe_url(r["url"]), cite(r, lang), ", ") for r in cell["refs"]]
            if refs:
                refs[-1] = (*refs[-1][:2], "")
            cells.append((code, _matrix_cell(cell, lang, L) | {"refs": refs}))
        draft = _matrix_cell(d, lang, L) | {
            "waived": d["status"] == "absent" and key in waivers,
            "waiver": waivers.get(key),
            "cites": draft_refs(report, d, lang),
        }
        rows.append(
            {"key": key, "name": element_name(report, key, lang), "draft": draft, "cells": cells}
        )
    return rows


def _matrix_cell(cell: dict, lang: str, L: Mapping[str, str]) -> dict:
    status = cell["status"]
    return {
        "status": status,
        "word": L[status],
        "reason": reason_text(cell, lang) if status != "present" else None,
    }


def fold_twins(refs: list[dict]) -> list[dict]:
    """The provisions of a coverage cell with each one that reads the same as another
    (`twin_of`, set by compare.coverage) folded into it: each shown one gets `also`."""
    shown: list[dict] = []
    for r in refs:
        first = next((s for s in shown if r.get("twin_of") == s["cite"]), None)
        if first is None:
            shown.append(dict(r, also=[]))
        else:
            first["also"].append(r)
    return shown


def element_rows(report: dict) -> list[dict]:
    """One row per element: the draft articles and the reference provisions tagged with it."""
    # The articles without their matches: the rows show an article's heading and text.
    articles = {
        a["draft"]: {k: v for k, v in a.items() if k != "matches"}
        for a in report["alignments"]
        if a["level"] == "article"
    }
    rows = []
    for key, row in report["coverage"].items():
        draft = [articles[lab] for lab in row["draft"]["labels"] if lab in articles]
        cells = {j: dict(row[j], refs=fold_twins(row[j]["refs"])) for j in report["jurisdictions"]}
        rows.append(
            {
                "key": key,
                "draft": draft,
                "draft_cell": row["draft"],
                "draft_status": row["draft"]["status"],
                "cells": cells,
            }
        )
    return rows


def text_status_label(status: str, lang: str) -> str:
    return labels(lang)[f"text_{status}"]


def draft_cites(cell: dict, lang: str) -> list[str]:
    """The draft articles of a cell or gap by their citations in the report's language."""
    if lang == "ja" and "citations_ja" in cell:
        return list(cell["citations_ja"])
    return list(cell.get("citations", []))


def draft_refs(report: dict, cell: dict, lang: str) -> str:
    return ("、" if lang == "ja" else ", ").join(draft_cites(cell, lang))


def instrument_citation(i: dict, lang: str) -> str:
    """The instrument's citation; a Japanese one in Japanese in the Japanese report."""
    return (i.get("citation_ja") if lang == "ja" else None) or i["citation"]


def instrument_name(i: dict, lang: str) -> str:
    """Short title in the language, else any title it has: an imported map may carry one."""
    for names in (i.get("short") or {}, i.get("title") or {}):
        if names.get(lang):
            return names[lang]
    for names in (i.get("short") or {}, i.get("title") or {}):
        for value in names.values():
            if value:
                return value
    return i["id"]


# --- gaps ----------------------------------------------------------------------------------


def gap_where(report: dict, item: dict, lang: str) -> str:
    """ "United Kingdom: SI 2020/680 reg. 11; Canada: ..." for a gap item."""
    sep = "；" if lang == "ja" else "; "
    colon = "：" if lang == "ja" else ": "
    cites = item.get("citations_ja") if lang == "ja" else None
    cites = cites or item["citations"]
    return sep.join(
        f"{jur_name(report, j, lang)}{colon}{', '.join(cites[j])}" for j in item["jurisdictions"]
    )


def gap_groups(report: dict, kind: str, lang: str) -> list[dict]:
    """The gap groups of one direction, ready to print: the top element's name and, per
    item, its name, whether it is the top key itself, and where it is found."""
    L = labels(lang)
    out = []
    for g in report["gaps"][kind]:
        items = []
        for it in g["items"]:
            if kind == "not_in_draft":
                where = gap_where(report, it, lang)
            else:
                where = draft_refs(report, it, lang)
                if it.get("unknown_in"):
                    if lang == "ja":
                        names = "、".join(jur_name(report, j, lang) for j in it["unknown_in"])
                        where += f"（{L['unknown_in']}：{names}）"
                    else:
                        names = ", ".join(jur_name(report, j, lang) for j in it["unknown_in"])
                        where += f" ({L['unknown_in']}: {names})"
            items.append(
                {
                    "key": it["element"],
                    "name": element_name(report, it["element"], lang),
                    "top": it["element"] == g["element"],
                    "where": where,
                }
            )
        out.append(
            {"key": g["element"], "name": element_name(report, g["element"], lang), "items": items}
        )
    return out


# --- wording -------------------------------------------------------------------------------


def _marked(text: str, marks: list) -> list[tuple[str, str]]:
    out, at = [], 0
    for start, end, _concept in marks or []:
        if start < at:
            continue
        if start > at:
            out.append(("text", text[at:start]))
        out.append(("mark", text[start:end]))
        at = end
    if at < len(text):
        out.append(("text", text[at:]))
    return out


def row_segments(row: dict) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The draft and reference sides of a wording row as (kind, text) segments: kind
    `text`, `mark` (a shared legal concept), `delete` (draft only) or `insert`
    (reference only, in a diffed row)."""
    if row.get("ops"):
        draft = [
            ("delete" if op == "delete" else "text", t) for op, t in row["ops"] if op != "insert"
        ]
        ref = [
            ("insert" if op == "insert" else "text", t) for op, t in row["ops"] if op != "delete"
        ]
        return draft, ref
    return _marked(row["draft"], row.get("draft_marks")), _marked(
        row["reference"], row.get("reference_marks")
    )


# The markup of a segment by its kind (row_segments); text of any other kind is plain.
_SEGMENT_TAGS = {
    "insert": ("<ins>", "</ins>"),
    "delete": ("<del>", "</del>"),
    "mark": ("<mark>", "</mark>"),
}
_PLAIN = ("", "")


def escape_text(text: str) -> str:
    """markupsafe.escape(text) as a plain string (& < > ' " as &amp; &lt; &gt; &#39; &#34;),
    without making a Markup object for each piece: a long page's wording has hundreds of
    thousands of pieces."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "'" in text:
        text = text.replace("'", "&#39;")
    if '"' in text:
        text = text.replace('"', "&#34;")
    return text


def rows_html(rows: list[dict]) -> Markup:
    """A wording's rows as the HTML page's table rows, each segment of text escaped: the
    markup the page's template made of them segment by segment (the same bytes), made
    here in one piece, since a template's every value and tag costs a call."""
    out: list[str] = []
    for r in rows:
        out.append('<tr class="diff">' if r.get("ops") else '<tr class="pair">')
        for side in row_segments(r):
            out.append("<td>")
            for kind, text in side:
                start, end = _SEGMENT_TAGS.get(kind, _PLAIN)
                out += (start, escape_text(text), end)
            out.append("</td>")
        out.append("</tr>\n")
    return Markup("".join(out))


def safe_url(url: str | None) -> str | None:
    """The address if it is http or https, else None: a map or corpus file from a pull
    request must not smuggle a javascript: or file: link into a report."""
    return _safe_url(url) if isinstance(url, str) else None


@lru_cache(maxsize=4096)
def _safe_url(url: str) -> str | None:
    # Cached: a long bill's report links the same few hundred provisions thousands of times.
    return web_url(url) or None


def notes(report: dict, lang: str) -> list[str]:
    if lang == "ja" and "notes_ja" in report:
        return report["notes_ja"]
    return report["notes"]


def passage_name(w: dict, lang: str) -> str:
    """The draft passage of a wording as the bill cites it, in the report's language."""
    if lang == "ja" and w.get("draft_passage_ja"):
        return w["draft_passage_ja"]
    return w.get("draft_passage") or ""


def reference_passage_name(w: dict, lang: str) -> str:
    """The reference passage of a wording as its law cites it, a Japanese law in Japanese
    in the Japanese report (第一条, not Art. 1)."""
    if lang == "ja" and w.get("reference_passage_ja"):
        return w["reference_passage_ja"]
    return w.get("reference_passage") or ""


def draft_label_name(report: dict, label: str, lang: str) -> str:
    """A draft article or paragraph named as the bill cites it (第十四条第二項 / Article
    14(2)), not by its label in the templates."""
    outline = _outline(report)
    units = {a["draft"]: a for a in outline}
    unit = units.get(label)
    if unit is None:
        return label
    if unit["level"] == "article":
        return unit["number"].get(lang) or label
    art = units.get(unit["article"])
    base = art["number"].get(lang, "") if art else ""
    siblings = [a["draft"] for a in outline if a["article"] == unit["article"]]
    siblings = [s for s in siblings if units[s]["level"] == "paragraph"]
    n = siblings.index(label) + 1
    if lang == "ja":
        return f"{base}第{to_kanji(n)}項"
    return f"{base}({n})"


def _outline(report: dict) -> list[dict]:
    """Each alignment's draft, level, article and number: read once per spool, whose rows
    are too many to hold (compare.spool); a list is read each time (a caller may change it)."""
    alignments = report["alignments"]
    memo = getattr(alignments, "memo", None)
    if memo is not None and "outline" in memo:
        return memo["outline"]
    outline = [{k: a[k] for k in ("draft", "level", "article", "number")} for a in alignments]
    if memo is not None:
        memo["outline"] = outline
    return outline


def correction_target(report: dict, c: dict, lang: str) -> str:
    if c["kind"] == "waive":
        return element_name(report, c["target"], lang)
    return draft_label_name(report, c["target"], lang)


def cite(ref: dict, lang: str = "en") -> str:
    """A reference provision as its instrument cites it (SI 2020/680 reg. 11(1)); in the
    Japanese report a Japanese instrument in Japanese (`cite_ja`: 第二〇八回国会 衆第六〇号
    第一条); the instrument's id where a report dict predates those fields."""
    if lang == "ja" and ref.get("cite_ja"):
        return ref["cite_ja"]
    return ref.get("cite") or f"{ref['instrument']} {ref['citation']}"
