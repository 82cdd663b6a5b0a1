"""The wings' import rules, read from the source with ast (imports inside functions count):
no cycle; drafts/ imports nothing of compare/ or the CLI; the review and checks wings import
nothing of the corpus or the comparator. Direction: cli → compare → drafts."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

from tests.helpers import REPO

NOT_PACKAGE = {"tests", "bench", "build", ".venv"}
COMPARATOR_WINGS = ("clausewise.compare.review", "clausewise.compare.checks")

# No cycle is tolerated; the set stays so that a temporary exception is named, not hidden.
TOLERATED_CYCLES: set[frozenset[str]] = set()


def _modules() -> dict[str, Path]:
    out = {}
    for f in REPO.rglob("*.py"):
        rel = f.relative_to(REPO)
        if rel.parts[0] in NOT_PACKAGE or any(
            p.startswith(".") or p.endswith(".egg-info") for p in rel.parts
        ):
            continue
        parts = ("clausewise", *rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = f
    return out


@cache
def graph() -> dict[str, set[str]]:
    """Module → the clausewise modules it imports (a package when the name is not a module)."""
    mods = _modules()
    out: dict[str, set[str]] = {}
    for mod, f in mods.items():
        package = mod.split(".") if f.name == "__init__.py" else mod.split(".")[:-1]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"), str(f))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package[: len(package) - (node.level - 1)]
                    prefix = ".".join(base + ([node.module] if node.module else []))
                else:
                    prefix = node.module or ""
                if prefix.split(".")[0] != "clausewise":
                    continue
                for alias in node.names:
                    name = f"{prefix}.{alias.name}"
                    deps.add(name if name in mods else prefix)
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name.split(".")[0] == "clausewise")
        out[mod] = {d for d in deps if d in mods and d != mod}
    return out


def _cycles(g: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(g[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(frozenset(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return found


def _edges(frm: tuple[str, ...], to: tuple[str, ...]) -> list[tuple[str, str]]:
    return sorted(
        (m, d) for m, deps in graph().items() if m.startswith(frm) for d in deps if d.startswith(to)
    )


def test_the_graph_is_read():
    g = graph()
    assert "clausewise.compare.checks.rules" in g["clausewise.compare.checks.report"]
    assert "clausewise.drafts.errors" in g["clausewise.cli"]  # a top-level relative import
    assert "clausewise.compare.corpus.view" in g["clausewise.cli"]  # one inside a function


def test_no_import_cycle():
    assert set(_cycles(graph())) <= TOLERATED_CYCLES


def test_a_cycle_would_be_found():
    g = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(g) == [frozenset({"a", "b", "c"})]


def test_drafts_import_nothing_of_compare_or_the_cli():
    assert _edges(("clausewise.drafts",), ("clausewise.compare", "clausewise.cli")) == []


def _comparator() -> tuple[str, ...]:
    """The comparator: the modules at compare/ level (align, textsim, report, reports, ...)."""
    return tuple(
        m
        for m in graph()
        if m.startswith("clausewise.compare.")
        and not m.startswith((*COMPARATOR_WINGS, "clausewise.compare.corpus"))
    )


def test_review_and_checks_import_nothing_of_the_corpus_or_the_comparator():
    assert "clausewise.compare.align" in _comparator()
    forbidden = ("clausewise.compare.corpus", *_comparator(), "clausewise.cli")
    assert _edges(COMPARATOR_WINGS, forbidden) == []


def test_the_corpus_imports_nothing_above_it():
    # The corpus lies under the comparator: it may use drafts/, never what is built on it.
    upper = (*COMPARATOR_WINGS, *_comparator(), "clausewise.cli")
    assert _edges(("clausewise.compare.corpus",), upper) == []
