"""drafts.xmlsafe refuses what a legal text never needs: entities, DTD tricks, broken XML."""

from __future__ import annotations

from pathlib import Path

import pytest
from clausewise.drafts.errors import XmlError
from clausewise.drafts.xmlsafe import parse_xml, parse_xml_bytes

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol3;</lolz>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Statute><Body>&xxe;</Body></Statute>"""


def test_parses_plain_xml() -> None:
    root = parse_xml_bytes(b"<Statute><Body/></Statute>", "ok.xml")
    assert root.tag == "Statute"


def test_billion_laughs_refused() -> None:
    with pytest.raises(XmlError, match="entity declarations are not allowed") as exc:
        parse_xml_bytes(BILLION_LAUGHS, "bomb.xml")
    assert exc.value.file == "bomb.xml" and exc.value.line == 3


def test_external_entity_refused(tmp_path: Path) -> None:
    f = tmp_path / "xxe.xml"
    f.write_bytes(EXTERNAL)
    with pytest.raises(XmlError, match="xxe.xml:2: entity declarations"):
        parse_xml(f)


def test_undeclared_entity_from_external_dtd_refused() -> None:
    data = b'<!DOCTYPE a SYSTEM "http://example.invalid/x.dtd"><a>&ext;</a>'
    with pytest.raises(XmlError, match="entity"):
        parse_xml_bytes(data, "dtd.xml")


def test_truncated_xml_names_file_and_line(tmp_path: Path) -> None:
    f = tmp_path / "cut.xml"
    f.write_text("<Statute>\n<Body>\n<Section><Label>1</Label>", encoding="utf-8")
    with pytest.raises(XmlError, match=r"cut\.xml:\d+: malformed XML") as exc:
        parse_xml(f)
    assert exc.value.line is not None


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(XmlError, match="nope.xml: file not found"):
        parse_xml(tmp_path / "nope.xml")
