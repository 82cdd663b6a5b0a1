"""`clausewise check`: the rules a draft must pass before it is merged.

Each rule has an id, a default severity and a one-line purpose (RULES). A rule is a
function from the checked bill to findings; each finding points at the file an aide
edits — the bill file for an article's place, the clause template (and its line) for its
wording. The bill file may change severities:

    check:
      required_elements: [designation.authority, review.judicial]
      severity: {term-unused: warning, caption-missing: off}

The rules read the rendered Document; they are pure functions of it, its bill file and
its render record (doc.meta: definitions, term_uses, templates).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ...drafts import numbering, refparse
from ...drafts.errors import UnresolvedReference
from ...drafts.kanji import from_kanji
from ...drafts.model import Document, Provision
from . import drafting
from .locate import Locator
from .optionuse import options_unread
from .outdated_terms import outdated_terms

SEVERITIES = ("error", "warning", "off")

# rule id → (default severity, what it checks)
RULES: dict[str, tuple[str, str]] = {
    "ref-unresolved": ("error", "every cross-reference names an existing label"),
    "ref-circular": (
        "error",
        "no term is defined through itself, and no provision applies "
        "another by reference (準用/例による) in a circle",
    ),
    "numbering": (
        "error",
        "articles, chapters, paragraphs and items are numbered without "
        "gaps, and branch articles (第五条の二) follow their base article",
    ),
    "term-unused": ("error", "every defined term is used outside its definition"),
    "term-undefined": ("error", "every term used or quoted as a term is defined"),
    "lang-parity": (
        "error",
        "every provision has Japanese and English text, and both cite the same articles",
    ),
    "template-leftover": ("error", "no unrendered template syntax or value left in the text"),
    "caption-missing": (
        "error",
        "every main-body article has a caption (見出し) when the "
        "bill uses captions (penal provisions, 罰則, excepted)",
    ),
    "outdated-term": ("error", "no outdated or forbidden term (懲役/禁錮 → 拘禁刑, ...)"),
    "required-elements": (
        "error",
        "the elements the bill file declares required are covered by some provision",
    ),
    "term-scope": (
        "error",
        "a term defined 「以下この条において」 (この項, この章) is used only there",
    ),
    "catch-all-last": (
        "error",
        "a 「前各号に掲げるもののほか」 item is the last item of its list",
    ),
    "refs-ungrouped": (
        "error",
        "paragraphs of one article are cited together (「第四条第二項及び第三項」), "
        "not one by one (「第四条第二項、第四条第三項」)",
    ),
    "ref-doujou": (
        "error",
        "an article cited again in the same sentence is 同条 (「同条第六項」)",
    ),
    "preparation-early": (
        "error",
        "a 附則 provision acting before commencement (準備行為) is brought into force on "
        "promulgation by the ただし書 of the commencement article",
    ),
    "option-unused": (
        "warning",
        "every option set in the bill file is read by some article's template or `when:` "
        "(an option nothing reads has no effect on the text)",
    ),
}


@dataclass
class Finding:
    rule: str
    message: str
    file: str | None
    line: int | None
    label: str | None = None  # the article (or chapter) it concerns; None: the whole bill
    severity: str = "error"


@dataclass
class Subject:
    """What the rules look at."""

    doc: Document
    bill: object | None  # drafts.billfile.BillFile, or None for a JSON file
    where: Locator

    def articles(self) -> Iterator[tuple[Provision, str]]:
        """Every article with its part: main or suppl."""
        for prov in self.doc.provisions:
            if prov.kind == "chapter":
                for art in prov.children:
                    yield art, "main"
            elif prov.kind == "article":
                yield prov, "main"
            elif prov.kind == "supplementary":
                for art in prov.children:
                    yield art, "suppl"

    def units(self) -> Iterator[tuple[Provision, Provision]]:
        """(article, unit) for every paragraph, item and sub-item."""
        for art, _ in self.articles():
            for para in art.children:
                for unit in para.walk():
                    yield art, unit


def _name(art: Provision) -> str:
    return art.number.get("ja") or art.number.get("en") or art.label


# --- the rules ----------------------------------------------------------------------------


def rule_numbering(s: Subject) -> Iterator[Finding]:
    chapters = [p for p in s.doc.provisions if p.kind == "chapter"]
    for i, ch in enumerate(chapters, 1):
        if ch.number.get("ja") and ch.number != numbering.chapter(i):
            yield Finding(
                "numbering",
                f"chapter {ch.label!r} is numbered "
                f"{ch.number.get('ja')} but is chapter {i}; expected "
                f"{numbering.chapter(i)['ja']}",
                *s.where.of_entry(ch.label),
                ch.label,
            )
    n = b = 0
    for art, part in s.articles():
        if part != "main":
            continue
        m = re.fullmatch(
            rf"第({refparse.KNUM})条(?:の({refparse.KNUM}))?", art.number.get("ja", "")
        )
        if not m:
            yield Finding(
                "numbering",
                f"article {art.label!r} has no article number ({art.number.get('ja')!r})",
                *s.where.of_entry(art.label),
                art.label,
            )
            continue
        got = (from_kanji(m.group(1)), from_kanji(m.group(2)) if m.group(2) else 0)
        ok = got == (n + 1, 0) or (n and got[0] == n and got[1] == (b + 1 if b else 2))
        if not ok:
            want = numbering.article(n + 1)["ja"]
            yield Finding(
                "numbering",
                f"{art.number['ja']} ({art.label}) does not follow "
                f"{'第' + str(n) + '条' if n else 'the start'}: expected {want} or a "
                "branch of the article before",
                *s.where.of_entry(art.label),
                art.label,
            )
        n, b = got
    for art, _part in s.articles():
        paras = art.children
        for pi, para in enumerate(paras, 1):
            expect = {"paragraph": numbering.paragraph(pi, len(paras))}
            if para.number.get("ja", "") != expect["paragraph"]["ja"]:
                yield Finding(
                    "numbering",
                    f"paragraph {pi} of {_name(art)} is numbered "
                    f"{para.number.get('ja')!r}, expected "
                    f"{expect['paragraph']['ja']!r}",
                    *s.where.of_unit(art.label, para),
                    art.label,
                )
            for ii, item in enumerate(para.children, 1):
                if item.number.get("ja", "") != numbering.item(ii)["ja"]:
                    yield Finding(
                        "numbering",
                        f"item {ii} of {_name(art)} is numbered "
                        f"{item.number.get('ja')!r}, expected "
                        f"{numbering.item(ii)['ja']!r}",
                        *s.where.of_unit(art.label, item),
                        art.label,
                    )
    yield from _branch_bases(s)


def _branch_bases(s: Subject) -> Iterator[Finding]:
    """A branch article (branch: true) whose base article is left out by its `when:` would
    be numbered as a branch of an unrelated article."""
    if s.bill is None:
        return
    present = {a.label for a, _ in s.articles()}
    specs = [a for ch in s.bill.chapters for a in ch.articles]
    base = None
    for spec in specs:
        if not spec.branch:
            base = spec
            continue
        if spec.label in present and base is not None and base.label not in present:
            art = s.doc.find(spec.label)
            yield Finding(
                "numbering",
                f"branch article {spec.label!r} belongs after "
                f"{base.label!r}, which this bill's options leave out, so it would be "
                f"numbered {_name(art)} as a branch of an unrelated article; give it "
                "the same `when:` or make it a normal article",
                s.where.bill_file,
                spec.line,
                spec.label,
            )


def _definition_graph(s: Subject) -> dict[str, set[str]]:
    defs = s.doc.meta.get("definitions", {}) or {}
    uses = s.doc.meta.get("term_uses", []) or []
    # The terms used on each template line, so each definition looks up its own line.
    by_line: dict[tuple, list[str]] = {}
    for u in uses:
        by_line.setdefault((u["file"], u["line"]), []).append(u["term"])
    graph: dict[str, set[str]] = {}
    for key, where in defs.items():
        graph[key] = {t for t in by_line.get((where["file"], where["line"]), ()) if t != key}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each elementary cycle once, found by depth-first search, in a stable order."""
    found: list[list[str]] = []
    seen_sets: set[frozenset] = set()

    def dfs(start: str, node: str, path: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt == start:
                key = frozenset(path)
                if key not in seen_sets:
                    seen_sets.add(key)
                    found.append(list(path))
            elif nxt not in path and nxt > start:
                dfs(start, nxt, path + [nxt])

    for start in sorted(graph):
        dfs(start, start, [start])
    return found


_BY_REFERENCE = re.compile(r"準用する|の例による")


def rule_ref_circular(s: Subject) -> Iterator[Finding]:
    defs = s.doc.meta.get("definitions", {}) or {}
    for cycle in _cycles(_definition_graph(s)):
        where = defs[cycle[0]]
        chain = " → ".join(cycle + [cycle[0]])
        yield Finding(
            "ref-circular",
            f"terms are defined through each other: {chain}",
            _shown(where["file"]),
            where["line"],
            None,
        )
    idx = refparse.index(s.doc)
    graph: dict[str, set[str]] = {}
    first_unit: dict[str, Provision] = {}
    for art, unit in s.units():
        text = unit.text.get("ja", "")
        if _BY_REFERENCE.search(text):
            targets = set(refparse.article_refs(text, "ja", idx, unit)) - {art.label}
            if targets:
                graph.setdefault(art.label, set()).update(targets)
                first_unit.setdefault(art.label, unit)
    for cycle in _cycles(graph):
        names = [_name(s.doc.find(label)) for label in cycle]
        unit = first_unit[cycle[0]]
        yield Finding(
            "ref-circular",
            "provisions apply each other by reference (準用/例による) "
            f"in a circle: {' → '.join(names + [names[0]])}",
            *s.where.of_unit(cycle[0], unit),
            cycle[0],
        )


def _shown(path: str | None) -> str | None:
    from .locate import shown

    return shown(path)


def _all_text(s: Subject, lang: str) -> str:
    parts = []
    for prov in s.doc.walk():
        parts.append(prov.text.get(lang, ""))
        if prov.caption:
            parts.append(prov.caption.get(lang, ""))
    return "\n".join(parts)


_QUOTE = {
    "ja": re.compile(r"「([^「」]{1,40})」"),
    "en": re.compile(r"\u201c([^\u201c\u201d]{1,60})\u201d"),
}
# A quotation that defines: 「X」とは / 以下「X」という / The term “X” / referred to as “X”.
_DEFINING = {"ja": re.compile(r"^(とは|という)"), "en": re.compile(r"^\s*(as used|means)")}
_DEFINING_BEFORE = {"en": re.compile(r"(?:[Tt]he term|as|as an?|and) $")}
# Names of laws and treaties, and quotations in amending sentences (改め文, 読替え).
_LAW_NAME = {
    "ja": re.compile(r"(法|法律|条約|規約|協定|憲章|議定書|宣言|規則|令)$"),
    "en": re.compile(
        r"\b(Act|Code|Convention|Covenant|Treaty|Protocol|Charter|"
        r"Declaration|Order|Regulations?)$"
    ),
}
_AMENDING = {
    "ja": re.compile(r"改める|加える|削る|とあるのは|と読み替える"),
    "en": re.compile(
        r"is replaced with|are replaced with|is deleted|is added|"
        r"deemed to be replaced|shall be read as|is to be read as"
    ),
}


def _quotes(text: str, lang: str) -> Iterator[tuple[str, bool]]:
    """(quoted words, is it a definition) for each quotation in text that may be a term."""
    if _AMENDING[lang].search(text):
        return
    for m in _QUOTE[lang].finditer(text):
        word = m.group(1)
        if _LAW_NAME[lang].search(word):
            continue
        after, before = text[m.end() :], text[: m.start()]
        defining = (
            bool(_DEFINING[lang].search(after))
            or before.endswith("以下")
            or (lang == "en" and bool(_DEFINING_BEFORE["en"].search(before)))
        )
        yield word, defining


def rule_terms(s: Subject) -> Iterator[Finding]:
    """term-unused and term-undefined."""
    defs = s.doc.meta.get("definitions", {}) or {}
    uses = s.doc.meta.get("term_uses", []) or []
    words = s.doc.meta.get("term_words", {}) or {}
    for use in uses:
        if use["term"] not in defs:
            yield Finding(
                "term-undefined",
                f"term {use['term']!r} is used (term()) but no template defines it (define())",
                _shown(use["file"]),
                use["line"],
            )
    defined: dict[str, set[str]] = {"ja": set(), "en": set()}
    for lang in ("ja", "en"):
        defined[lang].update(w.get(lang, "") for w in words.values())
        for _art, unit in s.units():
            for word, defining in _quotes(unit.text.get(lang, ""), lang):
                if defining:
                    defined[lang].add(word)
    reported: set[tuple[str, str]] = set()
    for lang in ("ja", "en"):
        for art, unit in s.units():
            for word, defining in _quotes(unit.text.get(lang, ""), lang):
                if not defining and word not in defined[lang] and (word, lang) not in reported:
                    reported.add((word, lang))
                    q = "「」" if lang == "ja" else "\u201c\u201d"
                    yield Finding(
                        "term-undefined",
                        f"{q[0]}{word}{q[1]} is quoted as a term in "
                        f"{_name(art)} but nothing defines it",
                        *s.where.of_unit(art.label, unit, lang, needle=word),
                        art.label,
                    )
    ja_text = _all_text(s, "ja")
    # Longer terms first, masked out, so 外国人等 is not counted inside 指定外国人等.
    ordered = sorted(defs, key=lambda k: -len(words.get(k, {}).get("ja", "")))
    masked = ja_text
    counts: dict[str, int] = {}
    masked_words: set[str] = set()
    for key in ordered:
        w = words.get(key, {}).get("ja", "")
        if not w:
            continue
        if w in masked_words:
            # Another key with the same word came first and masked every occurrence: none
            # is left to count (a long bill defines one word under many keys).
            counts[key] = 0
            continue
        counts[key] = masked.count(w) - masked.count(f"「{w}」")
        masked = masked.replace(w, "\u25a0")
        if "\u25a0" not in w:
            masked_words.add(w)
    used_by_call = {u["term"] for u in uses}
    for key in ordered:
        if key not in used_by_call and counts.get(key, 1) <= 0:
            where = defs[key]
            yield Finding(
                "term-unused",
                f"term {key!r} (「{words.get(key, {}).get('ja', '')}」) is defined but never used",
                _shown(where["file"]),
                where["line"],
            )


def rule_lang_parity(s: Subject) -> Iterator[Finding]:
    idx = refparse.index(s.doc)
    for art, _ in s.articles():
        cap = art.caption or {}
        if bool(cap.get("ja", "").strip()) != bool(cap.get("en", "").strip()):
            yield Finding(
                "lang-parity",
                f"the caption of {_name(art)} is in one language only",
                *s.where.of_unit(art.label),
                art.label,
            )
    for art, unit in s.units():
        ja, en = unit.text.get("ja", "").strip(), unit.text.get("en", "").strip()
        if bool(ja) != bool(en):
            have, lack = ("Japanese", "English") if ja else ("English", "Japanese")
            yield Finding(
                "lang-parity",
                f"{unit.kind} {unit.number.get('ja') or '1'} of "
                f"{_name(art)} ({unit.label}) has {have} text but no {lack}",
                *s.where.of_unit(art.label, unit, "ja" if ja else "en"),
                art.label,
            )
            continue
        refs_ja = set(refparse.article_refs(ja, "ja", idx, unit))
        refs_en = set(refparse.article_refs(en, "en", idx, unit))
        if refs_ja != refs_en:
            only = [(_name(s.doc.find(x)), "Japanese") for x in sorted(refs_ja - refs_en)] + [
                (_name(s.doc.find(x)), "English") for x in sorted(refs_en - refs_ja)
            ]
            detail = "; ".join(f"{n} only in the {lg}" for n, lg in only)
            yield Finding(
                "lang-parity",
                f"the two languages of {unit.label} in {_name(art)} "
                f"cite different articles: {detail}",
                *s.where.of_unit(art.label, unit),
                art.label,
            )


_LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}|[\ue000\ue001]|\['|'\]|\{'|\bUndefined\b")
_LEFTOVER_JA = re.compile(r"\b(None|True|False)\b")


def rule_template_leftover(s: Subject) -> Iterator[Finding]:
    for art, _ in s.articles():
        for unit in art.walk():
            texts = list(unit.text.items()) + list((unit.caption or {}).items())
            for lang, text in texts:
                m = _LEFTOVER.search(text) or (_LEFTOVER_JA.search(text) if lang == "ja" else None)
                if m:
                    snippet = text[max(0, m.start() - 10) : m.end() + 10]
                    needle = (
                        text[m.start() : m.end() + 10].split()[0] if m.group(0).strip() else None
                    )
                    yield Finding(
                        "template-leftover",
                        f"unrendered template text {m.group(0)!r} in {_name(art)}: …{snippet}…",
                        *s.where.of_unit(
                            art.label, unit if unit is not art else None, lang, needle=needle
                        ),
                        art.label,
                    )


# Chapters whose articles carry no captions by Japanese practice: penal provisions.
UNCAPTIONED_CHAPTERS = ("罰則",)


def rule_caption_missing(s: Subject) -> Iterator[Finding]:
    main = [a for a, part in s.articles() if part == "main"]
    if not any(a.caption for a in main):
        return  # a bill without captions (older style) is consistent
    exempt = {
        a.label
        for ch in s.doc.provisions
        if ch.kind == "chapter" and (ch.caption or {}).get("ja") in UNCAPTIONED_CHAPTERS
        for a in ch.children
    }
    for art in main:
        if art.label in exempt:
            continue
        if not art.caption:
            file, line = s.where.of_unit(art.label)
            yield Finding(
                "caption-missing",
                f"{_name(art)} ({art.label}) has no caption (見出し); "
                "add `caption: 日本語 | English` at the top of its template",
                file,
                line,
                art.label,
            )


def rule_outdated_terms(s: Subject) -> Iterator[Finding]:
    for art, _ in s.articles():
        for unit in art.walk():
            texts = list(unit.text.items()) + list((unit.caption or {}).items())
            for lang, text in texts:
                for t in outdated_terms():
                    if t.lang == lang and t.word in text:
                        yield Finding(
                            "outdated-term",
                            f"{t.word!r} in {_name(art)}: use {t.instead!r} ({t.why})",
                            *s.where.of_unit(
                                art.label, unit if unit is not art else None, lang, needle=t.word
                            ),
                            art.label,
                        )
    for lang, title in s.doc.title.items():
        for t in outdated_terms():
            if t.lang == lang and t.word in title:
                yield Finding(
                    "outdated-term",
                    f"{t.word!r} in the title: use {t.instead!r} ({t.why})",
                    s.where.bill_file,
                    None,
                )


def rule_required_elements(s: Subject) -> Iterator[Finding]:
    if s.bill is None:
        return
    required = (s.bill.check or {}).get("required_elements") or []
    tags = {e for p in s.doc.walk() for e in p.elements}
    for i, key in enumerate(required):
        if not any(t == key or t.startswith(key + ".") for t in tags):
            yield Finding(
                "required-elements",
                f"the bill file requires element {key!r}, but no "
                "provision of this bill is tagged with it (check the options that "
                "leave articles out, or the templates' elements:)",
                s.where.bill_file,
                s.bill.doc.line("check", "required_elements", i),
            )


def rule_option_unused(s: Subject) -> Iterator[Finding]:
    if s.bill is None or s.bill.doc is None or not isinstance(s.bill.doc.data, dict):
        return
    given = s.bill.doc.data.get("options") or {}
    unread = options_unread(s.bill, set(given)) if given else None
    for name in given:
        if unread and name in unread:
            yield Finding(
                "option-unused",
                f"option {name!r} is set, but no article or template of this bill reads it, "
                "so it changes nothing (was the article that used it taken out?)",
                s.where.bill_file,
                s.bill.doc.line("options", name),
            )


def _drafting_rule(rule: str, detect) -> Callable[[Subject], Iterator[Finding]]:
    def run(s: Subject) -> Iterator[Finding]:
        for art, unit, lang, needle, message in detect(s.doc):
            file, line = s.where.of_unit(art.label, unit, lang, needle=needle)
            yield Finding(rule, message, file, line, art.label)

    run.__name__ = f"rule_{rule.replace('-', '_')}"
    return run


rule_term_scope = _drafting_rule("term-scope", drafting.term_scope)
rule_catch_all_last = _drafting_rule("catch-all-last", drafting.catch_all_last)
rule_refs_ungrouped = _drafting_rule("refs-ungrouped", drafting.ungrouped)
rule_ref_doujou = _drafting_rule("ref-doujou", drafting.doujou)
rule_preparation_early = _drafting_rule("preparation-early", drafting.preparation_early)

CHECKS: tuple[Callable[[Subject], Iterator[Finding]], ...] = (
    rule_ref_circular,
    rule_numbering,
    rule_terms,
    rule_lang_parity,
    rule_template_leftover,
    rule_caption_missing,
    rule_outdated_terms,
    rule_required_elements,
    rule_option_unused,
    rule_term_scope,
    rule_catch_all_last,
    rule_refs_ungrouped,
    rule_ref_doujou,
    rule_preparation_early,
)


# --- configuration and running ------------------------------------------------------------


def check_config(bill) -> dict[str, str]:
    """Severity of each rule after the bill file's `check:`; a bad entry is an input error."""
    severity = {rule: default for rule, (default, _) in RULES.items()}
    if bill is None:
        return severity
    conf = bill.check or {}
    doc = bill.doc
    for key in conf:
        if key not in ("required_elements", "severity"):
            raise doc.error(
                f"unknown key {key!r} in 'check'; allowed keys: required_elements, severity",
                "check",
                key,
            )
    req = conf.get("required_elements", [])
    if not isinstance(req, list):
        raise doc.error(
            "'required_elements' must be a list of element keys", "check", "required_elements"
        )
    from ...drafts.taxonomy import is_valid_key

    for i, key in enumerate(req):
        if not isinstance(key, str) or not is_valid_key(key):
            raise doc.error(
                f"{key!r} is not an element of the taxonomy (drafts/taxonomy.yaml)",
                "check",
                "required_elements",
                i,
            )
    sev = conf.get("severity", {})
    if not isinstance(sev, dict):
        raise doc.error(
            "'severity' must map rule ids to error, warning or off", "check", "severity"
        )
    for rule, value in sev.items():
        if value is False:  # YAML 1.1 reads a bare `off` as false
            value = "off"
        if rule not in RULES:
            raise doc.error(
                f"unknown rule {rule!r}; rules: {', '.join(RULES)}", "check", "severity", rule
            )
        if value not in SEVERITIES:
            raise doc.error(
                f"severity of {rule!r} must be error, warning or off (got {value!r})",
                "check",
                "severity",
                rule,
            )
        severity[rule] = value
    return severity


def load_subject(spec: str | None) -> tuple[Subject | None, list[Finding], object]:
    """Load and render the bill: the subject of the rules, and the findings made while
    rendering (unresolved references)."""
    from ...drafts.billfile import load_bill
    from ...drafts.rendercache import render as render_bill
    from ..review.versions import is_git_spec, load_version

    if spec and (spec.endswith(".json") or is_git_spec(spec)):
        version = load_version(spec)
        json_file = spec if spec.endswith(".json") else None
        return (
            Subject(version.doc, version.bill, Locator(version.doc, version.bill, json_file)),
            [],
            version.bill,
        )
    bill = load_bill(spec)
    # Unresolved references are collected, not raised, so that one of them does not hide
    # every other finding; the text carries [?label] where each stood.
    unresolved: list[UnresolvedReference] = []
    doc = render_bill(bill, unresolved=unresolved)
    early = [
        Finding("ref-unresolved", exc.message, _shown(exc.file), exc.line) for exc in unresolved
    ]
    _add_term_words(doc, bill)
    return Subject(doc, bill, Locator(doc, bill)), early, bill


def _add_term_words(doc: Document, bill) -> None:
    """The words of every term (terms.yaml), which the render record keeps only as keys."""
    from ...drafts.yamlsource import read_yaml

    data = read_yaml(Path(bill.template_dir) / "terms.yaml", follow=False).data or {}
    doc.meta["term_words"] = {k: v for k, v in data.items() if isinstance(v, dict)}


def run_rules(subject: Subject, severity: dict[str, str]) -> Iterator[Finding]:
    """The findings of every rule not turned off, in the order of CHECKS, as they are made."""
    for check in CHECKS:
        for f in check(subject):
            f.severity = severity.get(f.rule, "error")
            if f.severity != "off":
                yield f
