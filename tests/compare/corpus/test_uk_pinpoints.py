"""The UK maps' pinpoints: each names the paragraph of the official text that carries the
rule its tags say (checked on uk/*.txt in the corpus), and the comparator cites it."""

from __future__ import annotations

from pathlib import Path

import pytest
from clausewise.compare import align
from clausewise.compare.corpus.instruments import load_instrument
from clausewise.drafts.billfile import load_bill
from clausewise.drafts.render import render_bill

# (instrument, pinpoint label, a tag it carries, words its official text must contain)
PINS = [
    ("uk-ghr-2020", "reg-9-6", "enforcement.offences.secrecy", "commits an offence"),
    ("uk-gac-2021", "reg-9-6", "enforcement.offences.secrecy", "commits an offence"),
    ("uk-ghr-2020", "reg-16-2", "enforcement.offences.circumvention", "commits an offence"),
    ("uk-ghr-2020", "reg-20-3", "exceptions.licence_grounds", "Schedule 2"),
    ("uk-gac-2021", "reg-21-3", "exceptions.licence_grounds", "Schedule 2"),
    ("uk-ghr-2020", "reg-25-6", "enforcement.offences.reporting", "commits an offence"),
    ("uk-gac-2021", "reg-24-6", "enforcement.offences.reporting", "commits an offence"),
    ("uk-ghr-2020", "reg-32-2", "enforcement.offences.secrecy", "regulation 9(6)"),
    ("uk-gac-2021", "reg-31-2", "enforcement.offences.secrecy", "regulation 9(6)"),
    ("uk-ghr-2020", "reg-32-3", "enforcement.offences.reporting", "regulation 25(6)"),
    ("uk-gac-2021", "reg-31-3", "enforcement.offences.reporting", "regulation 24(6)"),
    ("uk-samla-2018", "s-10-1", "designation.authority.power", "designation power"),
    ("uk-samla-2018", "s-17-5", "enforcement.offences.penalties", "10 years"),
]


@pytest.mark.parametrize(("inst_id", "label", "tag", "words"), PINS)
def test_a_uk_pinpoint_is_the_paragraph_that_carries_its_rule(
    corpus_dir: Path, inst_id: str, label: str, tag: str, words: str
) -> None:
    inst = load_instrument(inst_id, corpus_dir)
    entry = inst.map.entry(label.rsplit("-", 1)[0])
    pin = next(p for p in entry.pinpoints if p.label == label)
    assert tag in pin.elements
    sub = inst.provision(label)
    assert sub is not None and sub.citation == pin.citation
    assert words in " ".join(sub.all_text("en").split())


def test_the_comparator_cites_the_offence_paragraph_of_the_confidentiality_regulation(
    corpus_dir: Path,
) -> None:
    """The draft's secrecy offence is matched to GHR reg. 9 and cited as reg. 9(6), the
    paragraph that makes breach an offence, not as the whole regulation."""
    doc = render_bill(load_bill("jp-magnitsky"))
    insts = [load_instrument(i, corpus_dir) for i in ("uk-ghr-2020", "uk-samla-2018")]
    found = {a.label: a.matches for a in align.align(doc, insts) if a.unit.level == "article"}
    reg9 = next(m for m in found["offence-secrecy"] if m.label == "reg-9")
    assert reg9.pinpoint == "reg. 9(6)"
    # legislation.gov.uk has a page per regulation: a paragraph links to its regulation.
    assert reg9.url == "https://www.legislation.gov.uk/uksi/2020/680/regulation/9"
