"""The line-based markup a clause template renders to (see templates/README.md).

    caption: 目的 | Purpose
    elements: purpose
    para label=x elements=a,b
    ja: …
    en: …
    item / subitem …

Parsing gives an article Provision whose paragraphs, items and sub-items carry their text
(numbers are computed later, by numbering.py).
"""

from __future__ import annotations

import re
from difflib import get_close_matches

from .errors import BillError
from .model import Provision, SourceRef
from .taxonomy import TAXONOMY_FILE, is_valid_key, load_taxonomy

_DIRECTIVE = re.compile(r"^(para|item|subitem)(?:\s+(.*))?$")
_TEXT_HEADS = ("ja:", "en:")
_HEAD = re.compile(r"^(caption|elements):\s*(.*)$")
_ATTR = re.compile(r"([a-z]+)=(\S+)")
_LEVELS = {"para": ("paragraph", 0), "item": ("item", 1), "subitem": ("subitem", 2)}


def _split_elements(value: str) -> list[str]:
    # The words between runs of commas and white space (str.split's white space is the
    # regex's \s): a regex split cost seven times as much, on every unit of every article.
    return value.replace(",", " ").split()


def _unknown_element(keys: list[str]) -> str | None:
    """The message for the first key that is not an element of the taxonomy, or None.

    A key must be one of the 25 top keys, a declared sub-key, or a dotted extension of a top
    key (grounds.human_rights.freedoms.assembly): a misspelt key would otherwise leave its
    provision out of every comparison without a word.
    """
    for key in keys:
        if not is_valid_key(key):
            close = get_close_matches(key, list(load_taxonomy()), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            return (
                f"unknown element {key!r}: not in the taxonomy (drafts/{TAXONOMY_FILE.name}){hint}"
            )
    return None


def parse_article(text: str, label: str, file: str, line_of) -> Provision:
    """Parse rendered markup into an article provision.

    `line_of(rendered_line)` maps a problem back to a template line where it can.
    """
    article = Provision(kind="article", label=label, source=SourceRef(file))
    stack: list[Provision] = [article]  # article, paragraph, item, subitem
    current: Provision | None = None
    last_lang: str | None = None

    def fail(message: str, content: str) -> BillError:
        return BillError(message, file, line_of(content))

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        # "ja: …" / "en: …", the most common line, told by its first three characters (no
        # other kind of line starts so) before the regexes are tried.
        if line[:3] in _TEXT_HEADS:
            lang = line[:2]
            if current is None:
                raise fail(f"'{lang}:' text before any 'para'", raw)
            if lang in current.text:
                raise fail(f"a second '{lang}:' text for the same {current.kind}", raw)
            current.text[lang] = line[3:].strip()
            last_lang = lang
            continue
        if m := _HEAD.match(line):
            key, value = m.groups()
            if current is not None:
                raise fail(f"'{key}:' must come before the first paragraph", raw)
            if key == "caption":
                ja, sep, en = value.partition("|")
                if not sep or not ja.strip() or not en.strip():
                    raise fail("a caption is written 'caption: 日本語 | English'", raw)
                article.caption = {"ja": ja.strip(), "en": en.strip()}
            else:
                keys = _split_elements(value)
                if problem := _unknown_element(keys):
                    raise fail(problem, raw)
                article.elements.extend(keys)
            continue
        if m := _DIRECTIVE.match(line):
            word, attrs = m.group(1), m.group(2) or ""
            kind, depth = _LEVELS[word]
            parent = stack[depth] if depth < len(stack) else None
            if parent is None:
                above = "a paragraph" if kind == "item" else "an item"
                raise fail(f"'{word}' must follow {above}", raw)
            unit = Provision(kind=kind, label="", source=SourceRef(file, line_of(raw)))
            rest = _ATTR.sub("", attrs).strip()
            if rest:
                raise fail(f"cannot read {rest!r}: write attributes as label=… elements=…", raw)
            for key, value in _ATTR.findall(attrs):
                if key == "label":
                    unit.label = value
                elif key == "elements":
                    keys = _split_elements(value)
                    if problem := _unknown_element(keys):
                        raise fail(problem, raw)
                    unit.elements.extend(keys)
                else:
                    raise fail(f"unknown attribute {key!r} (label, elements)", raw)
            parent.children.append(unit)
            del stack[depth + 1 :]
            stack.append(unit)
            current, last_lang = unit, None
            continue
        if current is None or last_lang is None:
            raise fail(f"cannot read this line: {line[:60]!r}", raw)
        if line.startswith("|"):
            # A new line inside the same unit, as the lines of an amending provision (改め文)
            # stand under its opening sentence; full-width indentation after "| " is kept.
            rest = line[1:].removeprefix(" ")
            current.text[last_lang] = current.text[last_lang] + "\n" + rest.rstrip()
            continue
        joiner = "" if last_lang == "ja" else " "
        current.text[last_lang] = (current.text[last_lang] + joiner + line).strip()
    if not article.children:
        raise BillError("the template produced no paragraph ('para' with 'ja:' and 'en:')", file)
    return article
