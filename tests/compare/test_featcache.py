"""The reference side's term counts kept in the user cache (compare.featcache): read back
equal to what textsim makes, in the same order, and any damaged entry is a miss."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from clausewise.compare import featcache, textsim
from clausewise.drafts import cachefiles

TEXTS = [
    "The Secretary of State may designate a person who is or has been involved in torture.",
    "A person must not deal with funds or economic resources owned by a designated person.",
    "…",
    "Regulation 6 does not apply where the Treasury grants a licence under regulation 20.",
]


def _fresh(text: str) -> list[tuple[str, int]]:
    """What textsim makes of the text, uncached, as ordered pairs."""
    return list(textsim._features.__wrapped__(text).counts.items())


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("CLAUSEWISE_NO_CACHE", raising=False)
    textsim._PRIMED.clear()
    yield
    textsim._PRIMED.clear()


def _entry() -> tuple[str, bytes]:
    files = list(cachefiles.folder().glob("features-*.json"))
    assert len(files) == 1
    return files[0].name, files[0].read_bytes()


def test_read_back_equal_and_in_order():
    featcache.prime(TEXTS)
    name, data = _entry()
    assert name == f"features-{featcache.key(TEXTS)}.json"
    textsim._PRIMED.clear()
    featcache.prime(TEXTS)  # read from the entry this time
    assert all(type(v) is tuple for v in textsim._PRIMED.values())  # not made yet
    for t in TEXTS:
        f = textsim.features(t)
        assert list(f.counts.items()) == _fresh(t)
        assert f.text == t
    assert textsim.features(TEXTS[2]).counts == {}  # no content words
    assert "@licence" in textsim.features(TEXTS[3]).counts  # the thesaurus concept too


def test_key_follows_every_text():
    assert featcache.key(TEXTS) != featcache.key([*TEXTS[:-1], TEXTS[-1] + " "])
    assert featcache.key(TEXTS) != featcache.key(TEXTS[::-1])
    # One digest of all the texts at once: where each ends is part of it.
    assert featcache.key(["ab", "c"]) != featcache.key(["a", "bc"])
    assert featcache.key(["ab", "c"]) == featcache.key(["ab", "c"])


def _tamper(edit) -> None:
    name, data = _entry()
    raw = json.loads(data)
    edit(raw)
    (cachefiles.folder() / name).write_text(json.dumps(raw), encoding="utf-8")
    textsim._PRIMED.clear()


def _row_as_list(raw):
    raw["rows"][0] = raw["rows"][0].split("\t")


def _row_as_object(raw):
    raw["rows"][0] = {"secretari": 1}


def _row_as_number(raw):
    raw["rows"][0] = 3


def _row_null(raw):
    raw["rows"][0] = None


def _missing_row(raw):
    raw["rows"].pop()


def _missing_forms(raw):
    del raw["forms"]


def _short_forms(raw):
    raw["forms"].pop()


def _wrong_format(raw):
    raw["format"] = 99


@pytest.mark.parametrize(
    "edit",
    [
        _row_as_list,
        _row_as_object,
        _row_as_number,
        _row_null,
        _missing_row,
        _missing_forms,
        _short_forms,
        _wrong_format,
    ],
)
def test_a_damaged_entry_is_a_miss(edit):
    featcache.prime(TEXTS, TEXTS)
    _tamper(edit)
    featcache.prime(TEXTS, TEXTS)
    for t in TEXTS:
        assert list(textsim.features(t).counts.items()) == _fresh(t)


def _fresh_words(text: str) -> dict[str, str]:
    """Every term of the text with the surface form textsim finds in the text itself."""
    f = textsim._features.__wrapped__(text)
    return {t: textsim.Features(f.counts, text).surface_form(t) for t in f.counts}


def test_counts_kept_as_repeated_terms():
    """A row is the text's terms in their order, each as often as it is counted."""
    featcache.prime(TEXTS)
    rows = json.loads(_entry()[1])["rows"]
    assert rows[2] == ""  # "…": no content words
    counts = textsim._features.__wrapped__(TEXTS[1]).counts
    assert counts["person"] == 2
    assert rows[1].split("\t") == [t for t, n in counts.items() for _ in range(n)]


def test_surface_forms_read_back_for_the_shown_texts():
    featcache.prime(TEXTS, TEXTS[:2])
    raw = json.loads(_entry()[1])
    assert raw["forms"][0].split("\t")[:3] == ["secretary", "state", "secretary state"]
    assert raw["forms"][2:] == [None, None]  # not shown: no forms kept
    textsim._PRIMED.clear()
    featcache.prime(TEXTS, TEXTS[:2])
    for t in TEXTS:
        f = textsim.features(t)
        assert (f.forms is not None) == (t in TEXTS[:2])
        assert {k: f.surface_form(k) for k in f.counts} == _fresh_words(t)
    words = _fresh_words(TEXTS[1])
    assert words["designat person"] == "designated person" and words["fund"] == "funds"


def _other_word(raw):
    raw["forms"][1] = raw["forms"][1].replace("designated", "designator")


def _injected_word(raw):
    raw["forms"][1] = raw["forms"][1].replace("funds", "<b>funds</b>")


def _shifted_forms(raw):
    raw["forms"][1] = raw["forms"][1].split("\t", 1)[1]


def _forms_not_text(raw):
    raw["forms"][1] = ["person"]


@pytest.mark.parametrize("edit", [_other_word, _injected_word, _shifted_forms, _forms_not_text])
def test_damaged_surface_forms_are_found_from_the_text(edit):
    featcache.prime(TEXTS, TEXTS)
    _tamper(edit)
    featcache.prime(TEXTS, TEXTS)
    f = textsim.features(TEXTS[1])
    assert list(f.counts.items()) == _fresh(TEXTS[1])  # the counts still read
    assert {k: f.surface_form(k) for k in f.counts} == _fresh_words(TEXTS[1])


def test_garbage_entry_is_rewritten():
    featcache.prime(TEXTS)
    name, _ = _entry()
    (cachefiles.folder() / name).write_bytes(b"\x00not json{")
    textsim._PRIMED.clear()
    featcache.prime(TEXTS)
    assert json.loads(_entry()[1])["format"] == featcache.FORMAT
    assert list(textsim.features(TEXTS[0]).counts.items()) == _fresh(TEXTS[0])


def test_no_cache_writes_nothing(monkeypatch):
    monkeypatch.setenv("CLAUSEWISE_NO_CACHE", "1")
    featcache.prime(TEXTS)
    assert not list(cachefiles.folder().glob("features-*.json"))
    assert not textsim._PRIMED


def test_the_comparison_is_the_same_from_the_cache(corpus_dir, monkeypatch):
    """The default bill's alignments against every reference law: made with no cache, with
    the entry being written, and read back from it — the same matches, scores and pinpoints."""
    from clausewise.compare.align import iter_align
    from clausewise.compare.corpus.loading import load_instruments, resolve_against
    from clausewise.drafts.billfile import load_bill
    from clausewise.drafts.render import render_bill

    doc = render_bill(load_bill("jp-magnitsky"))
    insts, _ = load_instruments(resolve_against(None, corpus_dir), corpus_dir)

    def run() -> list:
        textsim._PRIMED.clear()
        return [
            (a.label, [(m.instrument, m.label, m.score, m.pinpoint, m.words) for m in a.matches])
            for a in iter_align(doc, insts)
        ]

    monkeypatch.setenv("CLAUSEWISE_NO_CACHE", "1")
    plain = run()
    monkeypatch.delenv("CLAUSEWISE_NO_CACHE")
    assert run() == plain  # the entry is written
    assert list(cachefiles.folder().glob("features-*.json"))
    assert run() == plain  # and read
    assert sum(len(m) for _, m in plain) > 300


def test_a_term_with_a_tab_is_not_kept():
    """A row's terms are split on tabs: counts with a term holding one are not written."""
    f = textsim.Features(Counter({"sanction": 1, "@odd\tname": 1}), "sanction")
    assert featcache._to_json([f], set()) is None
    assert featcache._to_json([textsim.Features(Counter({"sanction": 2}), "x")], set())
