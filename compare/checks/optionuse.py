"""Which policy options a bill reads: the names its clause templates (with the templates they
import) and its `when:` conditions mention. The data of the `option-unused` rule: an option
set in the bill file that none of them mentions has no effect on the text, most often
because the article that used it was taken out of the bill.

Templates are only parsed here, never rendered: parsing runs no template code.
"""

from __future__ import annotations

import jinja2
from jinja2 import meta, nodes

from ...drafts.sandbox import FolderLoader, sandboxed


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


def options_read(bill) -> set[str] | None:
    """The option names the bill's templates and `when:` conditions mention, or None when
    that cannot be known (a template that cannot be read or parsed, a computed import, or
    `options` used as a whole): then no option is reported as unused."""
    env = _env(bill.template_dir)
    specs = [a for ch in bill.chapters for a in ch.articles] + list(bill.supplementary)
    if bill.reason is not None:
        specs.append(bill.reason)
    read: set[str] = set()
    for when in [ch.when for ch in bill.chapters] + [a.when for a in specs]:
        if not when:
            continue
        try:
            found = _names(env.parse("{{ (" + when + ") }}"))
        except jinja2.TemplateSyntaxError:
            return None
        if found is None:
            return None
        read |= found
    pending = [f"{a.template}.j2" for a in specs]
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source = env.loader.get_source(env, name)[0]
            ast = env.parse(source, name)
        except (jinja2.TemplateError, OSError, UnicodeDecodeError):
            return None
        found = _names(ast)
        if found is None:
            return None
        read |= found
        for ref in meta.find_referenced_templates(ast):
            if ref is None:
                return None
            pending.append(ref)
    return read
