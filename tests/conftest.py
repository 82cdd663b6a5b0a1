"""Shared fixtures: where the reference corpus and the real clients are.

A test that needs the corpus, LibreOffice or Chromium skips where they are absent,
except under CI=true, where their absence is a failure: CI installs them.
Every test that uses one of those fixtures, directly or through another fixture, is marked
`clients`, as are (by hand) the tests that have pip or pre-commit install clausewise, so that
`pytest -m "not clients"` is the quick loop. In the quick loop the property tests also run a
tenth of their examples (at least 3); `make test` and CI run every example.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"


# The fixtures below that reach outside the repository: the corpus and the two real clients.
CLIENT_FIXTURES = frozenset({"corpus_dir", "soffice", "chromium"})


# The share of each property test's examples the quick loop runs: enough to catch a plain
# mistake while editing; all of them are CI's.
QUICK_SHARE = 10
QUICK_MIN_EXAMPLES = 3


def pytest_collection_modifyitems(config, items):
    quick = "not clients" in (config.getoption("markexpr", "") or "")
    for item in items:
        if CLIENT_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.clients)
        elif quick:
            _fewer_examples(getattr(item, "obj", None))


def _fewer_examples(test) -> None:
    """Cap the examples of a hypothesis test. Its @settings decorator keeps its settings in
    this attribute, which hypothesis reads when the test runs (a settings profile cannot do
    it: explicit max_examples win over a profile). Where the attribute is missing, nothing
    changes: the quick loop is only slower."""
    from hypothesis import settings

    current = getattr(test, "_hypothesis_internal_use_settings", None)
    if isinstance(current, settings):
        fewer = max(QUICK_MIN_EXAMPLES, current.max_examples // QUICK_SHARE)
        if fewer < current.max_examples:
            test._hypothesis_internal_use_settings = settings(current, max_examples=fewer)


def _missing(what: str) -> None:
    if IN_CI:
        pytest.fail(f"{what} is required when CI=true")
    pytest.skip(f"{what} not available")


def find_corpus() -> Path | None:
    env = os.environ.get("CLAUSEWISE_CORPUS")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / "corpus")
    for c in candidates:
        if c.is_dir():
            return c
    return None


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory) -> Path:
    found = find_corpus()
    if found is None:
        _missing("the reference corpus (CLAUSEWISE_CORPUS or ../shared/corpus)")
    if (found / "maps").is_dir():
        # Maps a user imported into this corpus (`corpus import`) would join or hide the
        # shipped ones: the tests see a copy of the official texts only (a copy, not links:
        # the loader refuses a text that resolves outside its corpus folder).
        view = tmp_path_factory.mktemp("corpus") / "corpus"
        shutil.copytree(found, view, ignore=lambda d, names: ["maps"] if d == str(found) else [])
        return view
    return found


@pytest.fixture(scope="session")
def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        _missing("LibreOffice (soffice)")
    return exe


@pytest.fixture(scope="session")
def chromium() -> str:
    names = ("chromium", "chromium-browser", "google-chrome")
    exe = next((found for n in names if (found := shutil.which(n))), None)
    if not exe:
        _missing("Chromium")
    return exe
