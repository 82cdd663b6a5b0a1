"""The auto-tagger's vocabulary rules: a defined term names a measure without imposing it;
"crime" in another Act's title is no offence; information shared at home is no international
coordination. Read with the priors alone (an unfitted Lexicon), so the rule is tested, not
the shipped weights.

Every passage here is the project's own drafting in the style of the systems named, not a
quotation of any law.
"""

from __future__ import annotations

from clausewise.compare.corpus.autotag import Example, Lexicon, fit_lexicon, propose_tags
from clausewise.drafts.taxonomy import TOP_KEYS

PRIORS = Lexicon()


def keys(text: str, heading: str = "") -> set[str]:
    return {t.key for t in propose_tags(text, heading=heading, lexicon=PRIORS) if t.key in TOP_KEYS}


def evidence(text: str, key: str) -> list[str]:
    for t in propose_tags(text, lexicon=PRIORS, threshold=-100.0):
        if t.key == key:
            return t.evidence
    return []


def test_a_defined_term_and_its_definition_impose_no_measure() -> None:
    definitions = (
        "In these Regulations—\n"
        "‘freezing of funds’ means preventing any dealing with funds or economic resources;\n"
        '"frozen account" means an account held by a listed person.'
    )
    assert "measures.asset_freeze" not in keys(definitions)
    assert evidence(definitions, "measures.asset_freeze") == []


def test_the_operative_line_after_a_definition_still_counts() -> None:
    text = (
        "A person must not deal with funds or economic resources owned by a listed person.\n"
        "In this article “deal with” means use, alter or move."
    )
    assert "measures.asset_freeze" in keys(text)
    assert evidence(text, "measures.asset_freeze") == ["en:deal with funds or economic resources"]


def test_definition_spans_reach_the_end_of_their_line_only() -> None:
    # The quoted term opens the span; the next line (an obligation) is outside it.
    text = "“Funds” includes cash.\nThe bank must freeze the account without delay."
    assert "en:freeze" in evidence(text, "measures.asset_freeze")


def test_crime_in_the_title_of_another_act_is_no_offence() -> None:
    text = (
        "Part 4 of the Organised Crime and Police Act 2031 (investigatory powers) applies "
        "to the prohibitions in these Regulations."
    )
    assert not any("crime" in e for e in evidence(text, "enforcement.offences"))
    assert evidence(text, "enforcement.powers") == ["en:investigatory powers"]
    # The word still counts where it is the law's own: a crime under this Act.
    assert "en:crime" in evidence("A breach of section 3 is a crime.", "enforcement.offences")


def test_information_shared_between_home_departments_is_no_coordination() -> None:
    text = (
        "The Minister and the Revenue Agency may share information with each other for the "
        "administration and enforcement of this Act."
    )
    found = keys(text, heading="Sharing of information")
    assert "coordination" not in found
    assert "enforcement.powers" in found


def test_authorities_informing_each_other_is_administration() -> None:
    text = (
        "The Commission and the member states shall inform each other of the measures taken "
        "under this Regulation."
    )
    assert "en:inform each other" in evidence(text, "administration") or (
        "en:shall inform each other" in evidence(text, "administration")
    )
    assert "coordination" not in keys(text)


def test_information_given_to_foreign_authorities_is_coordination() -> None:
    text = (
        "The Treasury may disclose any information obtained under this Part to an "
        "international organisation or to the government of a foreign state."
    )
    found = keys(text, heading="Disclosure of information")
    assert {"coordination", "enforcement.powers"} <= found


def test_a_cited_caption_is_its_own_feature() -> None:
    text = (
        "The prohibition in regulation 11 (asset-freeze in relation to designated persons) is "
        "not contravened by a bank crediting a frozen account with interest."
    )
    ev = evidence(text, "measures.asset_freeze")
    assert "en:asset freeze [cited]" in ev
    # Outside a citation's brackets the same words are the provision's own.
    own = evidence("An asset freeze applies to every designated person.", "measures.asset_freeze")
    assert own == ["en:asset freeze"]


def test_a_cited_caption_weighs_what_counting_gives_it() -> None:
    # Where the freeze is cited by its caption the provisions except it; where it is
    # worded it is imposed. Fitted on such examples, a caption alone proposes no freeze
    # while the same words outside brackets do.
    cited = (
        "The prohibition in regulation {n} (asset-freeze in relation to designated persons) "
        "does not apply to a licensed payment."
    )
    own = "A person must not deal with the funds of a designated person: an asset freeze."
    train = [
        Example("", cited.format(n=n), "", frozenset({"exceptions"})) for n in range(11, 17)
    ] + [Example("", own, "", frozenset({"measures.asset_freeze"})) for _ in range(6)]
    lex = fit_lexicon(train)
    assert "measures.asset_freeze" not in {t.key for t in lex.propose(cited.format(n=20))}
    assert "measures.asset_freeze" in {t.key for t in lex.propose("An asset freeze applies.")}


def test_the_eu_derogation_and_no_liability_clauses_impose_no_measure() -> None:
    derogation = (
        "By way of derogation from Article 3, the competent authorities may authorise the "
        "release of certain frozen funds or economic resources, or the making available of "
        "certain funds or economic resources, for humanitarian purposes."
    )
    assert evidence(derogation, "measures.making_available") == []
    liability = (
        "The freezing of funds and economic resources or the refusal to make funds or economic "
        "resources available, carried out in good faith, shall not give rise to liability."
    )
    assert evidence(liability, "measures.making_available") == []
    assert not any("freez" in e for e in evidence(liability, "measures.asset_freeze"))


def test_naming_a_minister_or_a_power_to_amend_is_no_designation_or_amendment() -> None:
    text = (
        "The Governor in Council may, by order, designate one or more Ministers to "
        "discharge any responsibilities under this Act."
    )
    assert not any("designate" in e for e in evidence(text, "designation.authority")), evidence(
        text, "designation.authority"
    )
    power = "The Minister may by regulations amend the Schedule so as to add further measures."
    assert not any("amend" in e for e in evidence(power, "final"))
    assert "en:amends the" in evidence("Section 9 amends the Customs Act.", "final")


def test_a_notice_to_the_commission_is_no_publicity() -> None:
    text = "Member States shall notify the Commission of their competent authorities without delay."
    assert not any("notif" in e for e in evidence(text, "designation.publication"))


def test_a_power_that_authorises_a_minister_to_designate_is_the_listing_power() -> None:
    text = (
        "“Listed persons” means persons listed under any power in the regulations that "
        "authorises the Secretary of State to designate persons for their purposes."
    )
    assert "en:authorises ... to designate" in evidence(text, "designation.authority")


def test_conduct_abroad_that_contravenes_is_an_extraterritorial_offence() -> None:
    text = (
        "A national of the Republic may contravene any such prohibition by conduct wholly "
        "or partly outside the Republic."
    )
    assert "en:contravene ... by conduct" in evidence(text, "enforcement.offences")
    tags = propose_tags(text, lexicon=PRIORS, threshold=-100.0)
    assert "enforcement.offences.extraterritorial" in {t.key for t in tags}


def test_reviewing_a_listing_decision_on_observations_is_review() -> None:
    text = (
        "Where the person submits observations, the Board shall review its decision and "
        "inform the person of the outcome."
    )
    assert "en:review its decision" in evidence(text, "review.delisting")


def test_dealing_in_property_wherever_situated_is_the_canadian_freeze() -> None:
    # The SEMA-style order restricts "the dealing, directly or indirectly, by any person in
    # the country ... in any property, wherever situated, of the listed person": the verb and
    # its object are too far apart for one phrase; the object's formula is the signal.
    text = (
        "The Governor in Council may make orders restricting the dealing, directly or "
        "indirectly, by any person in the Dominion in any property, wherever situated, of a "
        "listed person."
    )
    assert "en:property, wherever situated" in evidence(text, "measures.asset_freeze")
