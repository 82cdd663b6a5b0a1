"""Fuzz the command line with generated hostile inputs: `python bench/fuzz.py [-n 10000]`.

Each input is a valid seed (the test bill, one of its clause templates, a shipped provision
map, a built JSON file, an official XML file) with one to three mutations: random bytes and
control characters, YAML aliases and anchors, deep nesting, huge numbers, escaped
surrogates, Jinja2 escape payloads, symbolic links, cut or doubled spans. Each is run
in-process through the CLI (click's CliRunner), as a user would run it:

    bill files      clausewise build BILL --format json
    templates       clausewise build BILL --format json      (the mutated template)
    maps            clausewise corpus show ID --corpus DIR   (the mutated map)
    built JSON      clausewise diff GOOD.json BAD.json --format json
    XML             clausewise corpus import FILE --corpus DIR --force ...

It counts exit statuses and internal errors (status 3, or a traceback anywhere in the
output), and keeps up to 20 failing inputs in bench/results/fuzz-failures/ to replay. It
ends with status 1 when any input ended in anything but 0, 1 or 2, or ran code.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from clausewise.cli import main
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent

MINI = REPO / "tests" / "data" / "mini"
MAP = REPO / "compare" / "corpus" / "maps" / "ca-jvcfoa-regs-2017.yaml"
XML_SEEDS = [REPO / "tests" / "data" / "clml-sample.xml"]
MARKER = "clausewise-fuzz-pwned"

JINJA_PAYLOADS = [
    "{{ cycler.__init__.__globals__.os.system('touch MARK') }}".replace("MARK", MARKER),
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ lipsum.__globals__['os'].popen('touch MARK') }}".replace("MARK", MARKER),
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ ''|attr('__class__')|attr('__mro__') }}",
    "{{ '{0.__class__}'.format(ref) }}",
    "{{ ref.__globals__ }}",
    "{% include '../../../etc/passwd' %}",
    "{% include '/etc/passwd' %}",
    "{% import 'link.j2' as x %}",
    "{% include 'link.j2' %}",
    "{{ 'x' * 10**12 }}",
    "{{ 9 ** 9 ** 9 }}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "{{ 1 / 0 }}",
    "{{ range(10**9)|list }}",
    "{% for x in 'ab' %}{{ loop.__class__ }}{% endfor %}",
    "{{ ref(1, 2, 3, x=4) }}",
    "{{ term([]) }}",
    "{{ kanji('x') }}",
    "{{ yen_en(10**400) }}",
    "{{ refs() }}",
    "\ue0000\ue001",
    "{% set x = [] %}{{ x.append(1) }}",
    "{{ ",
    "{% endif %}",
]
YAML_PAYLOADS = [
    "&a [1, 2]",
    "*a",
    "&a [&b [x, x], *b]",
    "<<: *a",
    "[" * 200 + "]" * 200,
    "[" * 5000,
    "{a: " * 150 + "1" + "}" * 150,
    "9" * 5000,
    "-" + "9" * 30,
    '"\\ud800"',
    '"\\0"',
    '"\\x07"',
    "\x00",
    "\x1b[31m",
    "!!python/object/apply:os.system ['touch MARK']".replace("MARK", MARKER),
    "!!binary aGk=",
    "!!set {a, b}",
    "\n---\nb: 2",
    "? [a, b]\n: c",
    "{[a]: 1}",
    "~",
    ".nan",
    "2024-13-45",
    "'unterminated",
    "\t- tab",
    "\ufeff",
    "\ud800",
]
JSON_PAYLOADS = [
    "[" * 100_000,
    "9" * 5000,
    "NaN",
    "Infinity",
    '"\\ud800"',
    '"\\u0000"',
    "null",
    "[]",
    "{}",
    '{"kind": "evil", "label": 1}',
    '"../../escaped"',
    '"/tmp/abs"',
    "1e999",
    "-0",
    "true",
]
XML_PAYLOADS = [
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
    '<!DOCTYPE x SYSTEM "file:///etc/passwd">',
    "&xxe;",
    "<a>" * 300,
    "</a>" * 3,
    "\x00",
    "<?xml-stylesheet href='http://evil/x.xsl'?>",
    '<xi:include href="/etc/passwd" xmlns:xi="http://www.w3.org/2001/XInclude"/>',
    "\ud800",
    "<![CDATA[" + "x" * 1000,
    "plain words",
    "&amp;",
    "&#x41;",
    "&#0;",
    "&#xD800;",
]
NOISE = ["\x00", "\x01", "\x07", "\x0b", "\x1b", "\x7f", "\x85", "\u2028", "\ufffe", "\ue000"]


def mutate(text: str, payloads: list[str], rng: random.Random) -> str:
    """One to three mutations of a seed text."""
    for _ in range(rng.randint(1, 3)):
        op = rng.random()
        at = rng.randint(0, len(text))
        if op < 0.45:
            payload = rng.choice(payloads)
            text = text[:at] + payload + text[at:]
        elif op < 0.55:
            # Replace a value after a colon (YAML) or between quotes with a payload.
            colon = text.find(": ", at)
            if colon >= 0:
                end = text.find("\n", colon)
                end = len(text) if end < 0 else end
                text = text[: colon + 2] + rng.choice(payloads) + text[end:]
        elif op < 0.7:
            text = text[:at] + rng.choice(NOISE) + text[at:]
        elif op < 0.8:
            cut = rng.randint(at, min(len(text), at + 200))
            text = text[:at] + text[cut:]
        elif op < 0.9:
            cut = rng.randint(at, min(len(text), at + 200))
            text = text[:cut] + text[at:cut] * rng.randint(2, 50) + text[cut:]
        else:
            text = text[:at]
    return text


def write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8", "surrogatepass"))


class Fuzzer:
    def __init__(self, work: Path, rng: random.Random, keep: Path | None) -> None:
        self.work = work
        self.rng = rng
        self.keep = keep
        self.runner = CliRunner()
        self.statuses: collections.Counter = collections.Counter()
        self.by_kind: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        self.failures: list[tuple[str, int, str]] = []
        self.kept = 0
        self._seed_json()

    def _fresh_bill(self) -> Path:
        dest = self.work / "case"
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(MINI, dest / "mini")
        return dest / "mini" / "bill.yaml"

    def _seed_json(self) -> None:
        bill = self._fresh_bill()
        out = self.work / "seed"
        result = self.runner.invoke(main, ["build", str(bill), "-o", str(out), "--format", "json"])
        assert result.exit_code == 0, result.output
        self.good_json = out / "mini.json"
        self.json_text = self.good_json.read_text(encoding="utf-8")

    def run(self, kind: str, args: list[str], files: list[Path]) -> None:
        result = self.runner.invoke(main, args)
        status = result.exit_code
        output = result.output + (result.stderr if result.stderr_bytes is not None else "")
        internal = status not in (0, 1, 2) or "Traceback" in output
        if (self.work / MARKER).exists() or Path(MARKER).exists():
            internal = True
            output += "\n(the input ran code)"
        self.statuses[status] += 1
        self.by_kind[kind][status] += 1
        if internal:
            self.failures.append(
                (kind, status, output.strip().splitlines()[-1:][0] if output.strip() else "")
            )
            self._keep(kind, files, output)

    def _keep(self, kind: str, files: list[Path], output: str) -> None:
        if self.keep is None or self.kept >= 20:
            return
        self.kept += 1
        dest = self.keep / f"{self.kept:02d}-{kind}"
        dest.mkdir(parents=True, exist_ok=True)
        for f in files:
            if f.is_file() and not f.is_symlink():
                shutil.copy(f, dest / f.name)
        (dest / "output.txt").write_text(output, encoding="utf-8", errors="replace")

    # --- the five kinds of input ---------------------------------------------------------

    def bill_file(self) -> None:
        bill = self._fresh_bill()
        write(bill, mutate(bill.read_text(encoding="utf-8"), YAML_PAYLOADS, self.rng))
        out = self.work / "out"
        self.run("bill", ["build", str(bill), "-o", str(out), "--format", "json"], [bill])

    def template(self) -> None:
        bill = self._fresh_bill()
        folder = bill.parent / "templates" / "mini"
        if self.rng.random() < 0.1:
            (folder / "link.j2").symlink_to(self.rng.choice(["/etc/passwd", "../../bill.yaml"]))
        target = self.rng.choice(sorted(folder.glob("*.j2")))
        if self.rng.random() < 0.05:
            target = folder / self.rng.choice(["options.yaml", "terms.yaml"])
            payloads = YAML_PAYLOADS
        else:
            payloads = JINJA_PAYLOADS
        write(target, mutate(target.read_text(encoding="utf-8"), payloads, self.rng))
        out = self.work / "out"
        self.run("template", ["build", str(bill), "-o", str(out), "--format", "json"], [target])

    def map_file(self) -> None:
        corpus = self.work / "corpus"
        if corpus.exists():
            shutil.rmtree(corpus)
        (corpus / "maps").mkdir(parents=True)
        target = corpus / "maps" / "ca-jvcfoa-regs-2017.yaml"
        payloads = YAML_PAYLOADS + [
            "javascript:alert(1)",
            "../../../../etc/passwd",
            "/etc/passwd",
            "data:text/html,x",
        ]
        write(target, mutate(MAP.read_text(encoding="utf-8"), payloads, self.rng))
        args = ["corpus", "show", "ca-jvcfoa-regs-2017", "--corpus", str(corpus)]
        self.run("map", args, [target])

    def built_json(self) -> None:
        bad = self.work / "bad.json"
        write(bad, mutate(self.json_text, JSON_PAYLOADS, self.rng))
        args = ["diff", str(self.good_json), str(bad), "--format", "json"]
        self.run("json", args, [bad])

    def xml(self) -> None:
        seed = self.rng.choice(XML_SEEDS)
        src = self.work / "in.xml"
        write(src, mutate(seed.read_text(encoding="utf-8"), XML_PAYLOADS, self.rng))
        corpus = self.work / "xcorpus"
        args = [
            "corpus", "import", str(src), "--id", "xx-fuzz", "--jurisdiction", "xx",
            "--title", "Fuzz", "--corpus", str(corpus), "--force",
        ]  # fmt: skip
        self.run("xml", args, [src])


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="number of inputs (10,000)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--keep",
        type=Path,
        default=REPO / "bench" / "results" / "fuzz-failures",
        help="folder for failing inputs",
    )
    args = parser.parse_args(argv)
    canada = REPO.parent / "shared" / "corpus" / "ca" / "SOR-2017-233.en.xml"
    corpus_env = os.environ.get("CLAUSEWISE_CORPUS")
    for candidate in ([Path(corpus_env) / "ca" / "SOR-2017-233.en.xml"] if corpus_env else []) + [
        canada
    ]:
        if candidate.is_file():
            XML_SEEDS.append(candidate)
            break
    rng = random.Random(args.seed)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="clausewise-fuzz-") as tmp:
        work = Path(tmp)
        old_cwd = os.getcwd()
        os.chdir(work)
        os.environ["XDG_CACHE_HOME"] = str(work / "cache")
        try:
            fuzzer = Fuzzer(work, rng, args.keep)
            kinds = [
                fuzzer.bill_file,
                fuzzer.template,
                fuzzer.map_file,
                fuzzer.built_json,
                fuzzer.xml,
            ]
            for i in range(args.n):
                kinds[i % len(kinds)]()
                if (i + 1) % 500 == 0:
                    print(f"{i + 1} inputs, {time.monotonic() - started:.0f} s", file=sys.stderr)
        finally:
            os.chdir(old_cwd)
    elapsed = time.monotonic() - started
    print(f"inputs: {args.n} in {elapsed:.0f} s (seed {args.seed})")
    print("exit statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(fuzzer.statuses.items())))
    for kind, counts in fuzzer.by_kind.items():
        print(f"  {kind}: " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    print(f"tracebacks or internal errors: {len(fuzzer.failures)}")
    for kind, status, line in fuzzer.failures[:20]:
        print(f"  {kind} -> {status}: {line}")
    return 1 if fuzzer.failures else 0


if __name__ == "__main__":
    sys.exit(main_())
