"""Where the corpus is looked for: --corpus, CLAUSEWISE_CORPUS, the development corpus beside
a checkout (../shared/corpus, as the tests find it), the user cache; `corpus list` says which."""

from __future__ import annotations

import json

import pytest
from clausewise.compare.corpus import instruments

from tests.helpers import REPO, run_cli


@pytest.fixture
def places(tmp_path, monkeypatch):
    """A checkout corpus and a user cache of our own, both present, no CLAUSEWISE_CORPUS."""
    checkout = tmp_path / "shared" / "corpus"
    cache = tmp_path / "xdg" / "clausewise" / "corpus"
    checkout.mkdir(parents=True)
    cache.mkdir(parents=True)
    monkeypatch.delenv("CLAUSEWISE_CORPUS", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(instruments, "CHECKOUT_CORPUS", checkout)
    return checkout, cache


def test_run_from_a_checkout_the_corpus_beside_it_is_the_default():
    assert REPO.parent / "shared" / "corpus" == instruments.CHECKOUT_CORPUS


def test_the_checkout_corpus_comes_before_the_user_cache(places):
    checkout, cache = places
    r = run_cli("corpus", "list")
    assert r.exit_code == 0, r.output
    assert r.stderr == f"corpus: {checkout} (beside the checkout)\n"
    checkout.rmdir()
    r = run_cli("corpus", "list")
    assert r.stderr == f"corpus: {cache} (user cache)\n"


def test_the_environment_and_the_option_come_first(places, tmp_path, monkeypatch):
    mine = tmp_path / "mine"
    mine.mkdir()
    monkeypatch.setenv("CLAUSEWISE_CORPUS", str(mine))
    assert run_cli("corpus", "list").stderr == f"corpus: {mine} (CLAUSEWISE_CORPUS)\n"
    other = tmp_path / "other"
    other.mkdir()
    assert run_cli("corpus", "list", "--corpus", other).stderr == f"corpus: {other} (--corpus)\n"


def test_no_corpus_anywhere_lists_the_maps_and_every_place_looked_at(places):
    checkout, cache = places
    checkout.rmdir()
    cache.rmdir()
    r = run_cli("corpus", "list", "--format", "json")
    assert r.exit_code == 0, r.output
    assert r.stderr == (
        "no corpus folder (looked at CLAUSEWISE_CORPUS: not set; "
        f"beside the checkout: {checkout}; user cache: {cache}): maps and summaries only\n"
    )
    assert {row["text"] for row in json.loads(r.stdout)} == {"none"}
