"""Which policy options a bill never reads: set in the bill file, yet named by none of its
clause templates (with the templates they import) and none of its `when:` conditions. The
data of the `option-unused` rule: such an option has no effect on the text, most often
because the article that used it was taken out of the bill.

Templates are only scanned and parsed here, never rendered: no template code runs. A
template is parsed only when an option still unaccounted for appears in it as a word, so a
bill of thousands of templates costs a text search each, not a parse each.

What a template reads depends on its source only, and parsing it was most of `check`'s
time on a small bill, so each template's result is kept in the user cache (cachefiles),
keyed by the SHA-256 of its source, of this module and of the Jinja2 version, as Jinja's own
compiled-template cache is keyed. An entry is read as untrusted JSON (drafts/jsonsource)
and checked: anything but a list of identifiers, or null, is a miss and the template is
parsed again.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from pathlib import Path

import jinja2
from jinja2 import meta, nodes

from ...drafts import cachefiles
from ...drafts.errors import InputFileError
from ...drafts.jsonsource import parse_json
from ...drafts.sandbox import FolderLoader, sandboxed

# {% import "x" %}, {% from 'x' import y %}, {% include "x" %}, {% extends "x" %}; group 2 is
# the name when it is a literal string, group 3 the start of anything else (computed).
_REFERENCE = re.compile(
    r"\{%[-+]?\s*(?:import|from|include|extends)\s+(?:(['\"])(.*?)\1|(\S))", re.S
)


def _env(template_dir) -> jinja2.Environment:
    # The same syntax settings as drafts/render.py's environment; nothing is rendered, and
    # the same loader: no template is read through a link or from outside its folder.
    return sandboxed(
        FolderLoader(template_dir),
        keep_trailing_newline=True,
        lstrip_blocks=True,
    )


def _names(ast: nodes.Template) -> set[str] | None:
    """Variables a template reads from its context; `options.x` and `options['x']` count as
    x. None when it reads `options` as a whole (then any option may be read)."""
    names = set(meta.find_undeclared_variables(ast))
    if "options" not in names:
        return names
    names.discard("options")
    bare = sum(1 for n in ast.find_all(nodes.Name) if n.name == "options" and n.ctx == "load")
    keyed = 0
    for n in ast.find_all(nodes.Getattr):
        if isinstance(n.node, nodes.Name) and n.node.name == "options":
            names.add(n.attr)
            keyed += 1
    for n in ast.find_all(nodes.Getitem):
        if isinstance(n.node, nodes.Name) and n.node.name == "options":
            if not isinstance(n.arg, nodes.Const) or not isinstance(n.arg.value, str):
                return None
            names.add(n.arg.value)
            keyed += 1
    return names if keyed == bare else None


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@cache
def _code_version() -> bytes:
    return f"{cachefiles.source_digest([Path(__file__)])} jinja2 {jinja2.__version__}".encode()


def _entry_name(source: str) -> str:
    digest = hashlib.sha256(_code_version() + b"\0" + source.encode("utf-8", "surrogatepass"))
    return f"options-read-{digest.hexdigest()}.json"


def _cached(source: str) -> tuple[bool, set[str] | None]:
    """(hit, names): a cached result of _names for this source, checked."""
    if not cachefiles.enabled():
        return False, None
    raw = cachefiles.read_entry(_entry_name(source))
    if raw is None:
        return False, None
    try:
        data = parse_json(raw.decode("utf-8"), "cache entry")
    except (InputFileError, UnicodeDecodeError):
        return False, None
    if not isinstance(data, dict) or set(data) != {"names"}:
        return False, None
    names = data["names"]
    if names is None:
        return True, None
    if isinstance(names, list) and all(
        isinstance(n, str) and _IDENTIFIER.fullmatch(n) for n in names
    ):
        return True, set(names)
    return False, None


def _template_names(env: jinja2.Environment, source: str, name: str) -> set[str] | None:
    """_names of a template's source, from the cache or parsed (a syntax error propagates
    and is never cached)."""
    hit, names = _cached(source)
    if hit:
        return names
    names = _names(env.parse(source, name))
    if cachefiles.enabled():
        stored = None if names is None else sorted(names)
        cachefiles.write_entry(_entry_name(source), json.dumps({"names": stored}).encode())
    return names


def _mentions(source: str, names: set[str]) -> bool:
    return "options" in source or any(re.search(rf"\b{re.escape(n)}\b", source) for n in names)


def options_unread(bill, given: set[str]) -> set[str] | None:
    """The options of `given` that no template of the bill (nor those they import) and no
    `when:` condition reads; None when that cannot be known (a template that cannot be read
    or parsed, a computed import, `options` used as a whole): then none is reported."""
    env = _env(bill.template_dir)
    specs = [a for ch in bill.chapters for a in ch.articles] + list(bill.supplementary)
    if bill.reason is not None:
        specs.append(bill.reason)
    unread = set(given)
    for when in [ch.when for ch in bill.chapters] + [a.when for a in specs]:
        if not when or not unread:
            continue
        try:
            found = _names(env.parse("{{ (" + when + ") }}"))
        except jinja2.TemplateSyntaxError:
            return None
        if found is None:
            return None
        unread -= found
    pending = [f"{a.template}.j2" for a in specs]
    seen: set[str] = set()
    while pending and unread:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source = env.loader.get_source(env, name)[0]
        except (jinja2.TemplateError, OSError, UnicodeDecodeError):
            return None
        for m in _REFERENCE.finditer(source):
            if m.group(3) is not None:
                return None
            pending.append(m.group(2))
        if not _mentions(source, unread):
            continue
        try:
            found = _template_names(env, source, name)
        except jinja2.TemplateSyntaxError:
            return None
        if found is None:
            return None
        unread -= found
    return unread
