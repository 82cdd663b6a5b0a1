"""The wording view's parts on passages of real drafting style: sentences, their alignment,
shared legal concepts, and a word diff only where one sentence reads as an edit of another."""

from __future__ import annotations

from clausewise.compare.review.textdiff import new_text, old_text
from clausewise.compare.wording import (
    PAIR_MIN,
    align_sentences,
    close_enough,
    concept_spans,
    sentences,
)

DRAFT = (
    "A designated foreign person must obtain a licence from the Minister of Finance when "
    "intending to carry out any of the following acts:\n"
    "(i) making a gift, sale, exchange or loan of regulated property;\n"
    "(ii) transferring regulated property from Japan to a foreign state."
)
UK = (
    "A person (“P”) must not deal with funds or economic resources owned, held or "
    "controlled by a designated person if P knows that P is dealing with such funds.\n"
    "The prohibition does not apply where the Treasury has issued a licence.\n"
    "A person who contravenes the prohibition commits an offence."
)


def test_sentences_cut_at_line_ends_and_full_stops():
    assert sentences("First rule. Second rule; (a) third.\nFourth", "en") == [
        "First rule.",
        "Second rule;",
        "(a) third.",
        "Fourth",
    ]
    assert sentences(
        "指定外国人等は、許可を受けなければならない。何人も、してはならない。\n２　前項", "ja"
    ) == [
        "指定外国人等は、許可を受けなければならない。",
        "何人も、してはならない。",
        "２　前項",
    ]


def test_alignment_keeps_order_and_every_sentence():
    d, r = sentences(DRAFT, "en"), sentences(UK, "en")
    rows = align_sentences(d, r, "en")
    assert [x.draft for x in rows if x.draft] == d
    assert [x.reference for x in rows if x.reference] == r
    # Sentences with something in common share a row; the rest stand alone.
    paired = [x for x in rows if x.draft and x.reference]
    assert paired and all(x.score >= PAIR_MIN for x in paired)
    assert any(not x.reference for x in rows) and any(not x.draft for x in rows)
    # Reordering the law moves the pairs with it: the licence sentences now meet.
    flipped = align_sentences(d, [r[1], r[0], r[2]], "en")
    assert any("licence" in x.draft and "licence" in x.reference for x in flipped)


def test_concepts_found_with_their_spans():
    spans = concept_spans(UK)
    names = {c for _, _, c in spans}
    assert "licence" in names
    for start, end, _ in spans:
        assert UK[start:end].strip() == UK[start:end] and UK[start:end]
    assert any(UK[s:e].lower() == "licence" for s, e, _ in spans)


def test_diff_only_where_one_reads_as_an_edit_of_the_other():
    near = "A person who contravenes the prohibition commits an offence."
    edit = "A person who contravenes the prohibition in paragraph 1 commits an offence."
    assert close_enough(near, edit, "en")
    assert not close_enough(sentences(DRAFT, "en")[0], near, "en")
    assert not close_enough("", near, "en")
    assert close_enough(
        "何人も、前項の規定に違反してはならない。",
        "何人も、前二項の規定に違反してはならない。",
        "ja",
    )


def test_wording_of_a_real_pair_round_trips(tmp_path, corpus_dir):
    # On the real corpus: every diffed row's operations rebuild both sentences exactly.
    import json

    from tests.helpers import run_cli

    out = tmp_path / "r.json"
    r = run_cli("compare", "--against", "uk", "--format", "json", "-o", out, "--corpus", corpus_dir)
    assert r.exit_code == 0, r.output
    report = json.loads(out.read_text(encoding="utf-8"))
    rows = [
        row
        for a in report["alignments"]
        for m in a["matches"]
        if m.get("wording", {}).get("source") == "text"
        for row in m["wording"]["rows"]
    ]
    assert rows
    diffed = [row for row in rows if "ops" in row]
    for row in diffed:
        ops = [tuple(op) for op in row["ops"]]
        assert old_text(ops) == row["draft"] and new_text(ops) == row["reference"]
        assert close_enough(row["draft"], row["reference"], "en")
    # Most pairs of two countries' laws are not edits of each other: shown, not diffed.
    assert len(diffed) < len([row for row in rows if row["draft"] and row["reference"]])
