"""A command imports what it uses, not what a neighbour needs: run in a fresh interpreter (the
test process has imported everything already), the modules each command left in sys.modules
are read back. A compare whose laws are all in the parse cache needs no importer, no
downloader (urllib, http, ssl) and no package metadata (importlib.metadata, email: the
version is a literal in clausewise/__init__.py, which pyproject.toml reads)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version

import pytest

# Runs the CLI in-process, then prints the names of every module then loaded.
HARNESS = """
import json, sys
from clausewise.cli import main
try:
    main(sys.argv[1:], prog_name="clausewise")
except SystemExit as exc:
    code = exc.code
print("\\n" + json.dumps({"modules": sorted(sys.modules), "code": code}))
"""
DOWNLOADER = {"urllib.request", "http.client", "ssl", "socket", "clausewise.compare.corpus.fetch"}
METADATA = {"importlib.metadata", "email", "email.message"}


def _run(args: list[str], cwd, cache) -> tuple[set[str], int]:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    env.pop("CLAUSEWISE_NO_CACHE", None)
    r = subprocess.run(
        [sys.executable, "-c", HARNESS, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    last = json.loads(r.stdout.strip().splitlines()[-1])
    assert last["code"] in (0, None), r.stderr
    return set(last["modules"]), last["code"]


def _importers(modules: set[str]) -> set[str]:
    prefix = "clausewise.compare.corpus.importers."
    return {m for m in modules if m.startswith(prefix) and not m.endswith("._common")}


def test_compare_from_the_cache_imports_no_importer_downloader_or_metadata(corpus_dir, tmp_path):
    cache = tmp_path / "cache"
    args = ["compare", "--corpus", str(corpus_dir), "-o", str(tmp_path / "r")]
    args += ["--format", "json,html"]  # the HTML page carries the version
    first, _ = _run(args, tmp_path, cache)
    # The first run parses the laws: their importers are imported, and only then.
    assert _importers(first)
    again, _ = _run(args, tmp_path, cache)
    assert json.loads((tmp_path / "r" / "jp-magnitsky.compare.json").read_bytes())["alignments"]
    assert _importers(again) == set()
    assert "pypdf" not in again
    assert DOWNLOADER.isdisjoint(again), DOWNLOADER & again
    assert METADATA.isdisjoint(again), METADATA & again


@pytest.mark.parametrize(
    "args",
    [["--help"], ["build", "-o", "out", "--format", "docx"], ["check", "--format", "json"]],
)
def test_other_commands_import_neither_the_corpus_nor_the_downloader(args, tmp_path):
    modules, _ = _run(args, tmp_path, tmp_path / "cache")
    assert DOWNLOADER.isdisjoint(modules), DOWNLOADER & modules
    assert METADATA.isdisjoint(modules), METADATA & modules
    assert not _importers(modules)
    if args == ["--help"]:
        assert not {m for m in modules if m.startswith(("clausewise.compare", "docx", "jinja2"))}
    if args[0] == "build":
        assert (tmp_path / "out" / "jp-magnitsky.docx").is_file()
        assert not {m for m in modules if m.startswith("clausewise.compare")}


def test_the_version_written_in_the_package_is_the_installed_one(tmp_path):
    import clausewise

    assert clausewise.__version__ == version("clausewise")
    r = subprocess.run(
        [sys.executable, "-m", "clausewise", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0
    assert r.stdout == f"clausewise, version {version('clausewise')}\n"
