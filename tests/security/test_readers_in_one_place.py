"""Untrusted input has one way in: every Jinja2 environment is drafts/sandbox.py's, and YAML
and JSON are read by the bounded readers. This test keeps a new module from quietly
opening another door (as a merge once brought back an unsandboxed loader)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import REPO

# Shipped data files read by the standard loaders: never from a pull request.
ALLOWED = {
    # the shipped taxonomy and report labels, and their JSON copies in the user cache,
    # each checked as the YAML's data would be
    "drafts/datafiles.py": {"yaml.load(", "json.loads("},
    "drafts/jsonsource.py": {"json.loads("},  # the bounded JSON reader itself
    "compare/corpus/fetch.py": {"json.loads("},  # our own manifest and .part record
    "compare/corpus/importers/uk_markdown.py": {"json.loads("},  # one header value
    "compare/corpus/concepts.py": {"yaml.safe_load("},  # the shipped vocabulary
    "compare/corpus/autotag.py": {"yaml.safe_load("},  # the shipped tagger weights
    # clausewise's own cache of parsed laws: every field type-checked, anything odd a miss
    "compare/corpus/cache.py": {"json.loads("},
    # its cache of parsed YAML documents: read strictly, then validated as the YAML would be
    "compare/corpus/yamlcache.py": {"json.loads("},
    # its cache of the reference laws' term counts: bounded, every row checked, a miss if odd
    "compare/featcache.py": {"json.loads("},
    # the comparison's own spool, written by the same run in a private temporary file
    "compare/spool.py": {"json.loads("},
    # its cache of rendered bills: read back through jsoncontract and checked
    "drafts/rendercache.py": {"json.loads("},
}
DOORS = re.compile(
    r"jinja2\.Environment\(|FileSystemLoader|PackageLoader|yaml\.(?:safe_|unsafe_|full_)?load\("
    r"|yaml\.compose\(|json\.loads?\(|Template\(\s*['\"]"
)


def _sources() -> list[Path]:
    skip = {"tests", "bench", ".venv", "build", ".git"}
    return [
        p
        for p in REPO.rglob("*.py")
        if not (set(p.relative_to(REPO).parts) & skip) and "egg-info" not in str(p)
    ]


def test_no_module_opens_another_door():
    found = []
    for path in _sources():
        rel = path.relative_to(REPO).as_posix()
        for m in DOORS.finditer(path.read_text(encoding="utf-8")):
            if m.group(0) not in ALLOWED.get(rel, set()):
                found.append(f"{rel}: {m.group(0)}")
    assert found == [], found
