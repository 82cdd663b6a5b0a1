"""Bill files: the YAML an aide edits (titles, policy options, the ordered chapters and articles).

Loading checks everything that can be checked before rendering: unknown keys, option
values, labels, that every named template exists. Each problem is a BillError naming the
file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import options as opts
from .errors import BillError
from .yamlsource import YamlDoc, read_yaml

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR.parent / "templates"
DEFAULT_BILL = "jp-magnitsky"

LABEL_RE = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
# A template is named by a path inside the template folder; the loader checks it again.
TEMPLATE_NAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")
TOP_KEYS = {
    "bill",
    "templates",
    "title",
    "description",
    "options",
    "chapters",
    "supplementary",
    "reason",
    "compare",
    "check",
    "header",
    "house_style",
    "notes",
}
# How the Word bill looks: "bureau" as the legislative bureaux set bills (mincho headings
# without bold, 題名 and 章名 indented), "centred" (a centred title, gothic bold headings).
HOUSE_STYLES = ("bureau", "centred")
CHAPTER_KEYS = {"label", "title", "articles", "when"}
ARTICLE_KEYS = {"label", "template", "when", "branch"}


@dataclass
class ArticleSpec:
    """An article of the bill file: its label, its template, and when it is included."""

    label: str
    template: str
    when: str | None
    branch: bool
    line: int | None


@dataclass
class ChapterSpec:
    """A chapter of the bill file: its title and articles, and when it is included."""

    label: str
    title: dict[str, str]
    articles: list[ArticleSpec]
    when: str | None
    line: int | None


@dataclass
class BillFile:
    """A bill file, read and checked: what to render, from which templates, with which options."""

    path: Path
    display: str
    id: str
    template_dir: Path
    title: dict[str, str]
    options: dict
    chapters: list[ChapterSpec]
    supplementary: list[ArticleSpec]
    reason: ArticleSpec | None
    compare: dict = field(default_factory=dict)
    check: dict = field(default_factory=dict)
    doc: YamlDoc | None = None
    # Lines above the title (「第　回国会　衆第　号」, 提出者), per language; placeholders.
    header: dict[str, list[str]] = field(default_factory=dict)
    house_style: str = "bureau"


# YAML files shipped beside the bills that are not bills.
NOT_BILLS = frozenset({"taxonomy"})


@dataclass(frozen=True)
class BillLocation:
    """Where a bill argument led: the file, and whether it is the example shipped with
    clausewise (no bill of that name in the current folder)."""

    path: Path
    shipped: bool = False


def shipped_bills() -> list[str]:
    """The names of the bill files shipped with clausewise."""
    return sorted(f.stem for f in PACKAGE_DIR.glob("*.yaml") if f.stem not in NOT_BILLS)


BARE_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def is_bare_name(arg: str) -> bool:
    """A BILL argument that names a bill (jp-magnitsky) rather than a file (x.yaml, a/b,
    x.json, REV:PATH, or anything that exists as given)."""
    p = Path(arg)
    return (
        bool(BARE_NAME_RE.match(arg))
        and p.suffix not in (".yaml", ".yml", ".json")
        and not p.exists()
    )


def locate_bill(name_or_path: str | None, cwd: Path | None = None) -> BillLocation:
    """A bill by path, or by name: ./drafts/<name>.yaml, then ./<name>.yaml in the current
    folder, and only then the shipped bill file of that name. No name means jp-magnitsky.

    An aide working in their own folder means their own copy; the shipped example is the
    last resort, and the caller says so when it falls back to it.
    """
    name = name_or_path or DEFAULT_BILL
    if not is_bare_name(name):
        return BillLocation(Path(name))
    here = Path(cwd) if cwd is not None else Path()
    for candidate in (here / "drafts" / f"{name}.yaml", here / f"{name}.yaml"):
        if candidate.is_file():
            return BillLocation(candidate)
    if name in shipped_bills():
        return BillLocation(PACKAGE_DIR / f"{name}.yaml", shipped=True)
    raise BillError(
        f"no bill file named {name!r} in ./drafts/ or ./, and no shipped bill of that name; "
        f"shipped bills: {', '.join(shipped_bills())}",
        name,
    )


def find_bill(name_or_path: str | None) -> Path:
    """The bill file a BILL argument names (see locate_bill)."""
    return locate_bill(name_or_path).path


def _text_pair(doc: YamlDoc, value, path: tuple, what: str) -> dict[str, str]:
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("ja"), str)
        or not isinstance(value.get("en"), str)
        or set(value) - {"ja", "en"}
    ):
        raise doc.error(
            f"{what} must be a mapping with a Japanese 'ja' and an English 'en' text", *path
        )
    if not value["ja"].strip() or not value["en"].strip():
        raise doc.error(f"{what} must not be empty", *path)
    return {"ja": value["ja"], "en": value["en"]}


def _check_keys(doc: YamlDoc, raw, allowed: set, path: tuple, what: str) -> None:
    if not isinstance(raw, dict):
        raise doc.error(f"{what} must be a mapping", *path)
    for key in raw:
        if key not in allowed:
            raise doc.error(
                f"unknown key {key!r} in {what}; allowed keys: {', '.join(sorted(allowed))}",
                *path,
                key,
            )


def _label(doc: YamlDoc, raw: dict, path: tuple, seen: dict[str, int | None]) -> str:
    label = raw.get("label")
    if not isinstance(label, str) or not LABEL_RE.match(label):
        raise doc.error(
            f"each entry needs a 'label' of lower-case letters, digits and hyphens (got {label!r})",
            *path,
            "label",
        )
    if label in seen:
        raise doc.error(
            f"duplicate label {label!r} (first used on line {seen[label]})", *path, "label"
        )
    seen[label] = doc.line(*path, "label")
    return label


def _article(
    doc: YamlDoc, raw, path: tuple, seen: dict, template_dir: Path, need_label: bool = True
) -> ArticleSpec:
    _check_keys(
        doc, raw, ARTICLE_KEYS if need_label else {"template", "when"}, path, "an article entry"
    )
    label = _label(doc, raw, path, seen) if need_label else "reason"
    template = raw.get("template")
    if not isinstance(template, str) or not template:
        raise doc.error(
            f"each article needs a 'template' naming a file in {template_dir}", *path, "template"
        )
    if not TEMPLATE_NAME_RE.match(template) or ".." in template or len(template) > 120:
        raise doc.error(
            f"template {template!r} is not a template name: a file name in {template_dir} "
            "without '.j2' (letters, digits, '-', '_'; no '..', no absolute path; at most "
            "120 characters)",
            *path,
            "template",
        )
    if not (template_dir / f"{template}.j2").is_file():
        raise doc.error(
            f"template {template!r} not found: there is no file "
            f"{template_dir / (template + '.j2')}",
            *path,
            "template",
        )
    when = raw.get("when")
    if when is not None and not isinstance(when, str):
        raise doc.error("'when' must be an expression over the options, in quotes", *path, "when")
    branch = raw.get("branch", False)
    if not isinstance(branch, bool):
        raise doc.error("'branch' must be true or false", *path, "branch")
    return ArticleSpec(label, template, when, branch, doc.line(*path))


def locate_templates(doc: YamlDoc, name) -> Path:
    if not isinstance(name, str) or not name or len(name) > 255:
        raise doc.error("'templates' must name a folder of clause templates", "templates")
    base = Path(doc.file).parent
    for candidate in (
        base / name,
        base / "templates" / name,
        base.parent / "templates" / name,
        TEMPLATES_DIR / name,
    ):
        try:
            if (candidate / "options.yaml").is_file():
                return candidate
        except OSError:  # a name the file system cannot hold: not found
            continue
    raise doc.error(
        f"clause template folder {name!r} not found (looked beside the bill file "
        f"and in {TEMPLATES_DIR})",
        "templates",
    )


def load_bill(name_or_path: str | None = None, *, read=read_yaml) -> BillFile:
    path = find_bill(name_or_path)
    display = str(name_or_path) if name_or_path and Path(name_or_path) == path else str(path)
    doc = read(path, display)
    return parse_bill(doc, path)


def parse_bill(doc: YamlDoc, path: Path) -> BillFile:
    data = doc.data
    if not isinstance(data, dict):
        raise doc.error(
            "a bill file must be a YAML mapping with 'bill', 'title', 'templates' and 'chapters'"
        )
    _check_keys(doc, data, TOP_KEYS, (), "the bill file")
    for key in ("bill", "title", "templates", "chapters"):
        if key not in data:
            raise doc.error(f"the bill file has no {key!r}")
    bill_id = data["bill"]
    if not isinstance(bill_id, str) or not LABEL_RE.match(bill_id):
        raise doc.error(
            "'bill' must be an identifier of lower-case letters, digits and hyphens", "bill"
        )
    template_dir = locate_templates(doc, data["templates"])
    title = _text_pair(doc, data["title"], ("title",), "'title'")
    # A file of the template folder: read as the templates are, never through a link.
    schema_doc = read_yaml(template_dir / "options.yaml", follow=False)
    schema = opts.parse_schema(schema_doc)
    options = opts.resolve(schema, doc)

    seen: dict[str, int | None] = {}
    chapters = []
    if not isinstance(data["chapters"], list) or not data["chapters"]:
        raise doc.error("'chapters' must be a non-empty list", "chapters")
    for ci, raw in enumerate(data["chapters"]):
        path_c = ("chapters", ci)
        _check_keys(doc, raw, CHAPTER_KEYS, path_c, "a chapter entry")
        label = _label(doc, raw, path_c, seen)
        ctitle = _text_pair(doc, raw.get("title"), path_c + ("title",), "a chapter's 'title'")
        arts_raw = raw.get("articles")
        if not isinstance(arts_raw, list) or not arts_raw:
            raise doc.error(
                f"chapter {label!r} needs a non-empty list of 'articles'", *path_c, "articles"
            )
        arts = [
            _article(doc, a, path_c + ("articles", ai), seen, template_dir)
            for ai, a in enumerate(arts_raw)
        ]
        chapters.append(ChapterSpec(label, ctitle, arts, raw.get("when"), doc.line(*path_c)))

    suppl_raw = data.get("supplementary") or []
    if not isinstance(suppl_raw, list):
        raise doc.error("'supplementary' must be a list of articles", "supplementary")
    suppl = [
        _article(doc, a, ("supplementary", i), seen, template_dir) for i, a in enumerate(suppl_raw)
    ]
    reason = None
    if data.get("reason") is not None:
        reason = _article(doc, data["reason"], ("reason",), seen, template_dir, need_label=False)
    for key in ("compare", "check"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            raise doc.error(f"'{key}' must be a mapping", key)
    header = _header(doc, data.get("header"))
    house_style = data.get("house_style", "bureau")
    if house_style not in HOUSE_STYLES:
        raise doc.error(
            f"'house_style' must be one of {', '.join(HOUSE_STYLES)} (got {house_style!r})",
            "house_style",
        )
    notes = data.get("notes")
    if notes is not None and not (
        isinstance(notes, str)
        or (isinstance(notes, list) and all(isinstance(n, str) for n in notes))
    ):
        raise doc.error("'notes' must be text or a list of texts", "notes")
    return BillFile(
        path=path,
        display=doc.file,
        id=bill_id,
        template_dir=template_dir,
        title=title,
        options=options,
        chapters=chapters,
        supplementary=suppl,
        reason=reason,
        compare=data.get("compare") or {},
        check=data.get("check") or {},
        doc=doc,
        header=header,
        house_style=house_style,
    )


def _header(doc: YamlDoc, raw) -> dict[str, list[str]]:
    """`header: {ja: [lines], en: [lines]}`: the same number of lines in each language."""
    if raw is None:
        return {}
    if not isinstance(raw, dict) or set(raw) != {"ja", "en"}:
        raise doc.error("'header' must map ja and en to lists of lines", "header")
    for lang in ("ja", "en"):
        lines = raw[lang]
        if not isinstance(lines, list) or not all(isinstance(x, str) for x in lines):
            raise doc.error(f"'header.{lang}' must be a list of lines", "header", lang)
    if len(raw["ja"]) != len(raw["en"]):
        raise doc.error("'header' needs as many English lines as Japanese ones", "header", "en")
    return {"ja": list(raw["ja"]), "en": list(raw["en"])}
