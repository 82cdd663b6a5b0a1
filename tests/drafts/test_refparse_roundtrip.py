"""Every reference form drafts/refs.py writes is read back by drafts/refparse.py to the label
it names: for generated bills (articles with branch numbers, paragraphs, items, sub-items,
one or several supplementary articles), any target, written anywhere, in both languages,
relative (前条, 前項, 前号, the preceding ...) or in full."""

from __future__ import annotations

from dataclasses import dataclass

from clausewise.drafts import numbering, refparse
from clausewise.drafts.model import Document, Provision
from clausewise.drafts.refs import Loc, render_ref, render_refs
from hypothesis import assume, given, settings
from hypothesis import strategies as st


@dataclass
class Bill:
    doc: Document
    units: list[tuple[Provision, Loc]]  # every provision a reference can name or stand in


def _article(
    label: str,
    shape: list[list[int]],
    part: str,
    index: int,
    n: int,
    branch: int,
    single: bool,
    units: list,
) -> Provision:
    """An article of len(shape) paragraphs; shape[p] lists each item's sub-item count."""
    art = Provision("article", label, number=numbering.article(n, branch))
    if single:
        art.number = {"ja": "", "en": ""}
    total = len(shape)
    units.append((art, Loc(part, index, n, branch, total, single_suppl=single)))
    for pi, items in enumerate(shape, 1):
        para = Provision("paragraph", f"{label}.p{pi}", number=numbering.paragraph(pi, total))
        art.children.append(para)
        units.append((para, Loc(part, index, n, branch, total, pi, single_suppl=single)))
        for ii, n_sub in enumerate(items, 1):
            item = Provision("item", f"{label}.p{pi}.i{ii}", number=numbering.item(ii))
            para.children.append(item)
            units.append((item, Loc(part, index, n, branch, total, pi, ii, single_suppl=single)))
            for si in range(1, n_sub + 1):
                sub = Provision("subitem", f"{item.label}.s{si}", number=numbering.subitem(si))
                item.children.append(sub)
                loc = Loc(part, index, n, branch, total, pi, ii, si, single_suppl=single)
                units.append((sub, loc))
    return art


shapes = st.lists(st.lists(st.integers(0, 3), max_size=4), min_size=1, max_size=3)


@st.composite
def bills(draw) -> Bill:
    units: list = []
    chapter = Provision("chapter", "ch", number=numbering.chapter(1))
    n = branch = 0
    main_shapes = draw(st.lists(st.tuples(shapes, st.booleans()), min_size=1, max_size=6))
    for index, (shape, is_branch) in enumerate(main_shapes):
        if is_branch and index:
            branch = branch + 1 if branch else 2
        else:
            n, branch = n + 1, 0
        chapter.children.append(
            _article(f"a{index}", shape, "main", index, n, branch, False, units)
        )
    provisions = [chapter]
    suppl_shapes = draw(st.lists(shapes, max_size=3))
    if suppl_shapes:
        single = len(suppl_shapes) == 1
        suppl = Provision("supplementary", "supplementary")
        for index, shape in enumerate(suppl_shapes):
            suppl.children.append(
                _article(f"s{index}", shape, "suppl", index, index + 1, 0, single, units)
            )
        provisions.append(suppl)
    return Bill(Document("gen", {"ja": "法", "en": "Act"}, provisions), units)


def _just_after(t: Loc, near: list) -> list:
    """Where 前項/前号 (the preceding paragraph/item) point at t: the next paragraph, or
    the next item of the same paragraph, and what stands in them."""
    return [
        (u, loc)
        for u, loc in near
        if loc.index == t.index
        and t.para
        and (loc.para == t.para + 1 or (t.item and loc.para == t.para and loc.item == t.item + 1))
    ]


@st.composite
def references(draw):
    """A bill, a target, where the reference stands (None: outside the bill), the language,
    relative or full, and the reference as refs.py writes it."""
    bill = draw(bills())
    target, t = draw(st.sampled_from(bill.units))
    # References stand in text: a paragraph, an item or a sub-item; most often near the
    # target (its own article or the next or previous one), where the relative forms apply.
    texts = [(u, loc) for u, loc in bill.units if u.kind != "article"]
    near = [(u, loc) for u, loc in texts if loc.part == t.part and abs(loc.index - t.index) <= 1]
    here_unit, here = draw(
        st.none().map(lambda _: (None, None))
        | st.sampled_from(texts)
        | st.sampled_from(near or texts)
        | st.sampled_from([(u, loc) for u, loc in near if loc.index == t.index] or texts)
        | st.sampled_from(_just_after(t, near) or texts)
        | st.sampled_from(
            [
                (u, loc)
                for u, loc in near
                if loc.index == t.index and t.para and loc.para == t.para - 1
            ]
            or texts
        )
    )
    lang = draw(st.sampled_from(["ja", "en"]))
    relative = draw(st.booleans())
    text = render_ref(t, here, lang, relative)
    if lang == "en" and draw(st.booleans()):
        text = text[0].upper() + text[1:]  # at the start of a sentence
    return bill, target, here_unit, lang, text


def _read(bill: Bill, text: str, lang: str, here_unit) -> str | None:
    return refparse.read_ref(text, lang, refparse.index(bill.doc), here_unit)


@settings(max_examples=300, deadline=None)
@given(references())
def test_every_reference_refs_writes_reads_back_to_its_label(case):
    bill, target, here_unit, lang, text = case
    assert _read(bill, text, lang, here_unit) == target.label, text


@st.composite
def ditto_pairs(draw):
    """Two references in one sentence where the second takes its article (同条, that
    Article) or paragraph (同項第二号, item (ii) of that paragraph) from the first."""
    bill = draw(bills())
    target, t = draw(st.sampled_from([(u, loc) for u, loc in bill.units if loc.para]))
    firsts = [(u, loc) for u, loc in bill.units if (loc.part, loc.index) == (t.part, t.index)]
    its_paragraph = [(u, loc) for u, loc in firsts if loc.para == t.para and not loc.item]
    first, f = draw(st.sampled_from(firsts) | st.sampled_from(its_paragraph or firsts))
    here_unit, here = draw(
        st.sampled_from(
            [(None, None)]
            + [
                (u, loc)
                for u, loc in bill.units
                if u.kind != "article" and (loc.part, loc.index) != (t.part, t.index)
            ]
        )
    )
    lang = draw(st.sampled_from(["ja", "en"]))
    relative = draw(st.booleans())
    one = render_ref(f, here, lang, relative)
    two = render_ref(t, here, lang, relative, ditto=f)
    return bill, (first, target), here_unit, lang, one + (" and " if lang == "en" else "及び") + two


@settings(max_examples=200, deadline=None)
@given(ditto_pairs())
def test_ditto_references_read_back(case):
    bill, (first, target), here_unit, lang, text = case
    idx = refparse.index(bill.doc)
    assert refparse.read_refs(text, lang, idx, here_unit) == [first.label, target.label], text


@settings(max_examples=60, deadline=None)
@given(bills(), st.data())
def test_lists_of_articles_read_back(bill, data):
    """「第五条、第六条及び第八条」 and "Articles 5, 6 and 8" name each of their articles."""
    arts = [(u, loc) for u, loc in bill.units if u.kind == "article" and loc.part == "main"]
    assume(len(arts) >= 2)
    picks = data.draw(
        st.lists(st.sampled_from(range(len(arts))), min_size=2, max_size=4, unique=True)
    )
    chosen = [arts[i] for i in sorted(picks)]
    idx = refparse.index(bill.doc)
    for lang in ("ja", "en"):
        text = render_refs([loc for _, loc in chosen], None, lang)
        assert refparse.article_refs(text, lang, idx, None) == [u.label for u, _ in chosen], text


@settings(max_examples=200, deadline=None)
@given(bills(), st.data())
def test_grouped_references_read_back(bill, data):
    """render_refs groups as statutes write them (「第四条第二項及び第三項、第五条並びに
    第六条」, "Article 4, paragraphs (2) and (3), and Articles 5 and 6"); every member is
    read back, the later members of a group taking the article the first one named."""
    lang = data.draw(st.sampled_from(["ja", "en"]))
    # The English of a single supplementary provision's paragraphs is left out: refs.py
    # writes its later members as "(2) of the Supplementary Provisions".
    pool = [
        (u, loc) for u, loc in bill.units if not (lang == "en" and loc.single_suppl and loc.para)
    ]
    picks = data.draw(
        st.lists(st.sampled_from(range(len(pool))), min_size=2, max_size=4, unique=True)
    )
    chosen = [pool[i] for i in sorted(picks)]
    # One reference does not name a provision and what is in it: drop nested picks.
    chosen = [
        (u, loc) for u, loc in chosen if not any(o is not u and _inside(u, o) for o, _ in chosen)
    ]
    assume(len(chosen) >= 2)
    conj = data.draw(st.sampled_from(["and", "or"]))
    text = render_refs([loc for _, loc in chosen], None, lang, conj)
    idx = refparse.index(bill.doc)
    assert refparse.read_refs(text, lang, idx, None) == [u.label for u, _ in chosen], text


def _inside(unit: Provision, outer: Provision) -> bool:
    return any(p is unit for p in outer.walk())


def test_the_forms_named_in_the_docstring():
    """A fixed bill: the forms as a drafter reads them, one by one."""
    units: list = []
    chapter = Provision("chapter", "ch")
    shapes = [[[0]], [[2, 0], [0]], [[0, 0, 0], [0]]]
    for i, shape in enumerate(shapes):
        chapter.children.append(_article(f"a{i}", shape, "main", i, i + 1, 0, False, units))
    suppl = Provision("supplementary", "supplementary")
    suppl.children.append(_article("s0", [[0], [0]], "suppl", 0, 1, 0, True, units))
    doc = Document("x", {}, [chapter, suppl])
    idx = refparse.index(doc)
    at = {u.label: u for u, _ in units}
    cases = [
        ("第二条第一項第一号イ", "ja", None, "a1.p1.i1.s1"),
        ("前条第二項", "ja", "a2.p1", "a1.p2"),
        ("次条", "ja", "a0.p1", "a1"),
        ("前項", "ja", "a2.p2", "a2.p1"),
        ("前号", "ja", "a2.p1.i3", "a2.p1.i2"),
        ("附則第二項", "ja", "a0.p1", "s0.p2"),
        ("附則", "ja", "a0.p1", "s0"),
        ("この条", "ja", "a1.p2", "a1"),
        ("次項第一号", "ja", "a1.p1", "a1.p2.i1"),
        ("Article 2, paragraph (1), item (i)(b)", "en", None, "a1.p1.i1.s2"),
        ("paragraph (2) of the preceding Article", "en", "a2.p1", "a1.p2"),
        ("item (ii) of the preceding paragraph", "en", "a2.p2", "a2.p1.i2"),
        ("The preceding item", "en", "a2.p1.i2", "a2.p1.i1"),
        ("paragraph (1) of the Supplementary Provisions", "en", None, "s0.p1"),
        ("this Article", "en", "a1.p1.i1", "a1"),
        ("item (i) of the following paragraph", "en", "a1.p1", "a1.p2.i1"),
    ]
    for text, lang, here, label in cases:
        assert refparse.read_ref(text, lang, idx, at.get(here)) == label, text
    # Ditto forms take the article or paragraph the reference before named.
    assert refparse.read_refs("第二条第一項及び同条第二項", "ja", idx, None) == ["a1.p1", "a1.p2"]
    assert refparse.read_refs("第二条第一項及び同項第二号", "ja", idx, None) == [
        "a1.p1",
        "a1.p1.i2",
    ]
    assert refparse.read_refs(
        "Article 2, paragraph (1) or paragraph (2) of that Article", "en", idx, None
    ) == ["a1.p1", "a1.p2"]
    # Another act's item: the chain stops at what this bill has (article 1 has one item).
    assert refparse.article_refs("第一条第一項第十三号", "ja", idx, None) == ["a0"]
    assert refparse.read_ref("第一条第一項第十三号", "ja", idx, None) is None
