"""The wording view's shortcuts are exact: each sentence's concept spans taken from its
passage's are those found in the sentence alone, on every passage of the default bill and
of every reference law, and where a phrase runs across a cut the sentences are read one by
one; the places of the spans, summed from the lengths of the words and gaps, are those of
the words' match objects."""

from __future__ import annotations

import re

from clausewise.compare import textsim, wording
from clausewise.compare.corpus.loading import load_instruments, resolve_against
from clausewise.compare.review.versions import load_version
from clausewise.compare.wording import concept_spans, sentence_spans, sentences


def _passages(corpus_dir) -> list[str]:
    doc = load_version(None).doc
    instruments, _ = load_instruments(resolve_against(None, corpus_dir), corpus_dir)
    texts = [p.all_text("en") for p in doc.walk()]
    for inst in instruments:
        if inst.doc is not None and inst.jurisdiction != "jp":
            texts += [p.all_text("en") for p in inst.doc.walk()]
    return [t for t in dict.fromkeys(texts) if t.strip()]


def _spans_by_match_objects(text: str) -> tuple:
    """concept_spans as it was first written: each word's place from its match object."""
    stems = [wording._stem(w.lower()) for w in wording._TOKEN.findall(text)]
    found = list(textsim.concept_matches(stems, wording._concept_phrases()))
    matches = list(wording._TOKEN.finditer(text))
    return tuple((matches[i].start(), matches[i + n - 1].end(), c) for i, n, c in found)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def _check(text: str) -> bool:
    """Whether the shortcut applied; when it does, its spans are the sentences' own."""
    sents = sentences(text, "en")
    got = sentence_spans(text, sents, concept_spans(text))
    if got is not None:
        assert got == {s: concept_spans(s) for s in sents}, text[:80]
    return got is not None


def test_sentence_spans_equal_each_sentences_own(corpus_dir):
    passages = _passages(corpus_dir)
    applied = [_check(t) for t in passages]
    # Nearly every passage takes the shortcut, with spans in it.
    assert len(passages) > 1000 and sum(applied) > 0.95 * len(passages)
    assert sum(bool(concept_spans(t)) for t in passages) > 300


def test_a_phrase_across_a_cut_falls_back():
    # A two-word phrase of the thesaurus, its words put in two sentences.
    phrase = next(p for ps in textsim.CONCEPTS.values() for p in ps if len(p.split()) == 2)
    first, second = phrase.split()
    text = f"The first rule ends with {first}.\n{second.capitalize()} begins the next rule."
    spans = concept_spans(text)
    assert any(_words(text[s:e]) == _words(phrase) for s, e, _ in spans)
    assert sentence_spans(text, sentences(text, "en"), spans) is None
    # Without the crossing phrase the shortcut holds, offsets made the sentences' own.
    text = f"The first rule is about {phrase}.\nThe next rule is about {phrase} too."
    assert _check(text)
    assert all(sentence_spans(text, sentences(text, "en"), concept_spans(text)).values())


def test_concept_spans_places_are_the_match_objects(corpus_dir):
    # Real passages, and texts whose lowering is not one character for one: İ (two
    # characters lowered), the Kelvin sign (lowered to an ASCII k), curly quotes.
    passages = _passages(corpus_dir)[:3000]
    odd = ["İİ the Licence, and a \u212aelvin licence", "“Licence” holder's asset freeze", ""]
    for text in passages + odd:
        assert concept_spans.__wrapped__(text) == _spans_by_match_objects(text), text[:80]
    assert sum(bool(concept_spans(t)) for t in passages) > 300
