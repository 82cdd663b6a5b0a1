"""Parse untrusted XML (corpus files, user-supplied laws) without letting it reach outside itself.

Every XML file in the project goes through `parse_xml`. lxml is configured to resolve no
entities, fetch nothing from the network, load no DTD and refuse huge trees (libxml2's limits
without XML_PARSE_HUGE: nesting past 256 levels, a text node past 10 MB; the file itself is
capped by drafts.limits); on top of that,
any entity declaration is refused outright, because a legal text never needs one and
declarations are how billion-laughs and external-entity (XXE) attacks are carried.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from lxml import etree

from .errors import InputFileError, XmlError
from .limits import check_size, read_bounded

# <!ENTITY inside an internal DTD subset; matched on bytes so that no parser has seen it yet.
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def parse_xml_bytes(data: bytes, source: str | Path | None = None) -> etree._Element:
    """Parse XML bytes and return the root element, or raise XmlError naming `source`."""
    check_size(len(data), str(source))
    found = _ENTITY_DECL.search(data)
    if found:
        raise XmlError(
            source,
            "entity declarations are not allowed in XML input "
            "(possible entity-expansion or external-entity attack)",
            _line_of(data, found.start()),
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if getattr(exc, "lineno", None) else None
        raise XmlError(source, f"malformed XML: {exc.msg}", line) from None
    # Belt and braces: an entity reference that survived parsing means something was declared
    # somewhere we did not see (e.g. a DTD lxml chose not to load); refuse rather than guess.
    for node in root.iter():
        if isinstance(node, etree._Entity):
            raise XmlError(
                source, f"unresolved entity reference &{node.name}; is not allowed", node.sourceline
            )
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None and list(docinfo.internalDTD.iterentities()):
        raise XmlError(source, "entity declarations are not allowed in XML input")
    return root


def parse_xml(path: str | Path) -> etree._Element:
    """Read and parse an XML file safely; a missing or unreadable file is a XmlError."""
    p = Path(path)
    try:
        data = read_bounded(p)
    except InputFileError as exc:
        raise XmlError(p, exc.message) from None
    return parse_xml_bytes(data, p)


def element_text(el: etree._Element | None, skip: frozenset[str] | set[str] = frozenset()) -> str:
    """The words of an element and its descendants, leaving out the `skip` tags (footnote
    marks, commentary references); whitespace collapsed, NFC-normalised."""
    if el is None:
        return ""
    parts: list[str] = []

    def walk(e: etree._Element) -> None:
        if e.text:
            parts.append(e.text)
        for child in e:
            if isinstance(child.tag, str) and child.tag not in skip:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", "".join(parts)).strip())
