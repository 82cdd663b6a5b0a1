"""clausewise benchmarks: `python bench/run.py [--quick] [--baseline REV] [--runs N]`.

Figures that cannot flatter:
- every command runs in a fresh process, as an aide or CI runs it, and is measured from
  outside: CPU time (user + system of the child and the children it waited for, from wait4),
  wall time, and peak resident memory (ru_maxrss of the same);
- each figure is the median and the range (min–max) of N runs, and runs are *paired and
  interleaved* with a peer in the same run (A B B A A B …): the previous commit
  (`--baseline REV`, extracted with git archive), the import floor of the dependencies, or
  the alternative a user would pick — so machine load falls on both sides alike;
- verdicts are taken on CPU time, which load changes far less than wall time; the load
  average and core count are recorded with the figures (bench/results/latest.json);
- growth exponents are fitted on median CPU time over the generated bills (100, 1,000 and
  5,000 articles, bench/genbill.py, whose articles carry distinct text) and checked against
  n log n: a check that fails when growth is worse;
- `check` and `diff` are timed with clausewise's render cache emptied before each run (a
  first run on a bill), and beside that, as a peer row, with the bill already rendered;
- the in-process side-by-side (our wording diff against difflib.SequenceMatcher) runs on
  the paragraph pairs whose text changed, not on equal pairs an equality test skips.

Every step — build (docx, json), check, diff in every format (json, md, html, the docx
redline, the 新旧対照表), compare — runs at every size, with its peak memory, against the
300 MB target. `--quick` runs 100 and 1,000 articles with one run each, for a smoke test;
`--steps compare,check` runs only the steps whose names begin so (and judges only those).
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for p in (REPO, REPO / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import genbill  # noqa: E402

DEFAULT_JSON = REPO / "bench" / "results" / "latest.json"
SIZES = (100, 1000, 5000)
TIMEOUT = 1800  # seconds for one run of one command
MEMORY_LIMIT_MB = 300
# Targets on CPU seconds of the default bill (33 articles).
CPU_TARGETS = {"help": 0.3, "build-docx": 1.5, "check": 1.0, "compare": 2.0}
FLOOR_RATIO = 4.0  # compare of the default bill: at most this many times the import floor
BASELINE_SPEEDUP = 2.0  # compare at 1,000 articles: at least this much faster than baseline
GROWTH_SLACK = 0.10  # fitted exponent may exceed n log n's by this much (measurement noise)
# What importing the dependencies costs: no command can cost less.
FLOOR_CODE = "import click, jinja2, yaml, lxml.etree, docx, diff_match_patch"


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mb: float


@dataclass
class Result:
    step: str
    n: int | None  # articles; None for steps that do not depend on the bill
    who: str = "ours"  # ours, baseline, floor, or an alternative's name
    samples: list[Sample] = field(default_factory=list)
    failed: str = ""
    note: str = ""

    def stat(self, attr: str) -> tuple[float, float, float] | None:
        vals = [getattr(s, attr) for s in self.samples]
        return (statistics.median(vals), min(vals), max(vals)) if vals else None

    @property
    def cpu(self) -> float | None:
        st = self.stat("cpu")
        return st[0] if st else None

    @property
    def peak_mb(self) -> float:
        return max((s.rss_mb for s in self.samples), default=0.0)

    def row(self) -> dict:
        out = {"step": self.step, "n": self.n, "who": self.who, "runs": len(self.samples)}
        for attr in ("cpu", "wall"):
            st = self.stat(attr)
            out[attr] = dict(zip(("median", "min", "max"), st, strict=True)) if st else None
        out["peak_mb"] = self.peak_mb
        out["samples"] = [[s.cpu, s.wall, s.rss_mb] for s in self.samples]
        if self.failed:
            out["failed"] = self.failed
        if self.note:
            out["note"] = self.note
        return out


def run_once(argv: list[str], env: dict, cwd: Path) -> tuple[Sample, int, str]:
    """Run a command to its end: its CPU and wall time, peak memory, exit status, stderr.

    wait4 gives the child's resource use including the children it waited for (the diff's
    second rendering process), so CPU time covers all the work and ru_maxrss the largest.
    """
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        timer = threading.Timer(TIMEOUT, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(wall, cpu, usage.ru_maxrss / 1024), proc.returncode, stderr


@dataclass
class Side:
    """One side of a pair: how to run a command line of clausewise (or anything else)."""

    who: str
    prefix: list[str]
    env: dict
    fixed: bool = False  # the command line is complete: the step's arguments are not added
    # Folders emptied before every run of this side: the render cache, so that `check` and
    # `diff` are timed as a first run on a bill is, not as a repeat the cache serves.
    fresh: tuple[Path, ...] = ()

    def clear(self) -> None:
        for folder in self.fresh:
            shutil.rmtree(folder, ignore_errors=True)

    def argv(self, args: list[str]) -> list[str]:
        return self.prefix if self.fixed else self.prefix + args


class Bench:
    def __init__(self, work: Path, runs: int, baseline: str | None, steps=None):
        self.work = work
        self.runs = runs
        self.steps = steps  # None: every step; else the prefixes of the steps to run
        self.results: list[Result] = []
        self.notes: list[str] = []
        self.extra: dict = {}
        # Bytecode is written, as an installed package has it; PYTHONDONTWRITEBYTECODE is
        # measured on its own row.
        env = dict(os.environ, PYTHONHASHSEED="0")
        env.pop("CLAUSEWISE_CORPUS", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        ours_env = dict(env, XDG_CACHE_HOME=str(work / "cache"))
        rendered = work / "cache" / "clausewise" / "rendered"
        self.ours = Side("ours", clausewise(), ours_env, fresh=(rendered,))
        # The same command when the bill was rendered by an earlier run (a repeated check
        # or diff): its own row, never the headline figure.
        self.warm = Side("ours, rendered bill cached", clausewise(), ours_env)
        self.floor = Side("import floor", [sys.executable, "-c", FLOOR_CODE], env, fixed=True)
        self.base = None
        if baseline:
            root = extract(baseline, work / "baseline")
            self.base = Side(
                f"baseline {baseline}",
                [sys.executable, "-c", "from clausewise.cli import main; main()"],
                dict(env, PYTHONPATH=str(root), XDG_CACHE_HOME=str(work / "cache-baseline")),
            )
            # Both sides read the same input: the baseline's default bill and templates,
            # and the bills generated from them (a newer bill file may carry keys the
            # baseline refuses; the current code reads the older bill).
            genbill.SOURCE_BILL = root / "clausewise" / "drafts" / "jp-magnitsky.yaml"
            genbill.SOURCE_TEMPLATES = root / "clausewise" / "templates" / "jp-magnitsky"

    def wants(self, step: str) -> bool:
        return self.steps is None or any(step.startswith(s) for s in self.steps)

    def runs_for(self, n: int | None) -> int:
        """Runs a figure: fewer at the largest sizes, where one run takes minutes of CPU on a
        shared machine (the median of 3 at 5,000 articles is --runs 5)."""
        return self.runs if n is None or n <= 1000 else max(1, self.runs - 2)

    def pair(
        self,
        step: str,
        n: int | None,
        args: list[str],
        peers: tuple[Side, ...] = (),
        *,
        runs: int | None = None,
        ok_codes=(0,),
        note: str = "",
        warm: bool = True,
    ) -> Result:
        """Our command and its peers, interleaved (A B, B A, A B, …).

        On the default bill and the short generated ones each side first runs once untimed
        (bytecode, template caches, the page cache), unless warm=False: a generated bill's
        templates are compiled by its first build, timed cold on a row of its own at every
        size; a long run needs no warming.
        """
        runs = runs or self.runs_for(n)
        sides = [self.ours, *peers]
        results = [Result(step, n, side.who, note=note) for side in sides]
        if not self.wants(step):
            return results[0]
        for side in sides if warm and (n is None or n < 1000) else ():
            run_once(side.argv(args), side.env, self.work)
        for i in range(runs):
            order = list(range(len(sides)))
            if i % 2:
                order.reverse()
            for k in order:
                side, res = sides[k], results[k]
                if res.failed:
                    continue
                side.clear()
                sample, code, stderr = run_once(side.argv(args), side.env, self.work)
                if code not in ok_codes:
                    res.failed = f"exit {code}: {stderr.strip()[-400:]}"
                    continue
                res.samples.append(sample)
        self.results.extend(results)
        for res in results:
            print("  " + line(res), flush=True)
        return results[0]


def line(res: Result) -> str:
    name = res.step + ("" if res.who == "ours" else f" [{res.who}]")
    size = "" if res.n is None else res.n
    if not res.samples:
        return f"{name:<44} {size:>6} FAILED {res.failed[:160]}"
    c, w = res.stat("cpu"), res.stat("wall")
    return (
        f"{name:<44} {size:>6} cpu {c[0]:7.2f} s ({c[1]:.2f}–{c[2]:.2f})  "
        f"wall {w[0]:7.2f} s ({w[1]:.2f}–{w[2]:.2f})  {res.peak_mb:6.0f} MB"
    )


def clausewise() -> list[str]:
    exe = Path(sys.executable).with_name("clausewise")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "clausewise"]


def extract(rev: str, dest: Path) -> Path:
    """The tree of `rev` as an importable package `clausewise` under dest (no git worktree:
    the repository is shared)."""
    pkg = dest / "clausewise"
    pkg.mkdir(parents=True, exist_ok=True)
    data = subprocess.run(
        ["git", "archive", "--format=tar", rev], cwd=REPO, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(pkg, filter="data")
    return dest


def corpus_dir() -> Path | None:
    for c in (os.environ.get("CLAUSEWISE_CORPUS"), REPO.parent / "shared" / "corpus"):
        if c and Path(c).is_dir():
            return Path(c)
    return None


# --- in process: our wording diff against difflib, on changed pairs only ---------------------


def _changed_pairs(old, new) -> list[tuple[str, str, str]]:
    old_by = {p.label: p for p in old.walk() if p.label}
    out = []
    for p in new.walk():
        q = old_by.get(p.label)
        if q is None:
            continue
        for lang in ("ja", "en"):
            a, b = q.text.get(lang, ""), p.text.get(lang, "")
            if a != b:
                out.append((a, b, lang))
    return out


def difflib_side_by_side(old_bill: Path, new_bill: Path, n: int, runs: int) -> dict:
    """Our character/word diff and difflib.SequenceMatcher on the paragraph pairs whose text
    changed (an equal pair is skipped by either), CPU time in this process, interleaved."""
    from clausewise.compare.review.textdiff import diff_text
    from clausewise.compare.review.versions import load_version

    old, new = load_version(str(old_bill)).doc, load_version(str(new_bill)).doc
    pairs = _changed_pairs(old, new)

    def ours():
        for a, b, lang in pairs:
            diff_text(a, b, lang)

    def theirs():
        for a, b, _ in pairs:
            difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()

    times: dict[str, list[float]] = {"ours": [], "difflib": []}
    fns = [("ours", ours), ("difflib", theirs)]
    for i in range(runs):
        for name, fn in fns if i % 2 == 0 else fns[::-1]:
            t = time.process_time()
            fn()
            times[name].append(time.process_time() - t)
    med = {k: statistics.median(v) for k, v in times.items()}
    return {
        "n": n,
        "changed_pairs": len(pairs),
        "ours_cpu_s": med["ours"],
        "difflib_cpu_s": med["difflib"],
        "ours_range": [min(times["ours"]), max(times["ours"])],
        "difflib_range": [min(times["difflib"]), max(times["difflib"])],
        "ratio": med["difflib"] / med["ours"] if med["ours"] else None,
    }


def docxodus_side(b: Bench, v1: Path, v2: Path) -> Side | None:
    """python-redlines' Docxodus engine on the two built .docx versions, if installed."""
    try:
        from python_redlines.engines import DocxodusEngine

        engine = DocxodusEngine()
    except Exception as exc:  # not installed, or no binary for this platform
        b.notes.append(
            f"python-redlines (Docxodus) not run: {type(exc).__name__}: {exc}. "
            "Install it with: pip install -e '.[bench]'"
        )
        return None
    out = b.work / "docxodus"
    docs = []
    for tag, bill in (("v1", v1), ("v2", v2)):
        folder = out / tag
        folder.mkdir(parents=True, exist_ok=True)
        run_once(
            b.ours.prefix + ["build", str(bill), "-o", str(folder), "--format", "docx"],
            b.ours.env,
            b.work,
        )
        docs.append(next(folder.glob("*.docx")))
    cmd = engine._build_command("bench", str(docs[0]), str(docs[1]), str(out / "r.docx"))
    return Side("python-redlines (Docxodus)", cmd, dict(os.environ), fixed=True)


# --- growth and verdicts --------------------------------------------------------------------


def exponent(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(time) against log(n)."""
    pts = [(math.log(n), math.log(t)) for n, t in points if n and t and t > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx if sxx else None


def nlogn_exponent(sizes: list[int]) -> float:
    """The slope n log n shows, fitted over the same sizes."""
    return exponent([(n, n * math.log(n)) for n in sizes]) or 1.0


def verdicts(b: Bench, sizes: tuple[int, ...]) -> tuple[list[dict], dict]:
    ours = [r for r in b.results if r.who == "ours"]
    by = {(r.step, r.n): r for r in ours}
    targets: list[dict] = []

    def add(what: str, measured, limit, ok: bool | None, note: str = "") -> None:
        # Not measured is a failure: a target nobody measured is not met (a step that
        # --steps leaves out has no target).
        targets.append(
            {"target": what, "measured": measured, "limit": limit, "pass": bool(ok), "note": note}
        )

    for step, limit in CPU_TARGETS.items():
        if not b.wants(step):
            continue
        r = by.get((step, None))
        add(f"{step} of the default bill, CPU s", r and r.cpu, limit, r and r.cpu and r.cpu < limit)
    floor = next((r for r in b.results if r.who == b.floor.who and r.step == "compare"), None)
    comp = by.get(("compare", None))
    if not b.wants("compare"):
        pass
    elif floor and comp and floor.cpu and comp.cpu:
        ratio = comp.cpu / floor.cpu
        add(
            "compare of the default bill / import floor (CPU)",
            ratio,
            FLOOR_RATIO,
            ratio <= FLOOR_RATIO,
        )
    else:
        add("compare of the default bill / import floor (CPU)", None, FLOOR_RATIO, False)
    if b.base is not None and b.wants("compare"):
        mid = min(sizes, key=lambda s: abs(s - 1000))
        theirs = next(
            (r for r in b.results if r.who == b.base.who and r.step == "compare" and r.n == mid),
            None,
        )
        mine = by.get(("compare", mid))
        ok = theirs and mine and theirs.cpu and mine.cpu
        speed = theirs.cpu / mine.cpu if ok else None
        add(
            f"compare at {mid} articles, speed-up over {b.base.who} (CPU)",
            speed,
            BASELINE_SPEEDUP,
            speed is not None and speed >= BASELINE_SPEEDUP,
        )
    growth: dict[str, dict] = {}
    steps = sorted({r.step for r in ours if r.n is not None})
    for step in steps:
        pts = sorted((r.n, r.cpu) for r in ours if r.step == step and r.n and r.cpu)
        fit = exponent(pts)
        limit = nlogn_exponent([n for n, _ in pts]) + GROWTH_SLACK if len(pts) >= 2 else None
        growth[step] = {"points": pts, "exponent_cpu": fit, "limit": limit}
        add(
            f"growth of {step} (CPU exponent) within n log n",
            fit,
            limit,
            fit is not None and fit <= limit,
            "" if len(pts) == len(sizes) else f"measured at {len(pts)} of {len(sizes)} sizes",
        )
    big = max(sizes)
    for step in steps:
        r = by.get((step, big))
        add(
            f"peak memory of {step} at {big} articles, MB",
            r.peak_mb if r and r.samples else None,
            MEMORY_LIMIT_MB,
            bool(r and r.samples) and r.peak_mb < MEMORY_LIMIT_MB,
        )
    red = [r for r in b.results if r.step == "redline docx" and r.n is None]
    theirs = next((r for r in red if r.who.startswith("python-redlines")), None)
    mine = by.get(("redline docx", None))
    if theirs and theirs.cpu and mine and mine.cpu:
        add(
            "Word redline of the default bill faster than python-redlines (CPU)",
            mine.cpu,
            theirs.cpu,
            mine.cpu < theirs.cpu,
        )
    return targets, growth


# --- the run --------------------------------------------------------------------------------


def run(args) -> dict:
    work = Path(tempfile.mkdtemp(prefix="clausewise-bench-"))
    sizes = args.sizes
    b = Bench(work, args.runs, args.baseline, args.steps)
    corpus = corpus_dir()
    started = time.time()
    load_start = os.getloadavg()
    base = (b.base,) if b.base else ()
    out = work / "out"
    try:
        print(f"clausewise benchmarks, {args.runs} run(s) a figure, work folder {work}")
        print(f"load average {load_start[0]:.2f} on {os.cpu_count()} cores")
        print("default bill (jp-magnitsky):")
        b.pair("help", None, ["--help"], (b.floor, *base))
        nobyte = Side(
            "PYTHONDONTWRITEBYTECODE=1",
            b.ours.prefix,
            dict(b.ours.env, PYTHONDONTWRITEBYTECODE="1"),
        )
        bill = str(genbill.SOURCE_BILL)
        build = ["build", bill, "-o", str(out), "--format"]
        b.pair("build-docx", None, [*build, "docx"], (nobyte, *base))
        b.pair("build-json", None, [*build, "json"], base)
        b.pair("check", None, ["check", bill], (b.floor, b.warm, *base), ok_codes=(0, 1))
        compare = ["compare", bill, "-o", str(out / "compare"), "--format", "html,json"]
        if corpus is not None:
            compare += ["--corpus", str(corpus)]
        else:
            b.notes.append("no corpus folder: compare used the provision maps only")
        b.pair("compare", None, compare, (b.floor, *base))
        v1 = genbill.generate(1, work / "default" / "v1")
        v2 = genbill.make_version(v1.bill, work / "default" / "v2", change_every=8)
        redline = [
            "diff",
            str(v1.bill),
            str(v2.bill),
            "--format",
            "docx",
            "-o",
            str(out / "r.docx"),
        ]
        redline += ["--author", "bench", "--date", "2025-01-01T00:00:00Z"]
        peers = list(base)
        dx = docxodus_side(b, v1.bill, v2.bill) if b.wants("redline docx") else None
        if dx:
            peers.append(dx)
        b.pair("redline docx", None, redline, tuple(peers))
        if b.wants("wording diff"):
            b.extra["difflib_default"] = difflib_side_by_side(
                v1.bill, v2.bill, v1.articles, 2 * args.runs + 1
            )

        print("generated bills:")
        for size in sizes:
            g = genbill.generate(size, work / f"n{size}" / "v1")
            gv = genbill.make_version(g.bill, work / f"n{size}" / "v2")
            n = g.articles
            o = work / f"n{size}" / "out"
            old, new = str(g.bill), str(gv.bill)
            # The first build compiles the templates (cached after): its own row, one run.
            b.pair(
                "build-json (templates compiled)",
                n,
                ["build", old, "-o", str(o), "--format", "json"],
                runs=1,
                warm=False,  # a warming run would compile them: the row was warm below 1,000
            )
            # Every other side and version compiles its templates untimed first: a cold
            # template cache costs more than the command (57 s against 15 s at 5,000).
            warm = (
                [(b.ours, new)]
                + [(b.ours, old)] * (not b.wants("build-json (templates compiled)"))
                + [(side, bill) for side in base for bill in (old, new)]
            )
            for side, bill in warm:
                run_once(
                    side.argv(["build", bill, "-o", str(o / "warm"), "--format", "json"]),
                    side.env,
                    work,
                )
            b.pair("build-docx", n, ["build", old, "-o", str(o), "--format", "docx"], base)
            b.pair("build-json", n, ["build", old, "-o", str(o), "--format", "json"])
            b.pair("check", n, ["check", old], (b.warm,), ok_codes=(0, 1))
            for fmt in ("json", "md", "html", "docx", "shinkyu"):
                target = (
                    ["-o", str(o / f"diff-{fmt}")] if fmt in ("docx", "html", "shinkyu") else []
                )
                if fmt == "shinkyu":
                    target = ["-o", str(o / "shinkyu") + "/"]
                step = "redline docx" if fmt == "docx" else f"diff {fmt}"
                b.pair(
                    step,
                    n,
                    ["diff", old, new, "--format", fmt, *target],
                    (b.warm, *base) if fmt == "json" else (),
                )
            args_c = ["compare", old, "-o", str(o / "compare"), "--format", "html,json"]
            if corpus is not None:
                args_c += ["--corpus", str(corpus)]
            b.pair("compare", n, args_c, base if size <= 1000 else ())
            if size <= 1000 and b.wants("wording diff"):
                b.extra.setdefault("difflib", []).append(
                    difflib_side_by_side(g.bill, gv.bill, n, 2 * args.runs + 1)
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    targets, growth = verdicts(b, tuple(sorted({r.n for r in b.results if r.n})) or sizes)
    data = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cores": os.cpu_count(),
            "load_average_start": load_start,
            "load_average_end": os.getloadavg(),
        },
        "runs": args.runs,
        "baseline": args.baseline,
        "elapsed_s": time.time() - started,
        "corpus": str(corpus) if corpus else None,
        "command": " ".join(["python", "bench/run.py", *(sys.argv[1:])]),
        "results": [r.row() for r in b.results],
        "growth": growth,
        "side_by_side": b.extra,
        "targets": targets,
        "notes": b.notes,
    }
    print()
    print(table(b.results, growth))
    print()
    print(side_table(b.extra))
    print()
    print("targets (verdicts on CPU time):")
    for t in targets:
        meas = "—" if t["measured"] is None else f"{t['measured']:.3g}"
        lim = "—" if t["limit"] is None else f"{t['limit']:.3g}"
        mark = "pass" if t["pass"] else "FAIL"
        print(f"  {mark} {t['target']}: {meas} (limit {lim}) {t['note']}".rstrip())
    for note in b.notes:
        print(f"note: {note}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nJSON: {args.json}")
    return data


def table(results: list[Result], growth: dict) -> str:
    out = [
        "| step | articles | who | CPU s median (min–max) | wall s median (min–max) "
        "| peak MB | runs | CPU exponent |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        size = "default" if r.n is None else f"{r.n:,}"
        if not r.samples:
            out.append(f"| {r.step} | {size} | {r.who} | failed: {r.failed[:60]} | | | | |")
            continue
        c, w = r.stat("cpu"), r.stat("wall")
        g = growth.get(r.step, {}) if r.who == "ours" and r.n is not None else {}
        last = g.get("points") and g["points"][-1][0] == r.n
        expo = f"{g['exponent_cpu']:.2f}" if last and g.get("exponent_cpu") else ""
        out.append(
            f"| {r.step} | {size} | {r.who} | {c[0]:.2f} ({c[1]:.2f}–{c[2]:.2f}) | "
            f"{w[0]:.2f} ({w[1]:.2f}–{w[2]:.2f}) | {r.peak_mb:.0f} | {len(r.samples)} | {expo} |"
        )
    return "\n".join(out)


def side_table(extra: dict) -> str:
    out = [
        "| in process, changed pairs only | pairs | ours CPU s | difflib CPU s | difflib/ours |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for d in [extra.get("difflib_default"), *extra.get("difflib", [])]:
        if d:
            out.append(
                f"| wording diff, {d['n']} articles | {d['changed_pairs']} | "
                f"{d['ours_cpu_s']:.3f} | {d['difflib_cpu_s']:.3f} | {d['ratio'] or 0:.2f} |"
            )
    return "\n".join(out)


def readme_tables(d: dict) -> str:
    """The README's performance tables, from a results JSON (--report PATH)."""
    rows, growth = d["results"], d["growth"]
    targets = {t["target"]: t for t in d["targets"]}

    def get(step, n, who="ours"):
        for r in rows:
            if r["step"] == step and r["n"] == n and r["who"] == who and r.get("cpu"):
                return r
        return None

    sizes = sorted({r["n"] for r in rows if r["n"]})
    steps: list[str] = []
    for r in rows:
        if r["who"] == "ours" and r["step"] not in steps:
            steps.append(r["step"])
    heads = ["default bill" if n is None else f"{n:,} articles" for n in [None, *sizes]]
    out = [
        "| step | " + " | ".join(heads) + " | CPU exponent | growth | memory |",
        "| --- |" + " ---: |" * len(heads) + " ---: | --- | --- |",
    ]
    for s in steps:
        cells = []
        for n in [None, *sizes]:
            r = get(s, n)
            cells.append(
                f"{r['cpu']['median']:.2f} ({r['wall']['median']:.2f}), {r['peak_mb']:.0f}"
                if r
                else "—"
            )
        e = growth.get(s, {}).get("exponent_cpu")
        gt = targets.get(f"growth of {s} (CPU exponent) within n log n")
        mt = targets.get(f"peak memory of {s} at {max(sizes)} articles, MB") if sizes else None
        verdict = [("pass" if t["pass"] else "FAIL") if t else "" for t in (gt, mt)]
        expo = "" if e is None else f"{e:.2f}"
        out.append(f"| {s} | " + " | ".join(cells) + f" | {expo} | {verdict[0]} | {verdict[1]} |")
    out += [
        "",
        "| peer (same run, interleaved) | articles | ours CPU s | peer CPU s | peer/ours |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        o = get(r["step"], r["n"]) if r["who"] != "ours" and r.get("cpu") else None
        if o:
            out.append(
                f"| {r['step']} vs {r['who']} | {r['n'] or 'default'} | "
                f"{o['cpu']['median']:.2f} | {r['cpu']['median']:.2f} | "
                f"{r['cpu']['median'] / o['cpu']['median']:.2f} |"
            )
    out.append("")
    for t in d["targets"]:
        if not t["target"].startswith(("growth", "peak memory")):
            m = "—" if t["measured"] is None else f"{t['measured']:.3g}"
            out.append(
                f"- {'pass' if t['pass'] else 'FAIL'}: {t['target']}: {m} (limit {t['limit']})"
            )
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="100 and 1,000 articles, one run each")
    ap.add_argument("--runs", type=int, default=None, help="runs a figure (default 3; quick 1)")
    ap.add_argument("--baseline", default=None, help="a git revision to run side by side")
    ap.add_argument("--sizes", default=None, help="comma-separated article counts")
    ap.add_argument(
        "--steps",
        default=None,
        help="comma-separated step names or their beginnings (help, build, check, diff, "
        "redline docx, compare, wording diff); default: all",
    )
    ap.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write the JSON")
    ap.add_argument("--report", type=Path, help="print the README tables of a results JSON")
    args = ap.parse_args(argv)
    if args.report:
        print(readme_tables(json.loads(args.report.read_text(encoding="utf-8"))))
        return 0
    args.runs = args.runs or (1 if args.quick else 3)
    if args.steps:
        args.steps = tuple(s.strip() for s in args.steps.split(",") if s.strip())
    if args.sizes:
        args.sizes = tuple(int(s) for s in args.sizes.split(","))
    else:
        args.sizes = (100, 1000) if args.quick else SIZES
    with contextlib.suppress(KeyboardInterrupt):
        run(args)
        return 0
    return 130


if __name__ == "__main__":
    sys.exit(main())
