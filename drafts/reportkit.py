"""What every HTML report shares: the Jinja2 environment of templates/reports/ (one
stylesheet, report.css, inlined by the base page page.html.j2) and the bilingual labels
of templates/reports/labels.yaml.

The writers' call shape is documented in drafts/writers/__init__.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

import jinja2

from .billfile import TEMPLATES_DIR
from .datafiles import load_yaml
from .sandbox import FolderLoader, bytecode_cache, sandboxed

REPORTS_DIR = TEMPLATES_DIR / "reports"
LABELS_FILE = REPORTS_DIR / "labels.yaml"
LANGS = ("ja", "en")


@cache
def report_env() -> jinja2.Environment:
    # Autoescape on: draft and law text are data, never markup. A sandbox, like every
    # environment, reading only templates/reports/ (drafts/sandbox.py). Compiled once and
    # kept in the user cache, like a bill's templates.
    return sandboxed(
        FolderLoader(REPORTS_DIR),
        bytecode_cache=bytecode_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_page(template: str, **context) -> bytes:
    """A report template rendered to UTF-8 bytes."""
    return report_env().get_template(template).render(**context).encode("utf-8")


@cache
def all_labels() -> dict[str, dict[str, dict[str, str]]]:
    """section → key → {ja, en}, checked: a shipped label missing a language is a bug."""
    # Kept as JSON in the user cache between runs (drafts/datafiles.py): a cached copy is
    # used only if it passes the same check.
    return _check_labels(load_yaml(LABELS_FILE, _check_labels))


def _check_labels(data):
    if not isinstance(data, dict):
        raise ValueError(f"{LABELS_FILE}: sections must be a mapping")
    for section, entries in data.items():
        if not isinstance(entries or {}, dict):
            raise ValueError(f"{LABELS_FILE}: {section} must be a mapping")
        for key, value in (entries or {}).items():
            if not isinstance(value, dict) or set(value) != set(LANGS):
                raise ValueError(f"{LABELS_FILE}: {section}.{key} needs exactly ja and en")
            if not all(isinstance(v, str) for v in value.values()):
                raise ValueError(f"{LABELS_FILE}: {section}.{key} must be text")
    return data


@cache
def labels(section: str, lang: str) -> Mapping[str, str]:
    """The labels of one report in one language (English for any other language)."""
    lang = lang if lang in LANGS else "en"
    entries = all_labels()[section] or {}
    return MappingProxyType({key: value[lang] for key, value in entries.items()})
