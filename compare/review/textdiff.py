"""Text diff with diff-match-patch, as operations [(op, text)] with op equal/insert/delete.

Japanese has no spaces between words, so it is diffed character by character and then
cleaned up semantically (the library's heuristic that merges tiny equalities into the
edits around them, so 「三年」→「五年」 reads as one change, not a scatter of kana).
English is diffed word by word: every word, run of spaces and punctuation mark becomes
one character, exactly as the library's line mode turns each line into one character;
the short strings are diffed and cleaned up, then mapped back. A word is never split.

Invariant (tested): joining the equal+delete texts gives the old text, equal+insert the new.
"""

from __future__ import annotations

import re

from diff_match_patch import diff_match_patch

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
Op = tuple[str, str]
_NAMES = {0: EQUAL, 1: INSERT, -1: DELETE}
_WORD = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
_FIRST = 0xF0000  # encode_words' first character: private-use planes


def engine() -> diff_match_patch:
    """diff-match-patch set up as every diff of the project uses it."""
    dmp = diff_match_patch()
    # No time limit: a timeout makes the result depend on the machine's speed, and the
    # texts are paragraph-sized, so the exact diff is cheap.
    dmp.Diff_Timeout = 0
    return dmp


def to_ops(diffs) -> list[Op]:
    """diff-match-patch's (code, text) pairs as operations, empty ones dropped, runs merged."""
    out: list[Op] = []
    for code, text in diffs:
        if not text:
            continue
        name = _NAMES[code]
        if out and out[-1][0] == name:
            out[-1] = (name, out[-1][1] + text)
        else:
            out.append((name, text))
    return out


# Numerals, kanji and digits: a number is one word, changed as a whole.
_NUMERAL = "〇一二三四五六七八九十百千万億兆0123456789０１２３４５６７８９"


def whole_numbers(ops: list[Op]) -> list[Op]:
    """Widen each change that cuts into a number to the whole number on both sides, so a
    reader sees the number change: 第<del>二十</del><ins>二十九</ins>条, not
    第二十<ins>九</ins>条."""
    chunks: list[list[str]] = []  # ["=", text] or ["~", deleted, inserted]
    for op, text in ops:
        if op == EQUAL:
            chunks.append(["=", text])
        elif chunks and chunks[-1][0] == "~":
            chunks[-1][1 if op == DELETE else 2] += text
        else:
            chunks.append(["~", text if op == DELETE else "", text if op == INSERT else ""])
    for i, ch in enumerate(chunks):
        if ch[0] != "~":
            continue
        if i > 0 and chunks[i - 1][0] == "=":
            left = chunks[i - 1][1]
            n = len(left) - len(left.rstrip(_NUMERAL))
            if n and ((ch[1][:1] or " ") in _NUMERAL or (ch[2][:1] or " ") in _NUMERAL):
                moved, chunks[i - 1][1] = left[-n:], left[:-n]
                ch[1], ch[2] = moved + ch[1], moved + ch[2]
        if i + 1 < len(chunks) and chunks[i + 1][0] == "=":
            right = chunks[i + 1][1]
            n = len(right) - len(right.lstrip(_NUMERAL))
            if n and ((ch[1][-1:] or " ") in _NUMERAL or (ch[2][-1:] or " ") in _NUMERAL):
                moved, chunks[i + 1][1] = right[:n], right[n:]
                ch[1], ch[2] = ch[1] + moved, ch[2] + moved
    out: list[Op] = []
    for ch in chunks:
        pieces = [(EQUAL, ch[1])] if ch[0] == "=" else [(DELETE, ch[1]), (INSERT, ch[2])]
        for op, text in pieces:
            if not text:
                continue
            if out and out[-1][0] == op:
                out[-1] = (op, out[-1][1] + text)
            else:
                out.append((op, text))
    return out


def diff_chars(old: str, new: str) -> list[Op]:
    """Character-level diff with semantic clean-up (for Japanese); numbers change whole."""
    dmp = engine()
    diffs = dmp.diff_main(old, new, False)
    dmp.diff_cleanupSemantic(diffs)
    return whole_numbers(to_ops(diffs))


def encode_words(text: str, table: dict[str, str], words: list[str]) -> str:
    """Each word, run of spaces and punctuation mark of text as one character (new words
    are added to table and words), so a character diff becomes a word diff."""
    out = []
    for token in _WORD.findall(text):
        if token not in table:
            words.append(token)
            # Private-use and higher planes are plenty for any paragraph's vocabulary.
            table[token] = chr(_FIRST + len(words) - 1)
        out.append(table[token])
    return "".join(out)


def diff_words(old: str, new: str) -> list[Op]:
    """Word-level diff (for English): words mapped to single characters, then diffed."""
    table: dict[str, str] = {}
    words: list[str] = []
    a, b = encode_words(old, table, words), encode_words(new, table, words)
    dmp = engine()
    diffs = dmp.diff_main(a, b, False)
    # Clean up on the encoded strings, where one character is one word, so that the
    # clean-up's overlap handling cannot cut a word in two.
    dmp.diff_cleanupSemantic(diffs)
    return to_ops(decode_words(diffs, words))


def decode_words(diffs, words: list[str]) -> list[tuple[int, str]]:
    """The diff of encode_words' characters back as the words they stand for."""
    return [(code, "".join(words[ord(ch) - _FIRST] for ch in text)) for code, text in diffs]


def diff_text(old: str, new: str, lang: str) -> list[Op]:
    if old == new:
        return [(EQUAL, old)] if old else []
    return diff_chars(old, new) if lang == "ja" else diff_words(old, new)


def old_text(ops: list[Op]) -> str:
    return "".join(t for op, t in ops if op != INSERT)


def new_text(ops: list[Op]) -> str:
    return "".join(t for op, t in ops if op != DELETE)
