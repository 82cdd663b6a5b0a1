from clausewise.drafts import numbering
from clausewise.drafts.kanji import from_kanji, to_kanji, yen_en, yen_ja
from hypothesis import given
from hypothesis import strategies as st


def test_statute_style_numerals():
    assert [to_kanji(n) for n in (1, 10, 11, 20, 100, 101, 110, 1000, 1001, 9999, 10000)] == [
        "一",
        "十",
        "十一",
        "二十",
        "百",
        "百一",
        "百十",
        "千",
        "千一",
        "九千九百九十九",
        "一万",
    ]


@given(st.integers(min_value=1, max_value=99_999))
def test_kanji_round_trip(n):
    assert from_kanji(to_kanji(n)) == n


def test_articles_to_9999_and_branches():
    assert numbering.article(9999) == {"ja": "第九千九百九十九条", "en": "Article 9999"}
    assert numbering.article(5, 2) == {"ja": "第五条の二", "en": "Article 5-2"}
    assert numbering.article(123) == {"ja": "第百二十三条", "en": "Article 123"}


def test_paragraph_item_subitem_numbers():
    assert numbering.paragraph(1, 3) == {"ja": "", "en": "(1)"}
    assert numbering.paragraph(2, 3) == {"ja": "２", "en": "(2)"}
    assert numbering.paragraph(12, 12)["ja"] == "１２"
    assert numbering.paragraph(1, 1) == {"ja": "", "en": ""}
    assert numbering.item(4) == {"ja": "四", "en": "(iv)"}
    assert [numbering.subitem(i)["ja"] for i in (1, 2, 3, 4)] == ["イ", "ロ", "ハ", "ニ"]
    assert numbering.subitem(3)["en"] == "(c)"
    assert numbering.chapter(4) == {"ja": "第四章", "en": "Chapter IV"}


def test_money():
    assert yen_ja(1_000_000) == "百万円"
    assert yen_ja(30_000_000) == "三千万円"
    assert yen_ja(100_000_000) == "一億円"
    assert yen_en(1_000_000) == "1,000,000 yen"
    assert yen_en(300_000_000) == "300,000,000 yen"
