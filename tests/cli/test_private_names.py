"""A rule of the code base itself, read from the source with ast: no module imports another
module's private names (the import graph's rules are in test_import_graph.py)."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SKIP = {".venv", "tests", "bench", "build", ".git"}


def _modules() -> dict[str, Path]:
    """Dotted module name (clausewise.…) → file, for every module of the package."""
    out = {}
    for path in sorted(REPO.rglob("*.py")):
        rel = path.relative_to(REPO)
        if SKIP & set(rel.parts):
            continue
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(["clausewise", *parts])] = path
    return out


MODULES = _modules()


def _package(name: str, path: Path) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def _imports(name: str, path: Path) -> list[tuple[str, list[str], int]]:
    """(absolute module, names imported from it, line) for every import of the module."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = _package(name, path).split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            out.append((target, [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            out.extend((a.name, [], node.lineno) for a in node.names)
    return out


def _private(word: str) -> bool:
    return word.startswith("_") and not word.startswith("__")


def test_the_module_list_is_the_package():
    assert "clausewise.drafts.wordkit" in MODULES and "clausewise.cli" in MODULES
    assert len(MODULES) > 60


def test_no_private_name_is_imported_from_another_module():
    """A name with a leading underscore is its module's own business: anything another
    module needs gets a public name (and a home where both can reach it)."""
    found = []
    for name, path in MODULES.items():
        for target, names, line in _imports(name, path):
            if not target.startswith("clausewise"):
                continue
            rel = path.relative_to(REPO)
            found += [f"{rel}:{line}: {n} from {target}" for n in names if _private(n)]
            # A private module (importers/_common.py) is for the package it sits in.
            private_parts = [p for p in target.split(".") if _private(p)]
            if private_parts:
                owner = target[: target.index("." + private_parts[0])]
                if not name.startswith(owner + ".") and name != owner:
                    found.append(f"{rel}:{line}: {target} is private to {owner}")
    assert not found, "\n".join(found)


def test_the_rule_sees_a_private_import(tmp_path):
    """The check above can fail: a private import is found."""
    path = tmp_path / "x.py"
    path.write_text("from .review.textdiff import _engine\n", encoding="utf-8")
    ((target, names, _),) = _imports("clausewise.compare.x", path)
    assert target == "clausewise.compare.review.textdiff" and _private(names[0])
