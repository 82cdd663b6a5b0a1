"""Rendering a bill: bill file + clause templates → numbered Document.

Templates are rendered once each. The helpers `ref`, `term` and the like leave tokens in
the text, because a reference cannot be written before the whole bill is numbered and the
same call must come out in Japanese on the `ja:` line and in English on the `en:` line.
After numbering, every token is replaced in the language of the text it stands in.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

import jinja2

from . import numbering
from .amending import amendment
from .billfile import ArticleSpec, BillFile
from .errors import BillError, UnresolvedReference
from .kanji import to_kanji, yen_en, yen_ja
from .markup import parse_article
from .model import Document, Provision, SourceRef
from .refs import Loc, applied_suffix, render_range, render_ref, render_refs
from .sandbox import (
    FolderLoader,
    SecurityError,
    bytecode_cache,
    compile_expression,
    expression_env,
    sandboxed,
)
from .yamlsource import read_yaml

TOKEN_RE = re.compile("\ue000(\\d+)\ue001")
# What str.splitlines() breaks a line at, but "\n": looked for with `in`, faster than a
# pattern's search, which would cost more to compile (its class goes past U+00FF) than
# every search of a run.
_OTHER_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# What evaluating a template's expressions can raise (a template may come from a pull
# request: 1/0, a huge float power, a macro calling itself); each is the template's error.
_EVAL_ERRORS = (LookupError, ValueError, TypeError, ArithmeticError, AttributeError, RecursionError)
# Where a term defined 「以下この条において」 (or 項, 章) may be used.
SCOPES = {None, "article", "paragraph", "chapter"}
# A 「前各号に掲げるもののほか」 item: always the last item of its list.
CATCH_ALL = re.compile("^前(各)?号に掲げるもののほか、")
QUOTES = {"ja": ("「", "」"), "en": ("\u201c", "\u201d")}


@dataclass(slots=True)  # thousands of them in a long bill
class Token:
    """A marker a template left in its output, resolved once every article is rendered."""

    kind: str
    args: tuple
    kwargs: dict
    file: str
    line: int | None


@dataclass
class RenderState:
    """What rendering the templates of one bill collects on its way."""

    template_dir: Path
    terms: dict[str, dict[str, str]]
    tokens: list[Token] = field(default_factory=list)
    definitions: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    term_uses: list[tuple[str, str, int | None]] = field(default_factory=list)
    # Terms defined for part of the act only (「以下この条において」): key -> scope word.
    scopes: dict[str, str] = field(default_factory=dict)
    # Articles whose templates called early(): they come into force on promulgation.
    early: list[str] = field(default_factory=list)
    current: str = ""
    # Each template's line map, parsed, by its raw form (see _template_line).
    debug_info: dict[str, list] = field(default_factory=dict)
    # The call sites found in the unit being rendered, by (id(code), instruction): see
    # _call_site. Emptied for each unit, so that no compiled template outlives its unit here.
    sites: dict[tuple[int, int], tuple] = field(default_factory=dict)


def _template_line(state: RenderState, tmpl, code_line: int) -> int:
    """tmpl.get_corresponding_lineno(code_line), with the template's line map parsed once.

    Jinja parses the map from a string on every call, and every helper call asks. The parsed
    map is kept by that string, not by template, so that templates are not kept alive.
    """
    raw = getattr(tmpl, "_debug_info", None)
    if not isinstance(raw, str):
        return tmpl.get_corresponding_lineno(code_line)
    info = state.debug_info.get(raw)
    if info is None:
        info = state.debug_info[raw] = tmpl.debug_info[::-1]
    for template_line, line in info:
        if line <= code_line:
            return template_line
    return 1


def _call_site(state: RenderState) -> tuple[str, int | None]:
    """The template file and line of the helper call being evaluated, for messages.

    Kept by code object and instruction for the unit: a frame's f_lineno is decoded from
    the start of its code's line table on every call, and a template's code is long (a
    third of the time of a helper call goes there), while a macro or a loop calls from the
    same place again and again.
    """
    frame = sys._getframe(2)
    while frame is not None:
        code = frame.f_code
        if code.co_filename.endswith(".j2"):
            key = (id(code), frame.f_lasti)
            known = state.sites.get(key)
            if known is not None and known[0] is code:
                return known[1]
            tmpl = frame.f_globals.get("__jinja_template__")
            line = None
            if tmpl is not None:
                line = _template_line(state, tmpl, frame.f_lineno)
            # The code is kept with its entry, so its id cannot be another code's meanwhile.
            state.sites[key] = (code, (code.co_filename, line))
            return code.co_filename, line
        frame = frame.f_back
    return str(state.template_dir), None


def _labels(*labels) -> tuple:
    """Labels as the reference helpers take them, checked while the template line is known:
    resolved later, a wrong one would fail with no template to name."""
    if not labels:
        raise TypeError("refs() needs at least one label")
    for label in labels:
        if not isinstance(label, str):
            raise TypeError(f"a label is a string in quotes, not {label!r}")
    return labels


def _helpers(state: RenderState) -> dict:
    def add(kind: str, args: tuple, kwargs: dict, file: str, line: int | None) -> str:
        state.tokens.append(Token(kind, args, kwargs, file, line))
        return f"\ue000{len(state.tokens) - 1}\ue001"

    def token(kind: str, *args, **kwargs) -> str:
        return add(kind, args, kwargs, *_call_site(state))

    def term(key: str) -> str:
        if key not in state.terms:
            raise KeyError(
                f"unknown defined term {key!r} (terms.yaml has: {', '.join(sorted(state.terms))})"
            )
        file, line = _call_site(state)
        state.term_uses.append((key, file, line))
        return add("term", (key,), {}, file, line)

    def define(key: str, scope: str | None = None) -> str:
        if key not in state.terms:
            raise KeyError(f"unknown defined term {key!r}")
        if scope not in SCOPES:
            raise KeyError(f"define({key!r}, scope={scope!r}): scope is one of {sorted(SCOPES)}")
        if scope:
            state.scopes[key] = scope
        file, line = _call_site(state)
        # The ja and en lines each define the term; two templates defining it is an error.
        first = state.definitions.setdefault(key, (file, line))
        if first[0] != file:
            raise KeyError(f"term {key!r} is defined twice (first at {first[0]}:{first[1]})")
        return add("define", (key,), {"scope": scope}, file, line)

    def term_pl(key: str) -> str:
        """The term as a plural (English "specified human rights violations"; Japanese as is)."""
        term(key)
        state.tokens[-1].kind = "term_pl"
        return f"\ue000{len(state.tokens) - 1}\ue001"

    def early() -> str:
        # The article being rendered must operate before the act comes into force: the
        # commencement article names it in its proviso (commencement_proviso()).
        if state.current not in state.early:
            state.early.append(state.current)
        return ""

    def strict(fn):
        # StrictUndefined fails when printed, not when passed to a function: make it fail here.
        def call(*args):
            for a in args:
                if isinstance(a, jinja2.Undefined):
                    a._fail_with_undefined_error()
            return fn(*args)

        return call

    return {
        "ref": lambda label, **kw: token("ref", *_labels(label), **kw),
        "refs": lambda *labels, conj="and", applied=False: token(
            "refs", *_labels(*labels), conj=conj, applied=applied
        ),
        # refs() that also records that the provision it stands in applies the cited ones
        # mutatis mutandis (準用), so that ref(..., applied=True) can say so.
        "applies": lambda *labels, conj="and": token("applies", *_labels(*labels), conj=conj),
        # commencement_proviso("a:b", ...): also "provision a comes into force on the day
        # provision b prescribes" (a provision that commences later, e.g. on a sunset day).
        "commencement_proviso": lambda *later: token("proviso", *later),
        "early": early,
        "term_pl": term_pl,
        "ref_range": lambda a, b: token("range", *_labels(a, b)),
        "term": term,
        "define": define,
        "kanji": strict(to_kanji),
        "yen_ja": strict(yen_ja),
        "yen_en": strict(yen_en),
        # 改め文 of another act from structured changes (drafts/amending.py).
        "amendment": amendment,
    }


def make_env(template_dir: Path, state: RenderState) -> jinja2.Environment:
    # Templates may come from a pull request: a sandbox, reading only the template folder.
    env = sandboxed(
        FolderLoader(template_dir),
        bytecode_cache=bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is markup for our parser; writers escape
        keep_trailing_newline=True,
        # No trim_blocks: a tag at the end of a `ja:` line must not swallow the line break
        # before `en:`. The blank lines that block tags leave are ignored by the markup.
        trim_blocks=False,
        lstrip_blocks=True,
        # Few templates are used twice (_macros.j2 by every article): a short cache keeps
        # those and lets a long bill's thousands of compiled templates go (30 MB at 5,000).
        cache_size=64,
    )
    helpers = _helpers(state)
    env.globals.update(helpers)
    env.trust(helpers.values())
    env.finalise_globals()
    return env


def _template_error(exc: Exception, template_dir: Path, name: str) -> BillError:
    """A Jinja error as a BillError naming the template file and line."""
    shown = str(template_dir / f"{name}.j2")
    if isinstance(exc, jinja2.TemplateSyntaxError):
        file = exc.filename or shown
        return BillError(f"template syntax error: {exc.message}", file, exc.lineno)
    import traceback  # an error's path only: its import is a few milliseconds of every start

    line = None
    file = shown
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            file, line = frame.filename, frame.lineno
            break
    message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
    if isinstance(exc, SecurityError):
        message = f"refused: {message}"
    elif isinstance(exc, RecursionError):
        message = "the template calls itself without end"
    elif isinstance(exc, jinja2.UndefinedError):
        message = f"undefined variable in template: {message}"
    elif isinstance(exc, jinja2.TemplateNotFound):
        message = f"template not found: {exc.name}"
    return BillError(message, file, line)


def _line_finder(source_path: Path, source: str | None = None):
    """line_of(rendered line): the first line of the template holding its first 20
    characters (tokens left out), or None. `source` is the template's text where the loader
    has just read it, else the file is read."""
    if source is None:
        try:
            source = source_path.read_text(encoding="utf-8")
        except OSError:
            source = ""
    # A probe holds no line break (it is cut from one line of the rendered text), so its
    # first place in the whole text lies in the first line that holds it: the line is the
    # number of line breaks before it, as splitlines() counts them.
    if not any(brk in source for brk in _OTHER_BREAKS):  # "\n" only: count them

        def line_of(rendered: str) -> int | None:
            probe = TOKEN_RE.sub("", rendered).strip()[:20]
            at = source.find(probe) if probe else -1
            return source.count("\n", 0, at) + 1 if at >= 0 else None

        return line_of
    starts = list(accumulate((len(x) for x in source.splitlines(keepends=True)), initial=0))

    def line_of_any(rendered: str) -> int | None:
        probe = TOKEN_RE.sub("", rendered).strip()[:20]
        at = source.find(probe) if probe else -1
        return bisect_right(starts, at) if at >= 0 else None

    return line_of_any


def _when(env: jinja2.Environment, bill: BillFile, spec, path: str, options: dict) -> bool:
    if not spec.when:
        return True
    # The same expression recurs on many articles: compile each one once per environment.
    # A sandboxed expression over the options only: no helpers, no template loading.
    compiled = env.__dict__.setdefault("_clausewise_when", {})
    when_env = env.__dict__.get("_clausewise_when_env")
    if when_env is None:  # made once: an environment costs more than evaluating an expression
        when_env = env.__dict__["_clausewise_when_env"] = expression_env()
    try:
        expr = compiled.get(spec.when)
        if expr is None:
            expr = compiled[spec.when] = compile_expression(when_env, spec.when, env.bytecode_cache)
        return bool(expr(**options, options=options))
    except (jinja2.TemplateError, *_EVAL_ERRORS) as exc:
        raise BillError(
            f"cannot evaluate when: {spec.when!r}: {exc}", bill.display, spec.line
        ) from None


# An English item's ending; searched through re's own cache, so compiled only by a bill
# whose options move a catch-all item (most runs never do).
_EN_END = r"(;(?: and| or)?|\.|:)$"


def _catch_all_last(article: Provision) -> None:
    """Move a 「前各号に掲げるもののほか」 item to the end of its list, whatever order the
    options put the items in: a catch-all reaches only the items before it. Its 前号/前各号
    follows the number of items before it, and the English item endings the new order."""
    for para in article.children:
        items = para.children
        catch = [i for i in items if CATCH_ALL.match(i.text.get("ja", ""))]
        if len(catch) != 1:
            continue
        item, old_last = catch[0], items[-1]
        if item is not old_last:
            items.remove(item)
            items.append(item)
            m1 = re.search(_EN_END, item.text.get("en", ""))
            m2 = re.search(_EN_END, old_last.text.get("en", ""))
            if m1 and m2:
                en = item.text["en"]
                old_last.text["en"] = old_last.text["en"][: m2.start()] + m1.group(1)
                item.text["en"] = en[: m1.start()] + m2.group(1)
        one = len(items) == 2
        item.text["ja"] = CATCH_ALL.sub(
            "前号に掲げるもののほか、" if one else "前各号に掲げるもののほか、", item.text["ja"]
        )
        if "en" in item.text:
            item.text["en"] = re.sub(
                r"\bpreceding items?\b",
                "preceding item" if one else "preceding items",
                item.text["en"],
                count=1,
            )


def _render_unit(
    env, bill: BillFile, spec: ArticleSpec, options: dict, state: RenderState | None = None
) -> Provision:
    if state is not None:
        state.current = spec.label or ""
        state.sites.clear()
    name = f"{spec.template}.j2"
    try:
        template = env.get_template(name)
        text = template.render(**options, options=options)
    except (jinja2.TemplateError, *_EVAL_ERRORS) as exc:
        raise _template_error(exc, bill.template_dir, spec.template) from None
    source = bill.template_dir / name
    recent = getattr(env.loader, "recent_source", None)
    line_of = _line_finder(source, recent(name) if recent else None)
    article = parse_article(text, spec.label, str(source), line_of)
    article.source = SourceRef(bill.display, spec.line)
    _catch_all_last(article)
    return article


def _number_article(article: Provision, n: int, branch: int) -> None:
    article.number = numbering.article(n, branch)
    paras = article.children
    # Units the template left unlabelled get a label from their place in the article, so
    # that every provision in the JSON can be named.
    for pi, para in enumerate(paras, 1):
        para.number = numbering.paragraph(pi, len(paras))
        para.label = para.label or f"{article.label}.{pi}"
        for ii, item in enumerate(para.children, 1):
            item.number = numbering.item(ii)
            item.label = item.label or f"{para.label}.{ii}"
            for si, sub in enumerate(item.children, 1):
                sub.number = numbering.subitem(si)
                sub.label = sub.label or f"{item.label}.{si}"


def _index(
    article: Provision,
    part: str,
    index: int,
    n: int,
    branch: int,
    single: bool,
    locs: dict,
    where: dict,
    owner: dict,
) -> None:
    """Record the location of the article and of everything in it."""
    base = Loc(part, index, n, branch, len(article.children), single_suppl=single)
    units = [(article, base)]
    for pi, para in enumerate(article.children, 1):
        pl = Loc(part, index, n, branch, len(article.children), pi, single_suppl=single)
        units.append((para, pl))
        for ii, item in enumerate(para.children, 1):
            il = Loc(part, index, n, branch, len(article.children), pi, ii, single_suppl=single)
            units.append((item, il))
            for si, sub in enumerate(item.children, 1):
                units.append(
                    (
                        sub,
                        Loc(
                            part,
                            index,
                            n,
                            branch,
                            len(article.children),
                            pi,
                            ii,
                            si,
                            single_suppl=single,
                        ),
                    )
                )
    for unit, loc in units:
        where[id(unit)] = loc
        owner[id(unit)] = article
        if unit.label:
            if unit.label in locs:
                src = unit.source or article.source
                raise BillError(
                    f"duplicate label {unit.label!r}",
                    src.file if src else None,
                    src.line if src else None,
                )
            locs[unit.label] = loc


def render_bill(bill: BillFile, unresolved: list[UnresolvedReference] | None = None) -> Document:
    """The bill rendered and numbered, every reference resolved.

    A reference that cannot be resolved raises UnresolvedReference, unless `unresolved` is
    given: then each one is appended to it (once, though it is resolved in both languages)
    and stands in the text as [?label], so that `clausewise check` can report all of them
    together with every other finding.
    """
    terms_doc = read_yaml(bill.template_dir / "terms.yaml", follow=False)
    terms = terms_doc.data or {}
    if not isinstance(terms, dict):
        raise terms_doc.error("terms.yaml must map term keys to {ja, en}")
    for key, val in terms.items():
        if not isinstance(val, dict) or not val.get("ja") or not val.get("en"):
            raise terms_doc.error(f"term {key!r} needs 'ja' and 'en'", key)
    state = RenderState(bill.template_dir, terms)
    env = make_env(bill.template_dir, state)
    options = bill.options

    chapters: list[Provision] = []
    main_articles: list[tuple[Provision, ArticleSpec]] = []
    for ch in bill.chapters:
        if not _when(env, bill, ch, "chapter", options):
            continue
        chap = Provision(
            kind="chapter",
            label=ch.label,
            caption=dict(ch.title),
            source=SourceRef(bill.display, ch.line),
        )
        for spec in ch.articles:
            if _when(env, bill, spec, "article", options):
                art = _render_unit(env, bill, spec, options, state)
                chap.children.append(art)
                main_articles.append((art, spec))
        if chap.children:
            chapters.append(chap)
    suppl_articles = [
        (_render_unit(env, bill, s, options, state), s)
        for s in bill.supplementary
        if _when(env, bill, s, "article", options)
    ]
    reason = None
    if bill.reason is not None and _when(env, bill, bill.reason, "reason", options):
        reason = _render_unit(env, bill, bill.reason, options, state)

    # Number everything, then index every label's location.
    for ci, chap in enumerate(chapters, 1):
        chap.number = numbering.chapter(ci)
    locs: dict[str, Loc] = {}
    where: dict[int, Loc] = {}
    owner: dict[int, Provision] = {}
    for chap in chapters:
        locs[chap.label] = None  # chapters are labels too, but not citable by ref()
    n = branch = 0
    for index, (art, spec) in enumerate(main_articles):
        if spec.branch:
            if n == 0:
                raise BillError(
                    "the first article cannot be a branch article", bill.display, spec.line
                )
            branch = branch + 1 if branch else 2
        else:
            n, branch = n + 1, 0
        _number_article(art, n, branch)
        _index(art, "main", index, n, branch, False, locs, where, owner)
    single = len(suppl_articles) == 1
    for index, (art, _spec) in enumerate(suppl_articles):
        if single:
            art.number = {"ja": "", "en": ""}
            _number_article(art, 1, 0)
            art.number = {"ja": "", "en": ""}
        else:
            _number_article(art, index + 1, 0)
        _index(art, "suppl", index, index + 1, 0, single, locs, where, owner)

    chapter_of = {}
    for chap in chapters:
        for art in chap.children:
            chapter_of[id(art)] = chap.label
    # Which provisions apply which by 準用: applies() tokens, located where they stand.
    applied_by: list[tuple[Loc, Loc]] = []
    for art, _ in main_articles + suppl_articles:
        for unit in art.walk():
            seen = set()
            for text in unit.text.values():
                for m in TOKEN_RE.finditer(text):
                    tok = state.tokens[int(m.group(1))]
                    if tok.kind == "applies" and m.group(1) not in seen:
                        seen.add(m.group(1))
                        for label in tok.args:
                            if locs.get(label) is not None:
                                applied_by.append((locs[label], where[id(unit)]))
    ctx = _Ctx(locs, terms, applied_by, early=[locs.get(lb) for lb in state.early])
    scoped_defs: dict[str, tuple[Loc, str | None]] = {}
    scoped_uses: list[tuple[str, Loc, str | None, Token]] = []

    def resolve(text: str, lang: str, here: Loc | None, unit_kind: str, chap) -> str:
        if "\ue000" not in text:  # no token in it
            return text
        prev: list[Loc | None] = [None]  # the provision the previous reference named
        last_end = [0]
        stop = "。" if lang == "ja" else ". "

        def sub(m: re.Match) -> str:
            tok = state.tokens[int(m.group(1))]
            if stop in text[last_end[0] : m.start()]:
                prev[0] = None
            last_end[0] = m.end()
            if tok.kind in ("term", "term_pl", "define") and here is not None:
                if tok.kind == "define" and tok.kwargs.get("scope"):
                    scoped_defs[tok.args[0]] = (here, chap)
                else:
                    scoped_uses.append((tok.args[0], here, chap, tok))
            try:
                out, named = _resolve_token(tok, lang, here, ctx, prev[0])
            except UnresolvedReference as exc:
                if unresolved is None:
                    raise
                # Once per template and label: the Japanese and English lines of a
                # paragraph cite the same label.
                if not any((e.file, e.message) == (exc.file, exc.message) for e in unresolved):
                    unresolved.append(exc)
                return f"[?{exc.label}]"
            if named is not None:
                prev[0] = named
            # English sentences start with a capital, also when they start with a reference;
            # items do not (JLT: "(ii) the preceding Article: ...").
            if lang == "en" and out[:1].islower():
                before = text[: m.start()].rstrip()
                at_start = not before and unit_kind not in ("item", "subitem")
                if (at_start or before.endswith((".", ":"))) and before[-2:] != "):":
                    out = out[0].upper() + out[1:]
            return out

        return TOKEN_RE.sub(sub, text)

    def resolve_tree(unit: Provision, chap=None) -> None:
        here = where.get(id(unit))
        chap = chapter_of.get(id(unit), chap)
        for lang, text in list(unit.text.items()):
            unit.text[lang] = resolve(text, lang, here, unit.kind, chap)
        for child in unit.children:
            resolve_tree(child, chap)

    for art, _ in main_articles + suppl_articles:
        resolve_tree(art)
    _check_scopes(state, scoped_defs, scoped_uses)
    provisions: list[Provision] = list(chapters)
    if suppl_articles:
        provisions.append(
            Provision(
                kind="supplementary",
                label="supplementary",
                number={"ja": "附　則", "en": "Supplementary Provisions"},
                children=[a for a, _ in suppl_articles],
            )
        )
    if reason is not None:
        resolve_tree(reason)
        text = {
            lang: "\n".join(p.text.get(lang, "") for p in reason.children) for lang in ("ja", "en")
        }
        provisions.append(
            Provision(
                kind="reason",
                label="reason",
                number={"ja": "理　由", "en": "Reason"},
                text=text,
                elements=list(reason.elements),
                source=reason.source,
            )
        )
    doc = Document(id=bill.id, title=dict(bill.title), provisions=provisions)
    doc.meta = {
        "header": dict(bill.header),
        "house_style": bill.house_style,
        "options": dict(options),
        "definitions": {k: {"file": f, "line": ln} for k, (f, ln) in state.definitions.items()},
        "term_uses": [{"term": k, "file": f, "line": ln} for k, f, ln in state.term_uses],
        "templates": {
            spec.label: str(bill.template_dir / f"{spec.template}.j2")
            for _, spec in main_articles + suppl_articles
        },
    }
    return doc


@dataclass
class _Ctx:
    """What resolving the tokens of the bill's articles needs."""

    locs: dict
    terms: dict
    applied_by: list
    early: list
    # applied_by by the (part, index) of the article applied, in the same order.
    by_article: dict = field(init=False)

    def __post_init__(self) -> None:
        self.by_article = {}
        for target, at in self.applied_by:
            self.by_article.setdefault((target.part, target.index), []).append((target, at))


def _loc_of(tok: Token, label: str, locs: dict, kw: dict) -> Loc:
    loc = locs.get(label)
    if loc is None:
        what = "a chapter, which cannot be cited" if label in locs else "unknown"
        raise UnresolvedReference(
            label, f"reference to label {label!r}: {what}", tok.file, tok.line
        )
    para, item = kw.get("para"), kw.get("item")
    if para is None and item is None:
        return loc
    if loc.item or (loc.para and para is not None):
        raise UnresolvedReference(
            label,
            f"reference to {label!r}: para= needs an article label and item= "
            "an article or paragraph label",
            tok.file,
            tok.line,
        )
    para = loc.para or para or 1
    if not 1 <= para <= loc.n_paras:
        raise UnresolvedReference(
            label,
            f"reference to {label!r}, paragraph {para}: the article has {loc.n_paras} paragraph(s)",
            tok.file,
            tok.line,
        )
    return Loc(
        loc.part,
        loc.index,
        loc.number,
        loc.branch,
        loc.n_paras,
        para,
        item or 0,
        single_suppl=loc.single_suppl,
    )


def _applying(t: Loc, ctx: _Ctx) -> tuple:
    """The provisions that apply t mutatis mutandis (準用), in order."""
    out = []
    for target, at in ctx.by_article.get((t.part, t.index), ()):
        if target.para and target.para != t.para:
            continue
        if target.item and target.item != t.item:
            continue
        if at not in out:
            out.append(at)
    return tuple(out)


_SCOPE_WORDS = {"article": "この条", "paragraph": "この項", "chapter": "この章"}


def _check_scopes(state: RenderState, defs: dict, uses: list) -> None:
    """A term defined 「以下この条において」 (項, 章) is used only there, or the build fails."""
    for key, here, chap, tok in uses:
        scope = state.scopes.get(key)
        if not scope or key not in defs:
            continue
        d_here, d_chap = defs[key]
        same_article = (d_here.part, d_here.index) == (here.part, here.index)
        ok = {
            "article": same_article,
            "paragraph": same_article and d_here.para == here.para,
            "chapter": d_chap == chap and d_here.part == here.part,
        }[scope]
        if not ok:
            term = state.terms[key]["ja"]
            raise BillError(
                f"term {key!r} ({term}) is defined 「以下{_SCOPE_WORDS[scope]}において」 "
                f"but used outside that {scope}",
                tok.file,
                tok.line,
            )


def _resolve_token(
    tok: Token, lang: str, here: Loc | None, ctx: _Ctx, prev: Loc | None = None
) -> tuple[str, Loc | None]:
    """The token's text, and the provision it names (for a following 同条), if any."""
    locs, terms = ctx.locs, ctx.terms
    if tok.kind == "term":
        return terms[tok.args[0]][lang], None
    if tok.kind == "term_pl":
        entry = terms[tok.args[0]]
        return entry.get(f"{lang}_plural", entry[lang]), None
    if tok.kind == "define":
        left, right = QUOTES.get(lang, QUOTES["en"])
        return f"{left}{terms[tok.args[0]][lang]}{right}", None
    if tok.kind == "ref":
        kw = dict(tok.kwargs)
        relative = kw.pop("relative", True)
        applied = kw.pop("applied", False)
        as_in = kw.pop("as_in", None)
        unknown = set(kw) - {"para", "item"}
        if unknown:
            raise BillError(f"ref() does not take {sorted(unknown)}", tok.file, tok.line)
        t = _loc_of(tok, tok.args[0], locs, kw)
        if as_in is not None:
            # Written as it stands in another provision: a 読替え quotes that provision's words.
            here, prev = _loc_of(tok, as_in, locs, {}), None
        out = render_ref(t, here, lang, relative, ditto=prev)
        if applied:
            out += applied_suffix(_applying(t, ctx), 1, here, lang)
        return out, t
    if tok.kind in ("refs", "applies"):
        targets = [_loc_of(tok, lb, locs, {}) for lb in tok.args]
        suffixes = None
        if tok.kwargs.get("applied"):
            suffixes = [_applying(t, ctx) for t in targets]
        out = render_refs(targets, here, lang, tok.kwargs["conj"], suffixes)
        return out, targets[-1]
    if tok.kind == "range":
        a, b = _loc_of(tok, tok.args[0], locs, {}), _loc_of(tok, tok.args[1], locs, {})
        return render_range(a, b, lang, here), b
    if tok.kind == "proviso":
        early = [e for e in ctx.early if e is not None]
        later = []
        for spec in tok.args:
            what, _, day = str(spec).partition(":")
            if not day:
                raise BillError(
                    f"commencement_proviso({spec!r}): write 'provision:day'", tok.file, tok.line
                )
            later.append(
                (
                    render_ref(_loc_of(tok, what, locs, {}), None, lang, False),
                    render_ref(_loc_of(tok, day, locs, {}), None, lang, False),
                )
            )
        parts = []
        if early:
            parts.append((render_refs(early, None, lang, "and"), None))
        parts.extend(later)
        if not parts:
            return "", None
        if lang == "ja":
            if len(parts) == 1:
                what, day = parts[0]
                when = "公布の日" if day is None else f"{day}に規定する日"
                return f"ただし、{what}の規定は、{when}から施行する。", None
            said = "、".join(
                f"{what}の規定は" + ("公布の日" if day is None else f"{day}に規定する日") + "から"
                for what, day in parts
            )
            return f"ただし、{said}施行する。", None
        said = ", and ".join(
            f"the provisions of {what} come into effect as of "
            + ("the day of promulgation" if day is None else f"the day prescribed in {day}")
            for what, day in parts
        )
        return f"; provided, however, that {said}", None
    raise AssertionError(tok.kind)
