"""The auto-tagger's cross-references: a provision against circumventing prohibitions carries
the measures proposed for the provisions it cites (autotag.propose_instrument)."""

from __future__ import annotations

from clausewise.compare.corpus.autotag import (
    cited_after_trigger,
    default_lexicon,
    propose_instrument,
    tag_provision,
    tag_provisions,
)
from clausewise.drafts.model import Provision

LABELS = ["reg-3", "reg-4", "reg-5", "reg-6", "reg-9", "art-2"]


def test_a_range_after_circumvent_is_cited() -> None:
    text = "No person may do anything to circumvent the prohibitions in regulations 4 to 6."
    assert cited_after_trigger(text, LABELS) == ["reg-4", "reg-5", "reg-6"]


def test_a_list_and_a_paragraph_citation() -> None:
    assert cited_after_trigger("to evade or avoid regulations 3, 5 and 9", LABELS) == [
        "reg-3",
        "reg-5",
        "reg-9",
    ]
    # "Article 2(1)" cites Article 2, not an Article 1.
    assert cited_after_trigger("circumvention of the measures in Article 2(1)", LABELS) == ["art-2"]


def test_no_trigger_or_too_far_no_citation() -> None:
    assert (
        cited_after_trigger("A person who contravenes regulation 4 commits an offence.", LABELS)
        == []
    )
    far = "to circumvent " + "the said " * 20 + "regulation 4"
    assert cited_after_trigger(far, LABELS) == []
    # a label the instrument does not have is no citation
    assert cited_after_trigger("to circumvent regulation 12", LABELS) == []


def test_circumvention_inherits_the_cited_freeze() -> None:
    lex = default_lexicon()
    freeze = (
        "A person must not deal with funds or economic resources owned, held or controlled by "
        "a designated person."
    )
    circumvent = (
        "A person must not intentionally participate in activities the object or effect of "
        "which is to circumvent the prohibition in regulation 4."
    )
    unrelated = (
        "A person must not intentionally participate in activities to circumvent regulation 9."
    )
    provs = [
        ("reg-4", freeze, "", "Asset-freeze in relation to designated persons", ""),
        ("reg-8", circumvent, "", "Circumventing prohibitions", ""),
        ("reg-9", "These Regulations come into force on 1 May.", "", "Commencement", ""),
        ("reg-10", unrelated, "", "Circumventing", ""),
    ]
    own = {label: lex.propose(en, ja, h, parent=p) for label, en, ja, h, p in provs}
    assert "measures.asset_freeze" in {t.key for t in own["reg-4"]}
    assert "measures.asset_freeze" not in {t.key for t in own["reg-8"]}
    out = propose_instrument(lex, provs)
    inherited = [t for t in out["reg-8"] if t.key == "measures.asset_freeze"]
    assert inherited and inherited[0].evidence == ["cites reg-4: measures.asset_freeze"]
    # only measures are inherited, and only what the cited provision was proposed
    assert not any(t.key.startswith("measures.") for t in out["reg-10"])
    assert out["reg-4"] == own["reg-4"]


def test_the_published_list_is_publication() -> None:
    # Wording of our own in the style of a UN committee's and the UK's list provisions.
    text = (
        "The Minister shall keep a consolidated sanctions register with identifying information "
        "on each person named under this Act and the grounds for the listing."
    )
    keys = {t.key for t in default_lexicon().propose(text, "", "")}
    assert "designation.publication" in keys
    assert "designation.publication.list" in keys


def _freeze_and_circumvention() -> tuple[Provision, Provision]:
    freeze = Provision(
        "regulation",
        "reg-4",
        caption={"en": "Asset-freeze in relation to designated persons"},
        text={
            "en": "A person must not deal with funds or economic resources owned, held or "
            "controlled by a designated person."
        },
    )
    circumvent = Provision(
        "regulation",
        "reg-8",
        caption={"en": "Circumventing prohibitions"},
        text={
            "en": "A person must not intentionally participate in activities the object or "
            "effect of which is to circumvent the prohibition in regulation 4."
        },
    )
    return freeze, circumvent


def test_tag_provisions_of_an_imported_law() -> None:
    freeze, circumvent = _freeze_and_circumvention()
    out = tag_provisions([freeze, circumvent])
    assert out["reg-4"] == tag_provision(freeze)
    assert "measures.asset_freeze" not in {t.key for t in tag_provision(circumvent)}
    assert "measures.asset_freeze" in {t.key for t in out["reg-8"]}


def test_an_imported_map_carries_the_cited_measure() -> None:
    """`corpus import` tags the law as a whole: the circumvention regulation's entry in the
    map it writes has the asset freeze, with the citation as its evidence."""
    from clausewise.compare.corpus.importing import build_map
    from clausewise.drafts.model import Document

    freeze, circumvent = _freeze_and_circumvention()
    doc = Document(
        id="test-regs", title={"en": "Test Sanctions Regulations"}, provisions=[freeze, circumvent]
    )
    data = build_map(
        doc, "test-regs", "xx", "Test Sanctions Regulations", "", "", "t.txt", "text", "t.txt"
    )
    entry = next(e for e in data["provisions"] if e["label"] == "reg-8")
    assert "measures.asset_freeze" in entry["elements"]
    evidence = [ev for t in entry["auto_tags"] for ev in t["evidence"]]
    assert any(ev.startswith("cites reg-4") for ev in evidence)
