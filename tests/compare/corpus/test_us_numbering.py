"""Other legislatures' numbering, at its most irregular: US Code sections numbered
(a)(1) on one line, nested six deep down to the doubled-letter items (aa), (i) as a
letter after (h) and as a roman numeral under (h), (ii) as a doubled letter after (hh);
New Zealand sections; and the UK's inserted (aa), which stays a letter."""

from __future__ import annotations

from pathlib import Path

from clausewise.compare.corpus.importers import import_file, split_continuation

from tests.helpers import run_cli

DATA = Path(__file__).resolve().parents[2] / "data"


def _cites(path: Path) -> dict[str, str]:
    doc = import_file(path)
    labels = [p.label for p in doc.walk()]
    assert len(labels) == len(set(labels)), "duplicate labels"
    assert "relabelled" not in doc.meta, "a provision was placed at the wrong level"
    return {p.label: p.citation for p in doc.walk()}


def test_numbers_run_together_on_one_line_are_each_a_level() -> None:
    doc = import_file(DATA / "us-deep-statute.txt")
    cite = _cites(DATA / "us-deep-statute.txt")
    assert cite["s-101-a"] == "s. 101(a)"
    assert cite["s-101-a-1"] == "s. 101(a)(1)"
    assert doc.find("s-101-a-1").text["en"].startswith("IN GENERAL.—The Secretary")
    assert cite["s-101-a-1-a-iii"] == "s. 101(a)(1)(A)(iii)"
    assert cite["s-101-a-2"] == "s. 101(a)(2)"  # not under (B)
    assert cite["s-101-b-1-a"] == "s. 101(b)(1)(A)"
    assert doc.find("s-101-b-1-a").text["en"].startswith("NOTICE")
    assert cite["s-101-b-1-b"] == "s. 101(b)(1)(B)"
    # A reference at the start of the words is not a level: "(2) Paragraph (1) or (2) ..."
    assert doc.find("s-101-b-2").text["en"].startswith("Paragraph (1) or (2)")
    assert [c.label for c in doc.find("s-101").children] == ["s-101-a", "s-101-b"]


def test_i_after_h_is_a_letter_and_under_h_a_numeral() -> None:
    doc = import_file(DATA / "us-deep-statute.txt")
    cite = _cites(DATA / "us-deep-statute.txt")
    top = [c.label.removeprefix("s-102-") for c in doc.find("s-102").children]
    assert top == [chr(c) for c in range(ord("a"), ord("x") + 1)]
    assert cite["s-102-h-i"] == "s. 102(h)(i)" and cite["s-102-h-ii"] == "s. 102(h)(ii)"
    assert doc.find("s-102-i").text["en"].startswith('The term "immediate family member"')
    assert doc.find("s-102-v").text["en"].startswith('The term "vessel"')
    assert doc.find("s-102-x").text["en"].startswith('The term "X-list"')


def test_six_levels_down_to_doubled_letter_items() -> None:
    doc = import_file(DATA / "us-deep-statute.txt")
    cite = _cites(DATA / "us-deep-statute.txt")
    assert cite["s-103-a-1-a-ii-i"] == "s. 103(a)(1)(A)(ii)(I)"
    assert cite["s-103-a-1-a-ii-i-aa"] == "s. 103(a)(1)(A)(ii)(I)(aa)"
    items = [c.label.rpartition("-")[2] for c in doc.find("s-103-a-1-a-ii-i").children]
    # (ii) after (hh) is the ninth item, not the roman two.
    assert items == ["aa", "bb", "cc", "dd", "ee", "ff", "gg", "hh", "ii"]
    assert cite["s-103-a-1-a-ii-ii"] == "s. 103(a)(1)(A)(ii)(II)"
    # After the items, (iii) is the next clause and (B), (2), (b) climb back up.
    assert cite["s-103-a-1-a-iii"] == "s. 103(a)(1)(A)(iii)"
    assert cite["s-103-a-1-b"] == "s. 103(a)(1)(B)"
    assert cite["s-103-a-2"] == "s. 103(a)(2)"
    assert cite["s-103-b"] == "s. 103(b)"


def test_new_zealand_sections_subparts_and_inserted_subsections(tmp_path: Path) -> None:
    f = tmp_path / "nz.txt"
    f.write_text(
        "Kowhai Strait Sanctions (Invented) Act 2031\n\n"
        "Public Act 2031 No 9\n\n"
        "Part 2\nSanctions\n\n"
        "Subpart 1—Designation\n\n"
        "10 Designation of persons\n"
        "(1) The Minister may designate a person if the Minister is satisfied that—\n"
        "(a) the person is involved in a gross human rights abuse; or\n"
        "(b) the person is associated with such a person, including by—\n"
        "(i) acting on that person's behalf; or\n"
        "(ii) owning or controlling that person.\n"
        "(1A) A designation must be published.\n"
        "(2) Before designating a person, the Minister must consult.\n\n"
        "10A Urgent designation\n"
        "The Minister may designate a person without consultation if the case is urgent.\n",
        encoding="utf-8",
    )
    doc = import_file(f)
    cite = _cites(f)
    assert [a.label for a in doc.articles()] == ["s-10", "s-10a"]
    assert doc.find("s-10").caption == {"en": "Designation of persons"}
    assert doc.find("s-10a").caption == {"en": "Urgent designation"}
    assert cite["s-10-1-b-ii"] == "s. 10(1)(b)(ii)"
    assert cite["s-10-1a"] == "s. 10(1A)"
    assert [c.label for c in doc.find("s-10").children] == ["s-10-1", "s-10-1a", "s-10-2"]
    subpart = doc.find("part-2-subpart-1")
    assert subpart is not None and doc.find("s-10") in subpart.children


def test_inserted_aa_after_a_stays_a_letter(tmp_path: Path) -> None:
    f = tmp_path / "inserted.txt"
    f.write_text(
        "An Amended Law\n\nSection 4. Offences\n"
        "(1) A person commits an offence who—\n"
        "(a) deals with frozen funds;\n"
        "(aa) makes funds available; or\n"
        "(b) circumvents a prohibition.\n",
        encoding="utf-8",
    )
    doc = import_file(f)
    assert [c.label for c in doc.find("s-4-1").children] == ["s-4-1-a", "s-4-1-aa", "s-4-1-b"]
    assert doc.find("s-4-1-aa").citation == "s. 4(1)(aa)"


def test_corpus_show_prints_a_level_that_has_only_a_number(tmp_path: Path) -> None:
    """`corpus show` of the imported text shows (a) and (b)(1) where they stand, so that the
    paragraphs below them are not read as belonging to the provision above."""
    r = run_cli(
        "corpus", "import", DATA / "us-deep-statute.txt", "--id", "xc-crhraa",
        "--jurisdiction", "xc", "--title", "Coral Reach Act", "--corpus", tmp_path,
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    shown = run_cli("corpus", "show", "xc-crhraa", "s. 101", "--corpus", tmp_path)
    assert shown.exit_code == 0, shown.output
    lines = [line.strip() for line in shown.stdout.splitlines() if line.strip().startswith("|")]
    assert lines[:2] == ["| (a)", "| (1) IN GENERAL.—The Secretary may impose sanctions on a "
                         "foreign person who—"]  # fmt: skip
    at = lines.index("| (b)")
    assert lines[at + 1] == "| (1)" and lines[at + 2].startswith("| (A) NOTICE.—")


def test_us_code_headings_on_their_own_line_keep_the_words_with_their_provision() -> None:
    """The Law Revision Counsel prints "(a) In general", a blank line, then the words of
    (a): they are (a)'s text, not a continuation of the section, and "In general" is
    (a)'s heading."""
    doc = import_file(DATA / "us-code-headed.txt")
    cite = _cites(DATA / "us-code-headed.txt")
    a = doc.find("s-102-a")
    assert cite["s-102-a"] == "§ 102(a)" and a.caption == {"en": "In general"}
    assert a.text["en"].startswith("The President may impose the sanctions")
    assert doc.find("s-102").text.get("en", "") == ""  # nothing of (a) leaked upwards
    assert doc.find("s-101").text["en"] == "In this chapter:"
    assert doc.find("s-101-1").caption == {"en": "Foreign person"}
    assert doc.find("s-101-1").text["en"].startswith('The term "foreign person" means')
    b1 = doc.find("s-102-b-1")
    assert b1.caption == {"en": "Inadmissibility to the Republic"}
    assert b1.text["en"] == "In the case of a foreign person who is an individual-"
    assert cite["s-102-b-2-b"] == "§ 102(b)(2)(B)"
    assert doc.find("s-102-b-2-b").text["en"].startswith("The authority to block property")
    # A list item's words stay its text: they end in punctuation.
    assert doc.find("s-102-a-1-a").caption is None


def test_australian_and_new_zealand_definitions_are_provisions(tmp_path: Path) -> None:
    """Definitions one a line under "In this Act:" (Australia) or "...,—" (New Zealand),
    with or without a full stop, a list under one of them, and the next definition after
    that list: each its own provision, cited "s. 2, definition of “asset”"."""
    au = tmp_path / "au.txt"
    au.write_text(
        "A Law\n\n2  Definitions\nIn this Act:\nasset means:\n(a) money; or\n(b) property.\n"
        "Minister means the Minister for Foreign Affairs\n\n"
        "3  Designation\n(1) The Minister may designate a person.\n",
        encoding="utf-8",
    )
    doc = import_file(au)
    _cites(au)
    defs = [c.label for c in doc.find("s-2").children]
    assert defs == ["s-2-def-asset", "s-2-def-minister"]
    assert doc.find("s-2-def-asset").citation == "s. 2, definition of “asset”"
    assert [c.text["en"] for c in doc.find("s-2-def-asset").children] == ["money; or", "property."]
    assert doc.find("s-2-def-minister").text["en"].startswith("Minister means the Minister")
    assert doc.find("s-3").caption == {"en": "Designation"}  # not taken for a definition's tail
    nz = tmp_path / "nz.txt"
    nz.write_text(
        "A Law\n\n5 Interpretation\n(1) In this Act, unless the context otherwise requires,—\n"
        "asset means an asset of any kind\n"
        "designated person means a person designated under section 10\n"
        "(2) In subsection (1), asset includes a vessel.\n",
        encoding="utf-8",
    )
    doc = import_file(nz)
    _cites(nz)
    assert [c.label for c in doc.find("s-5-1").children] == [
        "s-5-1-def-asset",
        "s-5-1-def-designated-person",
    ]
    assert doc.find("s-5-1-def-designated-person").citation == (
        "s. 5(1), definition of “designated person”"
    )
    # (2) is the next subsection, not part of a definition; its "asset includes" is a sentence.
    assert [c.label for c in doc.find("s-5").children] == ["s-5-1", "s-5-2"]
    assert doc.find("s-5-2").children == []


def test_a_sentence_that_says_means_is_not_a_definition(tmp_path: Path) -> None:
    f = tmp_path / "plain.txt"
    f.write_text(
        "A Law\n\nSection 4. Freezing\n(1) The Minister may freeze the property of a person;\n"
        "property means in this section any asset held in the Republic.\n",
        encoding="utf-8",
    )
    doc = import_file(f)
    assert [c.label for c in doc.find("s-4").children] == ["s-4-1"]
    assert "property means" in doc.find("s-4-1").text["en"]


def test_australian_notes_close_their_provision_not_the_last_item(tmp_path: Path) -> None:
    f = tmp_path / "notes.txt"
    f.write_text(
        "A Law\n\n3A  Objects of this Act\nThe objects of this Act are:\n"
        "(a) to protect human rights; and\n(b) to deter corruption.\n"
        "Note: This note is about the whole section.\n\n"
        "6  Designation\n(1) The Minister may designate a person if:\n"
        "(a) the person is responsible for a serious violation of human rights; or\n"
        "(b) the person is a family member of such a person.\n"
        "Note 1: For family member, see section 2.\n"
        "Note 2: A designation is a legislative instrument.\n"
        "(2) A designation must be reviewed every 3 years.\n"
        "Example: A designation made in 2030 is reviewed in 2033.\n",
        encoding="utf-8",
    )
    doc = import_file(f)
    _cites(f)
    assert doc.find("s-3a-b").text["en"] == "to deter corruption."
    assert split_continuation(doc.find("s-3a").text["en"])[1].startswith("Note: This note")
    assert doc.find("s-6-1-b").text["en"] == "the person is a family member of such a person."
    notes = split_continuation(doc.find("s-6-1").text["en"])[1]
    assert notes.startswith("Note 1:") and "Note 2: A designation" in notes
    assert split_continuation(doc.find("s-6-2").text["en"])[1].startswith("Example:")
    assert [c.label for c in doc.find("s-6").children] == ["s-6-1", "s-6-2"]
