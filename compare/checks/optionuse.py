"""Which policy options a bill never reads: set in the bill file, yet named by none of its
clause templates (with the templates they import) and none of its `when:` conditions. The
data of the `option-unused` rule: such an option has no effect on the text, most often
because the article that used it was taken out of the bill.

Templates are only scanned and parsed here, never rendered: no template code runs. A
template is parsed only when an option still unaccounted for appears in it as a word, so a
bill of thousands of templates costs a text search each, not a parse each.
"""

from __future__ import annotations

import re

import jinja2
from jinja2 import meta, nodes

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
            found = _names(env.parse(source, name))
        except jinja2.TemplateSyntaxError:
            return None
        if found is None:
            return None
        unread -= found
    return unread
