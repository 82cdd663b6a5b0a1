"""Links to one provision on its publisher's site, built from the map's URL and a label.

The deepest address each publisher offers, and no deeper (a link that claims a paragraph
but opens the act's first page misleads more than one that opens the section):
- legislation.gov.uk: a page per regulation, section, article and schedule paragraph
  (/uksi/2020/680/regulation/11, /ukpga/2018/13/section/3, .../schedule/2/paragraph/3);
  a paragraph of a regulation links to the regulation.
- laws-lois.justice.gc.ca: the full text with the section's anchor (FullText.html#s-4);
  a subsection links to its section.
- EUR-Lex: the act's HTML with the article's anchor (#art_3); points and paragraphs have
  no stable anchor, so they link to their article.
- anything else (a bill on the Diet's site, an imported law): the act's own URL.

`provision_url(map, label)` is what a report calls; it never fails, it falls back.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .maps import ProvisionMap

_UK = re.compile(r"^https?://(www\.)?legislation\.gov\.uk/(?P<path>[a-z]+/\d{4}/\d+)")
_CA = re.compile(
    r"^https?://laws-lois\.justice\.gc\.ca/(?P<path>(eng|fra)/(acts|regulations)/[^/]+)"
)
_EU = re.compile(r"CELEX(?::|%3A)(?P<celex>[0-9A-Z()]+)", re.I)

_UK_WORD = {"reg": "regulation", "s": "section", "art": "article", "rule": "rule"}


def _uk(label: str) -> str | None:
    if m := re.match(r"^sch-(\w+)-para-(\w+)", label):
        return f"/schedule/{m[1]}/paragraph/{m[2]}"
    if m := re.match(r"^sch-(\w+)", label):
        return f"/schedule/{m[1]}"
    if label == "sch":
        return "/schedule"
    if m := re.match(r"^(reg|s|art|rule)-(\d+[a-z]*)", label):
        return f"/{_UK_WORD[m[1]]}/{m[2]}"
    return None


def _ca(label: str) -> str | None:
    if m := re.match(r"^s-(\d+(?:\.\d+)*)", label):
        return f"/FullText.html#s-{m[1]}"
    return None


def _eu(label: str) -> str | None:
    if m := re.match(r"^art-(\d+[a-z]*)", label):
        return f"#art_{m[1]}"
    return None


def provision_url(m: ProvisionMap, label: str) -> str:
    """The publisher's address of provision `label` of instrument `m` (or of the act)."""
    return _provision_url((m.url or "").strip(), label)


@lru_cache(maxsize=8192)
def _provision_url(url: str, label: str) -> str:
    # Cached: every match and every coverage cell asks, a few hundred labels over and over.
    if not url or not label:
        return url
    if uk := _UK.match(url):
        tail = _uk(label)
        return f"https://www.legislation.gov.uk/{uk['path']}{tail}" if tail else url
    if ca := _CA.match(url):
        tail = _ca(label)
        return f"https://laws-lois.justice.gc.ca/{ca['path']}{tail}" if tail else url
    if "eur-lex.europa.eu" in url and (eu := _EU.search(url)):
        tail = _eu(label)
        if tail:
            base = "https://eur-lex.europa.eu/legal-content/EN/TXT/HTML/?uri=CELEX:"
            return f"{base}{eu['celex']}{tail}"
    return url
