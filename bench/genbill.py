"""Large bills for the benchmarks: the default bill's chapters multiplied, with new labels.

`generate(n, dest)` writes a bill of about `n` articles into `dest` (the bill file and a
folder of clause templates beside it). The default bill's chapters are copied K times; copy
0 is the default bill itself, and each further copy k gets its own template files
(`designation-k3.j2`), in which
- every explicit `label=X` becomes `X-k3`, and every quoted label of a copied chapter (the
  arguments of `ref()`, `refs()`, `ref_range()` and the lists passed to them) names the
  copy's label;
- `define(x)` and `define(x, scope=...)` become `term(x)`, since a term may be defined
  only once in a bill;
- some words of the text are varied, and every paragraph carries the copy's number
  （区分三）/ (part 3), so that no two articles of the bill have the same text: repeated
  text would let the caches of the diff and the comparator flatter the figures.
The supplementary provisions and the reason stay as they are (once, citing copy 0).
Articles are dropped from the end of the last copy, where nothing cites them, to hit `n`.

`make_version(bill, dest)` writes a second version of a generated bill: words changed in
some articles, one article inserted and one removed; for the diff and redline benchmarks.

Importable (the tests use it); run it to write a bill: `python bench/genbill.py 1000 DIR`.
"""

from __future__ import annotations

import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from clausewise.drafts.yamlsource import dump_yaml

REPO = Path(__file__).resolve().parent.parent

SOURCE_BILL = REPO / "drafts" / "jp-magnitsky.yaml"
SOURCE_TEMPLATES = REPO / "templates" / "jp-magnitsky"
TEMPLATES_NAME = "jp-magnitsky"

_LABEL_ATTR = re.compile(r"\blabel=((?:\{\{.*?\}\}|[^\s{])+)")
_LITERAL_LABEL = re.compile(r"([A-Za-z_]*\(?)(['\"])([a-z0-9][a-z0-9.-]*)\2")
_JINJA = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})")
_TEXT_LINE = re.compile(r"^(\s*(?:ja|en):\s?)(.*)$")

# Words varied in the copies, outside Jinja tags, on `ja:`/`en:` lines only: (old, new) pairs,
# one set per copy in turn. None introduces a quoted term, an outdated term or a citation.
WORD_VARIANTS = (
    (("必要", "所要"), ("necessary", "needed")),
    (("速やかに", "遅滞なく"), ("promptly", "without delay")),
    (("適切", "適正"), ("appropriate", "suitable")),
    (("措置", "処置"), ("measures", "steps")),
)
INSERTED_TEMPLATE = """\
caption: 年次評価 | Annual Evaluation
elements: oversight.parliament

para label=inserted-evaluation-duty
ja: 政府は、毎年、この法律に基づく措置の実施状況について評価を行い、その結果を公表するものとする。
en: The Government is to evaluate each year the implementation of the measures under this Act and
  publish the results.
"""


@dataclass
class Generated:
    bill: Path  # the bill file
    articles: int  # main-body articles (chapters), supplementary excluded
    copies: int
    labels: set[str] = field(
        default_factory=set, repr=False
    )  # the labels of copy 0 that copies rename


@dataclass
class Version:
    bill: Path
    changed: list[str]  # article labels whose wording changed
    inserted: str  # label of the inserted article
    removed: str  # label of the removed article


def _outside_jinja(line: str, fn) -> str:
    parts = _JINJA.split(line)
    return "".join(p if i % 2 else fn(p) for i, p in enumerate(parts))


def _vary_words(text: str, k: int) -> str:
    (ja_old, ja_new), (en_old, en_new) = WORD_VARIANTS[k % len(WORD_VARIANTS)]
    out = []
    for line in text.splitlines(keepends=True):
        m = _TEXT_LINE.match(line)
        if m:
            end = line[len(line.rstrip("\r\n")) :]
            line = (
                m.group(1)
                + _outside_jinja(
                    m.group(2), lambda s: s.replace(ja_old, ja_new).replace(en_old, en_new)
                )
                + end
            )
        out.append(line)
    return "".join(out)


_DEFINE = re.compile(r"define\(([^(),]*)(,\s*scope=[^()]*)?\)")
_SCOPED = re.compile(r"""define\(\s*['"]([\w-]+)['"]\s*,\s*scope=""")


def _scoped_terms(tdir: Path) -> set[str]:
    """Terms defined for one paragraph or chapter (define(x, scope=...))."""
    return {m for path in tdir.glob("*.j2") for m in _SCOPED.findall(path.read_text("utf-8"))}


def _own_terms(text: str, scoped: set[str], k: int) -> str:
    """Copy k's scoped terms under keys of its own (subject-k3): a scoped term may be defined
    once, and used only in its scope, so each copy defines and uses its own."""
    for key in scoped:
        text = re.sub(
            rf"""\b(define|term|term_pl)\((['"]){re.escape(key)}\2""", rf"\1(\2{key}-k{k}\2", text
        )
    return text


_LINE_END = re.compile(r"(?P<stop>[。.;:]?)(?P<space>\s*)$")


def _tag_copy(text: str, k: int) -> str:
    """Every ja:/en: line (and the continuation lines of an en: text) gets the copy's number
    before its final punctuation, outside Jinja tags; lines ending in a statement are left alone."""
    from clausewise.drafts.kanji import to_kanji

    tags = {"ja": f"（区分{to_kanji(k)}）", "en": f" (part {k})"}
    out, lang = [], None
    for line in text.splitlines(keepends=True):
        m = _TEXT_LINE.match(line)
        if m:
            lang = m.group(1).strip()[:2]
        elif not (lang == "en" and line.startswith((" ", "\t")) and line.strip()):
            lang = None
        body = line.rstrip("\r\n")
        if lang and body.strip() and not body.rstrip().endswith(("%}", "#}", "|", "ja:", "en:")):
            end = _LINE_END.search(body)
            body = body[: end.start()] + tags[lang] + end.group("stop")
        out.append(body + line[len(line.rstrip("\r\n")) :])
    return "".join(out)


def relabel(text: str, suffix: str, labels: set[str], *, first_copy: bool) -> str:
    """A template's text for another copy: its labels and the labels it cites get `suffix`."""

    def attr(m: re.Match) -> str:
        return f"label={m.group(1)}{suffix}"

    def literal(m: re.Match) -> str:
        before, quote, value = m.groups()
        if value not in labels or before in ("term(", "define("):
            return m.group(0)
        return f"{before}{quote}{value}{suffix}{quote}"

    text = _LABEL_ATTR.sub(attr, text)
    text = _LITERAL_LABEL.sub(literal, text)
    if not first_copy:
        # A bill-wide term is defined once in a bill; a scoped one (scope='paragraph')
        # is the copy's own term (see _scoped_terms) and stays defined where it is used.
        text = _DEFINE.sub(lambda m: m.group(0) if m.group(2) else f"term({m.group(1)})", text)
    return text


def _load_source(source_bill: Path) -> dict:
    return yaml.safe_load(source_bill.read_text(encoding="utf-8"))


def _chapter_labels(data: dict, template_dir: Path) -> tuple[set[str], dict[str, set[str]]]:
    """Every label of the chapters (chapters, articles, the labels their templates name), and
    for each article the labels its template cites."""
    from clausewise.drafts.billfile import load_bill
    from clausewise.drafts.render import render_bill

    doc = render_bill(load_bill(str(SOURCE_BILL)))
    labels: set[str] = set()
    for prov in doc.provisions:
        if prov.kind == "chapter":
            labels.update(p.label for p in prov.walk() if p.label)
    cites: dict[str, set[str]] = {}
    for ch in data["chapters"]:
        labels.add(ch["label"])
        for art in ch["articles"]:
            labels.add(art["label"])
            src = (template_dir / f"{art['template']}.j2").read_text(encoding="utf-8")
            labels.update(m.group(1) for m in _LABEL_ATTR.finditer(src) if "{" not in m.group(1))
    for ch in data["chapters"]:
        for art in ch["articles"]:
            src = (template_dir / f"{art['template']}.j2").read_text(encoding="utf-8")
            cites[art["label"]] = {
                m.group(3)
                for m in _LITERAL_LABEL.finditer(src)
                if m.group(3) in labels and m.group(1) not in ("term(", "define(")
            }
    return labels, cites


def _inner_labels(template_dir: Path, template: str) -> set[str]:
    src = (template_dir / f"{template}.j2").read_text(encoding="utf-8")
    return {m.group(1) for m in _LABEL_ATTR.finditer(src)}


def _counted_articles(data: dict) -> list[tuple[int, int]]:
    """(chapter index, article index) of the articles the bill's options switch on."""
    from clausewise.drafts.billfile import load_bill

    bill = load_bill(str(SOURCE_BILL))
    import jinja2

    env = jinja2.Environment()
    on = []
    for ci, ch in enumerate(bill.chapters):
        if ch.when and not env.compile_expression(ch.when)(**bill.options):
            continue
        for ai, art in enumerate(ch.articles):
            if art.when and not env.compile_expression(art.when)(**bill.options):
                continue
            on.append((ci, ai))
    return on


def _dump(data: dict, path: Path) -> None:
    # No aliases: chapters share title mappings, and bill files may not use aliases.
    path.write_text(dump_yaml(data, sort_keys=False, width=100), encoding="utf-8")


def generate(n_articles: int, dest: Path) -> Generated:
    """Write a bill of about n_articles main-body articles into dest; returns where it is."""
    dest = Path(dest)
    tdir = dest / "templates" / TEMPLATES_NAME
    if tdir.exists():
        shutil.rmtree(tdir)
    tdir.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SOURCE_TEMPLATES, tdir)
    data = _load_source(SOURCE_BILL)
    labels, cites = _chapter_labels(data, SOURCE_TEMPLATES)
    on = _counted_articles(data)
    per_copy = len(on)
    scoped = _scoped_terms(tdir)
    copies = max(1, round(n_articles / per_copy))
    chapters_out = []
    for k in range(copies):
        suffix = f"-k{k}" if k else ""
        for ch in data["chapters"]:
            new_ch = dict(ch, label=ch["label"] + suffix, articles=[])
            for art in ch["articles"]:
                template = art["template"]
                if k:
                    template = f"{art['template']}-k{k}"
                    src = (SOURCE_TEMPLATES / f"{art['template']}.j2").read_text(encoding="utf-8")
                    src = _own_terms(src, scoped, k)
                    text = _vary_words(relabel(src, suffix, labels, first_copy=False), k)
                    text = _tag_copy(text, k)
                    (tdir / f"{template}.j2").write_text(text, encoding="utf-8")
                new_ch["articles"].append(dict(art, label=art["label"] + suffix, template=template))
            chapters_out.append(new_ch)
    # Drop articles the options switch on from the end of the last copy, where nothing in
    # that copy cites them, until the count is n_articles (each copy only cites itself).
    excess = copies * per_copy - n_articles  # negative: fewer than asked, none dropped
    if excess > 0 and copies > 1:
        n_ch = len(data["chapters"])
        kept = {
            (ci, ai) for ci, ch in enumerate(data["chapters"]) for ai in range(len(ch["articles"]))
        }
        progress = True
        while excess and progress:  # again: dropping one may free what only it cited
            progress = False
            for ci, ai in reversed(on):
                if excess == 0:
                    break
                if (ci, ai) not in kept:
                    continue
                art = data["chapters"][ci]["articles"][ai]
                own = {art["label"]} | _inner_labels(SOURCE_TEMPLATES, art["template"])
                cited = set().union(
                    *(
                        cites[data["chapters"][cj]["articles"][aj]["label"]]
                        for cj, aj in kept
                        if (cj, aj) != (ci, ai)
                    )
                )
                if not own & cited:
                    kept.discard((ci, ai))
                    excess -= 1
                    progress = True
        last = chapters_out[-n_ch:]
        for ci, ch in enumerate(last):
            ch["articles"] = [a for ai, a in enumerate(ch["articles"]) if (ci, ai) in kept]
        chapters_out[-n_ch:] = [ch for ch in last if ch["articles"]]
    if scoped and copies > 1:
        terms_file = tdir / "terms.yaml"
        terms = yaml.safe_load(terms_file.read_text(encoding="utf-8"))
        for k in range(1, copies):
            terms.update({f"{key}-k{k}": terms[key] for key in scoped if key in terms})
        _dump(terms, terms_file)
    out = dict(data)
    out["bill"] = f"jp-magnitsky-n{n_articles}"
    out["templates"] = TEMPLATES_NAME
    out["chapters"] = chapters_out
    bill_path = dest / f"{out['bill']}.yaml"
    _dump(out, bill_path)
    # What was not dropped (a copy of one is the default bill whole).
    return Generated(bill_path, n_articles + excess, copies, labels=labels)


def _first_text_edit(text: str) -> str | None:
    """The template with one phrase added to its first ja: line and its first en: line."""
    lines = text.splitlines(keepends=True)
    done = {"ja": False, "en": False}
    for i, line in enumerate(lines):
        m = _TEXT_LINE.match(line)
        if not m:
            continue
        lang = m.group(1).strip()[:2]
        if done[lang]:
            continue
        if lang == "ja":
            new = _outside_jinja(m.group(2), lambda s: s.replace("は、", "は、原則として、", 1))
        else:
            new = _outside_jinja(m.group(2), lambda s: s.replace(", ", ", as a rule, ", 1))
        if new != m.group(2):
            lines[i] = m.group(1) + new + ("\n" if line.endswith("\n") else "")
            done[lang] = True
    return "".join(lines) if any(done.values()) else None


def make_version(bill: Path, dest: Path, *, change_every: int = 10) -> Version:
    """A second version of the bill in `bill`'s folder, written into dest: every
    change_every-th article reworded, an article inserted in the middle of the bill, and one
    article that nothing cites removed from its second half."""
    bill, dest = Path(bill), Path(dest)
    src_root = bill.parent
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src_root / "templates", dest / "templates")
    tdir = dest / "templates" / TEMPLATES_NAME
    data = yaml.safe_load(bill.read_text(encoding="utf-8"))
    arts = [(ci, ai) for ci, ch in enumerate(data["chapters"]) for ai in range(len(ch["articles"]))]

    changed = []
    for idx, (ci, ai) in enumerate(arts):
        if idx % change_every != change_every // 2:
            continue
        art = data["chapters"][ci]["articles"][ai]
        path = tdir / f"{art['template']}.j2"
        new = _first_text_edit(path.read_text(encoding="utf-8"))
        if new is not None:
            path.write_text(new, encoding="utf-8")
            changed.append(art["label"])

    # Remove an article from the second half that no template cites.
    cited: set[str] = set()
    for path in tdir.glob("*.j2"):
        src = path.read_text(encoding="utf-8")
        cited.update(
            m.group(3)
            for m in _LITERAL_LABEL.finditer(src)
            if m.group(1) not in ("term(", "define(")
        )
    removed = None
    for ci, ai in arts[len(arts) // 2 :] + arts[: len(arts) // 2][::-1]:
        art = data["chapters"][ci]["articles"][ai]
        own = {art["label"]} | _inner_labels(tdir, art["template"])
        if len(data["chapters"][ci]["articles"]) > 1 and not own & cited and not art.get("when"):
            if data["chapters"][ci]["articles"][ai + 1 : ai + 2] and data["chapters"][ci][
                "articles"
            ][ai + 1].get("branch"):
                continue
            removed = art["label"]
            del data["chapters"][ci]["articles"][ai]
            break
    assert removed is not None, "no article can be removed without breaking a reference"

    # Insert an article in the first half.
    ci = max(0, len(data["chapters"]) // 4)
    (tdir / "inserted-evaluation.j2").write_text(INSERTED_TEMPLATE, encoding="utf-8")
    data["chapters"][ci]["articles"].insert(
        1, {"label": "inserted-evaluation", "template": "inserted-evaluation"}
    )
    new_bill = dest / bill.name
    _dump(data, new_bill)
    return Version(new_bill, changed, "inserted-evaluation", removed)


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    out = Path(sys.argv[2] if len(sys.argv) > 2 else f"/tmp/genbill-{n}")
    g = generate(n, out)
    print(g.bill, g.articles, "articles,", g.copies, "copies")
