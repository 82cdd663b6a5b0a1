"""Rendering a bill: bill file + clause templates → numbered Document.

Templates are rendered once each. The helpers `ref`, `term` and the like leave tokens in
the text, because a reference cannot be written before the whole bill is numbered and the
same call must come out in Japanese on the `ja:` line and in English on the `en:` line.
After numbering, every token is replaced in the language of the text it stands in.
"""

from __future__ import annotations

import os
import re
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import numbering
from .amending import amendment
from .billfile import ArticleSpec, BillFile
from .errors import BillError, UnresolvedReference
from .kanji import to_kanji, yen_en, yen_ja
from .markup import parse_article
from .model import Document, Provision, SourceRef
from .refs import Loc, render_range, render_ref, render_refs
from .sandbox import FolderLoader, SecurityError, expression_env, sandboxed
from .yamlsource import read_yaml

TOKEN_RE = re.compile("\ue000(\\d+)\ue001")
# What evaluating a template's expressions can raise (a template may come from a pull
# request: 1/0, a huge float power, a macro calling itself); each is the template's error.
_EVAL_ERRORS = (LookupError, ValueError, TypeError, ArithmeticError, AttributeError, RecursionError)
QUOTES = {"ja": ("「", "」"), "en": ("\u201c", "\u201d")}


@dataclass
class Token:
    kind: str
    args: tuple
    kwargs: dict
    file: str
    line: int | None


@dataclass
class RenderState:
    template_dir: Path
    terms: dict[str, dict[str, str]]
    tokens: list[Token] = field(default_factory=list)
    definitions: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    term_uses: list[tuple[str, str, int | None]] = field(default_factory=list)
    # Each template's line map, parsed, by its raw form (see _template_line).
    debug_info: dict[str, list] = field(default_factory=dict)


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
    """The template file and line of the helper call being evaluated, for messages."""
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.endswith(".j2"):
            tmpl = frame.f_globals.get("__jinja_template__")
            line = None
            if tmpl is not None:
                line = _template_line(state, tmpl, frame.f_lineno)
            return filename, line
        frame = frame.f_back
    return str(state.template_dir), None


def _helpers(state: RenderState) -> dict:
    def token(kind: str, *args, **kwargs) -> str:
        file, line = _call_site(state)
        state.tokens.append(Token(kind, args, kwargs, file, line))
        return f"\ue000{len(state.tokens) - 1}\ue001"

    def term(key: str) -> str:
        if key not in state.terms:
            raise KeyError(
                f"unknown defined term {key!r} (terms.yaml has: {', '.join(sorted(state.terms))})"
            )
        file, line = _call_site(state)
        state.term_uses.append((key, file, line))
        return token("term", key)

    def define(key: str) -> str:
        if key not in state.terms:
            raise KeyError(f"unknown defined term {key!r}")
        file, line = _call_site(state)
        # The ja and en lines each define the term; two templates defining it is an error.
        first = state.definitions.setdefault(key, (file, line))
        if first[0] != file:
            raise KeyError(f"term {key!r} is defined twice (first at {first[0]}:{first[1]})")
        return token("define", key)

    def strict(fn):
        # StrictUndefined fails when printed, not when passed to a function: make it fail here.
        def call(*args):
            for a in args:
                if isinstance(a, jinja2.Undefined):
                    a._fail_with_undefined_error()
            return fn(*args)

        return call

    return {
        "ref": lambda label, **kw: token("ref", label, **kw),
        "refs": lambda *labels, conj="and": token("refs", *labels, conj=conj),
        "ref_range": lambda a, b: token("range", a, b),
        "term": term,
        "define": define,
        "kanji": strict(to_kanji),
        "yen_ja": strict(yen_ja),
        "yen_en": strict(yen_en),
        # 改め文 of another act from structured changes (drafts/amending.py).
        "amendment": amendment,
    }


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates cached between runs: compiling is most of a small build's time.

    Jinja keys the cache by template name and file, and checks a checksum of the source, so
    an edited template is compiled afresh. No cache where the user cache folder is not writable.
    """
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    # Its own folder: code compiled by an unsandboxed environment of an older release must
    # not be loaded into the sandbox.
    folder = Path(base) / "clausewise" / "jinja-sandbox"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None


def make_env(template_dir: Path, state: RenderState) -> jinja2.Environment:
    # Templates may come from a pull request: a sandbox, reading only the template folder.
    env = sandboxed(
        FolderLoader(template_dir),
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is markup for our parser; writers escape
        keep_trailing_newline=True,
        # No trim_blocks: a tag at the end of a `ja:` line must not swallow the line break
        # before `en:`. The blank lines that block tags leave are ignored by the markup.
        trim_blocks=False,
        lstrip_blocks=True,
    )
    env.globals.update(_helpers(state))
    return env


def _template_error(exc: Exception, template_dir: Path, name: str) -> BillError:
    """A Jinja error as a BillError naming the template file and line."""
    shown = str(template_dir / f"{name}.j2")
    if isinstance(exc, jinja2.TemplateSyntaxError):
        file = exc.filename or shown
        return BillError(f"template syntax error: {exc.message}", file, exc.lineno)
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


def _line_finder(source_path: Path):
    try:
        src_lines = source_path.read_text(encoding="utf-8").splitlines()
    except OSError:
        src_lines = []

    def line_of(rendered: str) -> int | None:
        probe = TOKEN_RE.sub("", rendered).strip()[:20]
        for i, s in enumerate(src_lines, 1):
            if probe and probe in s:
                return i
        return None

    return line_of


def _when(env: jinja2.Environment, bill: BillFile, spec, path: str, options: dict) -> bool:
    if not spec.when:
        return True
    # The same expression recurs on many articles: compile each one once per environment.
    # A sandboxed expression over the options only: no helpers, no template loading.
    compiled = env.__dict__.setdefault("_clausewise_when", {})
    when_env = env.__dict__.setdefault("_clausewise_when_env", expression_env())
    try:
        expr = compiled.get(spec.when)
        if expr is None:
            expr = compiled[spec.when] = when_env.compile_expression(
                spec.when, undefined_to_none=False
            )
        return bool(expr(**options, options=options))
    except (jinja2.TemplateError, *_EVAL_ERRORS) as exc:
        raise BillError(
            f"cannot evaluate when: {spec.when!r}: {exc}", bill.display, spec.line
        ) from None


def _render_unit(env, bill: BillFile, spec: ArticleSpec, options: dict) -> Provision:
    try:
        template = env.get_template(f"{spec.template}.j2")
        text = template.render(**options, options=options)
    except (jinja2.TemplateError, *_EVAL_ERRORS) as exc:
        raise _template_error(exc, bill.template_dir, spec.template) from None
    source = bill.template_dir / f"{spec.template}.j2"
    article = parse_article(text, spec.label, str(source), _line_finder(source))
    article.source = SourceRef(bill.display, spec.line)
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
    terms_doc = read_yaml(bill.template_dir / "terms.yaml")
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
                art = _render_unit(env, bill, spec, options)
                chap.children.append(art)
                main_articles.append((art, spec))
        if chap.children:
            chapters.append(chap)
    suppl_articles = [
        (_render_unit(env, bill, s, options), s)
        for s in bill.supplementary
        if _when(env, bill, s, "article", options)
    ]
    reason = None
    if bill.reason is not None and _when(env, bill, bill.reason, "reason", options):
        reason = _render_unit(env, bill, bill.reason, options)

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

    def resolve(text: str, lang: str, here: Loc | None) -> str:
        def sub(m: re.Match) -> str:
            tok = state.tokens[int(m.group(1))]
            try:
                out = _resolve_token(tok, lang, here, locs, terms)
            except UnresolvedReference as exc:
                if unresolved is None:
                    raise
                # Once per template and label: the Japanese and English lines of a
                # paragraph cite the same label.
                if not any((e.file, e.message) == (exc.file, exc.message) for e in unresolved):
                    unresolved.append(exc)
                return f"[?{exc.label}]"
            # English sentences start with a capital, also when they start with a reference.
            start = m.start()
            before = text[:start].rstrip()
            if lang == "en" and (not before or before.endswith((".", ":"))) and out[:1].islower():
                out = out[0].upper() + out[1:]
            return out

        return TOKEN_RE.sub(sub, text)

    def resolve_tree(unit: Provision) -> None:
        here = where.get(id(unit))
        for lang, text in list(unit.text.items()):
            unit.text[lang] = resolve(text, lang, here)
        for child in unit.children:
            resolve_tree(child)

    for art, _ in main_articles + suppl_articles:
        resolve_tree(art)
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
        "options": dict(options),
        "definitions": {k: {"file": f, "line": ln} for k, (f, ln) in state.definitions.items()},
        "term_uses": [{"term": k, "file": f, "line": ln} for k, f, ln in state.term_uses],
        "templates": {
            spec.label: str(bill.template_dir / f"{spec.template}.j2")
            for _, spec in main_articles + suppl_articles
        },
    }
    return doc


def _resolve_token(tok: Token, lang: str, here: Loc | None, locs: dict, terms: dict) -> str:
    def loc_of(label: str, **kw) -> Loc:
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
                f"reference to {label!r}, paragraph {para}: the article has "
                f"{loc.n_paras} paragraph(s)",
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
        return loc

    if tok.kind == "term":
        return terms[tok.args[0]][lang]
    if tok.kind == "define":
        left, right = QUOTES.get(lang, QUOTES["en"])
        return f"{left}{terms[tok.args[0]][lang]}{right}"
    if tok.kind == "ref":
        kw = dict(tok.kwargs)
        relative = kw.pop("relative", True)
        unknown = set(kw) - {"para", "item"}
        if unknown:
            raise BillError(f"ref() does not take {sorted(unknown)}", tok.file, tok.line)
        return render_ref(loc_of(tok.args[0], **kw), here, lang, relative)
    if tok.kind == "refs":
        return render_refs([loc_of(lb) for lb in tok.args], here, lang, tok.kwargs["conj"])
    if tok.kind == "range":
        return render_range(loc_of(tok.args[0]), loc_of(tok.args[1]), lang)
    raise AssertionError(tok.kind)
