"""clausewise benchmarks: `python bench/run.py [--quick] [--json PATH]`.

Every command runs in a fresh process, as an aide or CI runs it; the table gives the median
of several runs, the min–max and the peak memory (maximum resident set of the child process,
from wait4). Then the same steps on generated bills of 100, 1,000 and 5,000 articles
(bench/genbill.py) with the growth exponent, and, in the same run, the alternatives a user
would pick: difflib.SequenceMatcher for the diff step and python-redlines (Docxodus) for the
Word redline. The figures go to bench/results/latest.json (or --json PATH).

Compiled clause templates are cached between runs (drafts/render.py); each bill is built
once before it is timed, and that first build is reported on its own row ("first run").
The cache lives in a temporary folder of this run (XDG_CACHE_HOME), not the user's.
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
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for p in (REPO, REPO / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import genbill  # noqa: E402

DEFAULT_JSON = REPO / "bench" / "results" / "latest.json"
SIZES = (100, 1000, 5000)
TIMEOUT = 900  # seconds for one run of one command
SLOW_STEPS_UP_TO = 1000  # the docx redline and compare are measured on bills up to this size

# Targets on the development machine (2 cores): step name -> seconds.
TARGETS = {
    "help": ("--help", 0.3),
    "build-docx": ("build of the default bill to docx, fresh process", 1.5),
    "compare": ("compare against all reference laws, fresh process", 2.0),
    "diff-1000": ("diff of two 1,000-article bills", 2.0),
    "check": ("check of the default bill", 1.0),
}
MEMORY_LIMIT_MB = 300


@dataclass
class Result:
    step: str
    n: int | None  # articles; None for steps that do not depend on the bill
    runs: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    note: str = ""
    failed: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.runs) if self.runs else None

    def row(self) -> dict:
        d = asdict(self)
        d["median"] = self.median
        d["min"] = min(self.runs) if self.runs else None
        d["max"] = max(self.runs) if self.runs else None
        return d


def clausewise() -> list[str]:
    exe = Path(sys.executable).with_name("clausewise")
    return [str(exe)] if exe.exists() else [sys.executable, str(REPO / "cli.py")]


def run_once(argv: list[str], env: dict, cwd: Path) -> tuple[float, float, int, str]:
    """Run a command; (wall seconds, peak resident MB of the child, exit status, stderr)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        timer = threading.Timer(TIMEOUT, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return elapsed, usage.ru_maxrss / 1024, proc.returncode, stderr


class Bench:
    def __init__(self, quick: bool, work: Path):
        self.quick = quick
        self.work = work
        self.results: list[Result] = []
        self.notes: list[str] = []
        self.extra: dict = {}
        self.env = dict(os.environ, XDG_CACHE_HOME=str(work / "cache"), PYTHONHASHSEED="0")
        self.env.pop("CLAUSEWISE_CORPUS", None)
        self.commands = self._commands()

    def _commands(self) -> set[str]:
        proc = subprocess.run(
            clausewise() + ["--help"], capture_output=True, text=True, env=self.env, cwd=self.work
        )
        return set(re.findall(r"^  ([a-z-]+)\s", proc.stdout, re.M))

    def measure(
        self,
        step: str,
        n: int | None,
        args: list[str],
        runs: int,
        *,
        warmup: int = 0,
        ok_codes=(0,),
        env: dict | None = None,
        fresh=None,
        note: str = "",
    ) -> Result:
        res = Result(step, n, note=note)
        total = warmup + runs
        for i in range(total):
            if fresh is not None:
                fresh()
            secs, mb, code, stderr = run_once(clausewise() + args, env or self.env, self.work)
            if code not in ok_codes:
                res.failed = f"exit {code}: {stderr.strip()[-400:]}"
                break
            if i >= warmup:
                res.runs.append(secs)
                res.peak_mb = max(res.peak_mb, mb)
        self.results.append(res)
        shown = f"{res.median:.2f} s" if res.runs else f"FAILED {res.failed[:120]}"
        print(f"  {step:<34} {'' if n is None else n:>6} {shown}", flush=True)
        return res


def corpus_dir() -> Path | None:
    for c in (os.environ.get("CLAUSEWISE_CORPUS"), REPO.parent / "shared" / "corpus"):
        if c and Path(c).is_dir():
            return Path(c)
    return None


# --- the alternatives, in process -----------------------------------------------------------


def _lines(doc) -> list[str]:
    from clausewise.drafts.layout import blocks

    return [b.line(lang) for lang in ("ja", "en") for b in blocks(doc, lang)]


def _pairs(old, new):
    """Texts of the provisions both versions have (matched by label), in both languages."""
    old_by = {p.label: p for p in old.walk() if p.label}
    out = []
    for p in new.walk():
        q = old_by.get(p.label)
        if q is None:
            continue
        for lang in ("ja", "en"):
            a, b = q.text.get(lang, ""), p.text.get(lang, "")
            if a or b:
                out.append((a, b, lang))
    return out


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def difflib_side_by_side(old_bill: Path, new_bill: Path, n: int, repeat: int) -> dict:
    """Our diff and difflib.SequenceMatcher on the same two versions, in this process."""
    from clausewise.compare.review.textdiff import diff_text
    from clausewise.compare.review.versions import diff_documents, load_version

    old, new = load_version(str(old_bill)).doc, load_version(str(new_bill)).doc
    pairs = _pairs(old, new)
    a_lines, b_lines = _lines(old), _lines(new)

    def ours_doc():
        diff_documents(old, new)

    def ours_pairs():
        for a, b, lang in pairs:
            diff_text(a, b, lang)

    def sm_pairs():
        for a, b, _ in pairs:
            difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()

    def sm_doc():
        # What difflib users do for a document: lines, then characters within changed lines
        # (as difflib.ndiff and HtmlDiff do).
        sm = difflib.SequenceMatcher(None, a_lines, b_lines, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "replace":
                for x, y in zip(a_lines[i1:i2], b_lines[j1:j2], strict=False):
                    difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes()

    sm = difflib.SequenceMatcher(None, a_lines, b_lines, autojunk=False)
    changed_lines = sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"
    )
    cmp = diff_documents(old, new)
    kinds: dict[str, int] = {}
    for ch in getattr(cmp, "changes", []) or []:
        kind = getattr(ch, "kind", None) or (ch.get("kind") if isinstance(ch, dict) else None)
        kinds[str(kind)] = kinds.get(str(kind), 0) + 1
    out = {
        "n": n,
        "paragraph_pairs": len(pairs),
        "ours_document_s": _best(ours_doc, repeat),
        "difflib_document_s": _best(sm_doc, repeat),
        "ours_pairs_s": _best(ours_pairs, repeat),
        "difflib_pairs_s": _best(sm_pairs, repeat),
        "difflib_changed_lines": changed_lines,
        "ours_changes": kinds,
    }
    out["ratio_document"] = out["difflib_document_s"] / out["ours_document_s"]
    out["ratio_pairs"] = out["difflib_pairs_s"] / out["ours_pairs_s"]
    return out


def _revisions(docx_bytes: bytes) -> dict:
    xml = zipfile.ZipFile(io.BytesIO(docx_bytes)).read("word/document.xml").decode("utf-8")
    paras = re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)
    return {
        "w:ins": len(re.findall(r"<w:ins\b", xml)),
        "w:del": len(re.findall(r"<w:del\b", xml)),
        "paragraphs_with_revisions": sum(1 for p in paras if re.search(r"<w:(ins|del)\b", p)),
    }


def redlines_side_by_side(b: Bench, v1: Path, v2: Path, runs: int) -> dict:
    """Our Word redline (clausewise diff --format docx) against python-redlines' Docxodus
    engine on the two built .docx versions of the bill."""
    out_dir = b.work / "redline"
    out_dir.mkdir(exist_ok=True)
    info: dict = {}
    for tag, bill in (("v1", v1), ("v2", v2)):
        (out_dir / tag).mkdir(exist_ok=True)
        _, _, code, err = run_once(
            clausewise() + ["build", str(bill), "-o", str(out_dir / tag), "--format", "docx"],
            b.env,
            b.work,
        )
        if code:
            return {"error": f"build failed: {err[-300:]}"}
    docx1 = next((out_dir / "v1").glob("*.docx"))
    docx2 = next((out_dir / "v2").glob("*.docx"))
    ours = out_dir / "ours.redline.docx"
    r = b.measure(
        "redline docx (ours)",
        None,
        ["diff", str(v1), str(v2), "--format", "docx", "-o", str(ours), "--author", "bench"]
        + ["--date", "2025-01-01T00:00:00Z"],
        runs,
        note="clausewise diff of the two bill versions, fresh process",
    )
    info["ours_s"] = r.median
    if ours.exists():
        info["ours_revisions"] = _revisions(ours.read_bytes())
    proc = subprocess.run(
        clausewise() + ["diff", str(v1), str(v2), "--format", "json"],
        capture_output=True,
        text=True,
        env=b.env,
        cwd=b.work,
    )
    if proc.returncode == 0:
        kinds: dict[str, int] = {}
        for ch in json.loads(proc.stdout)["changes"]:
            kinds[ch["kind"]] = kinds.get(ch["kind"], 0) + 1
        info["ours_changes"] = kinds
    try:
        from python_redlines.engines import DocxodusEngine

        engine = DocxodusEngine()
    except Exception as exc:  # not installed, or no binary for this platform
        info["python_redlines"] = f"not run: {type(exc).__name__}: {exc}"
        b.notes.append(
            "python-redlines (Docxodus) not run: "
            f"{type(exc).__name__}: {exc}. Install it with: pip install -e '.[bench]'"
        )
        return info
    target = out_dir / "docxodus.redline.docx"
    cmd = engine._build_command("bench", str(docx1), str(docx2), str(target))
    res = Result("redline docx (python-redlines Docxodus)", None, note="same pair, built .docx")
    for i in range(runs + 1):  # one warm-up: the engine unpacks itself on first use
        secs, mb, code, err = run_once(cmd, dict(os.environ), b.work)
        if code:
            res.failed = f"exit {code}: {err[-400:]}"
            break
        if i:
            res.runs.append(secs)
            res.peak_mb = max(res.peak_mb, mb)
    b.results.append(res)
    shown = f"{res.median:.2f} s" if res.runs else f"FAILED {res.failed[:200]}"
    print(f"  {res.step:<34} {'':>6} {shown}", flush=True)
    if res.failed:
        info["python_redlines"] = f"failed: {res.failed}"
        b.notes.append(f"python-redlines (Docxodus) failed here: {res.failed}")
        return info
    info["python_redlines_s"] = res.median
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=b.work)
    found = re.search(r"(\d+) revision\(s\) found", proc.stdout)
    info["python_redlines_reported"] = int(found.group(1)) if found else None
    info["python_redlines_revisions"] = _revisions(target.read_bytes())
    info["python_redlines_version"] = _version("python-redlines-docxodus")
    if info.get("ours_s"):
        info["ratio"] = res.median / info["ours_s"]
    return info


def _version(dist: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return None


# --- growth ---------------------------------------------------------------------------------


def exponent(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(time) against log(n)."""
    pts = [(math.log(n), math.log(t)) for n, t in points if n and t and t > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx if sxx else None


def nlogn_exponent(n1: int, n2: int) -> float:
    """The exponent n log n shows between n1 and n2."""
    return math.log((n2 * math.log(n2)) / (n1 * math.log(n1))) / math.log(n2 / n1)


# --- the run --------------------------------------------------------------------------------


def run(quick: bool, json_path: Path, sizes: tuple[int, ...]) -> dict:
    work = Path(tempfile.mkdtemp(prefix="clausewise-bench-"))
    b = Bench(quick, work)
    r_small = 3 if quick else 7
    r_mid = 2 if quick else 5
    r_big = 1 if quick else 3
    corpus = corpus_dir()
    out = work / "out"
    started = time.time()
    try:
        print(f"clausewise benchmarks ({'quick' if quick else 'full'}), work folder {work}")
        print("default bill (jp-magnitsky):")
        b.measure("help", None, ["--help"], r_small * 2, warmup=1)
        b.measure("build json (first run)", None, ["build", "-o", str(out), "--format", "json"], 1)
        for fmt in ("docx", "html", "md", "json"):
            b.measure(f"build-{fmt}", None, ["build", "-o", str(out), "--format", fmt], r_mid)
        cold = work / "cold-cache"

        def empty_cache():
            shutil.rmtree(cold, ignore_errors=True)

        b.measure(
            "build-docx (no template cache)",
            None,
            ["build", "-o", str(out), "--format", "docx"],
            r_mid,
            env=dict(b.env, XDG_CACHE_HOME=str(cold)),
            fresh=empty_cache,
        )
        b.measure(
            "build docx,html,md,json",
            None,
            ["build", "-o", str(out), "--format", "docx,html,md,json"],
            r_mid,
        )
        if "compare" in b.commands:
            args = ["compare", "-o", str(out / "compare"), "--format", "html"]
            note = "provision maps only (no corpus folder found)"
            if corpus is not None:
                args += ["--corpus", str(corpus)]
                note = f"official texts from {corpus}"
            b.measure(
                "compare",
                None,
                args,
                r_big if quick else r_mid,
                note=note,
                warmup=0 if quick else 1,
            )
        else:
            b.notes.append("`clausewise compare` does not exist yet: compare steps skipped")
        # Two versions of the default bill: words changed, one article inserted, one removed.
        v1 = genbill.generate(1, work / "default" / "v1")
        v2 = genbill.make_version(v1.bill, work / "default" / "v2", change_every=8)
        run_once(
            clausewise() + ["build", str(v2.bill), "-o", str(out), "--format", "json"], b.env, work
        )
        if "diff" in b.commands:
            b.measure(
                "diff (md)", None, ["diff", str(v1.bill), str(v2.bill), "--format", "md"], r_mid
            )
        if "check" in b.commands:
            b.measure("check", None, ["check"], r_mid, ok_codes=(0, 1))
        print("side by side (same run):")
        if "diff" in b.commands:
            b.extra["redline_default"] = redlines_side_by_side(b, v1.bill, v2.bill, r_mid)
            b.extra["difflib_default"] = difflib_side_by_side(v1.bill, v2.bill, v1.articles, r_mid)

        print("generated bills:")
        scale: dict[int, dict] = {}
        for size in sizes:
            runs = r_big if size >= 5000 else (r_big if quick else 3)
            t = time.perf_counter()
            g = genbill.generate(size, work / f"n{size}" / "v1")
            gv = genbill.make_version(g.bill, work / f"n{size}" / "v2")
            n = g.articles
            scale[n] = {"generate_s": time.perf_counter() - t, "copies": g.copies}
            o = work / f"n{size}" / "out"
            b.measure(
                "build json (first run)",
                n,
                ["build", str(g.bill), "-o", str(o), "--format", "json"],
                1,
            )
            run_once(
                clausewise() + ["build", str(gv.bill), "-o", str(o / "v2"), "--format", "json"],
                b.env,
                work,
            )
            b.measure(
                "build-docx", n, ["build", str(g.bill), "-o", str(o), "--format", "docx"], runs
            )
            b.measure(
                "build-json", n, ["build", str(g.bill), "-o", str(o), "--format", "json"], runs
            )
            if "check" in b.commands:
                b.measure("check", n, ["check", str(g.bill)], runs, ok_codes=(0, 1))
            if "diff" in b.commands:
                b.measure(
                    "diff (bill files, json)",
                    n,
                    ["diff", str(g.bill), str(gv.bill), "--format", "json"],
                    runs,
                    note="both versions rendered, then compared",
                )
                old_json = o / f"{g.bill.stem}.json"
                new_json = o / "v2" / f"{gv.bill.stem}.json"
                b.measure(
                    "diff (built JSON, json)",
                    n,
                    ["diff", str(old_json), str(new_json), "--format", "json"],
                    runs,
                    note="two built JSON files: the comparison alone",
                )
                if size > SLOW_STEPS_UP_TO:
                    b.notes.append(
                        f"docx redline and compare not run at {n} articles: each takes tens "
                        "of seconds at 1,000 already (see the rows at 1,000 and the README)"
                    )
                    continue
                b.measure(
                    "diff (bill files, docx redline)",
                    n,
                    [
                        "diff",
                        str(g.bill),
                        str(gv.bill),
                        "--format",
                        "docx",
                        "-o",
                        str(o / "redline.docx"),
                    ],
                    runs,
                )
                if size <= 1000:
                    b.extra.setdefault("difflib", []).append(
                        difflib_side_by_side(g.bill, gv.bill, n, runs)
                    )
            if "compare" in b.commands and size <= SLOW_STEPS_UP_TO:
                args = ["compare", str(g.bill), "-o", str(o / "compare"), "--format", "html"]
                if corpus is not None:
                    args += ["--corpus", str(corpus)]
                b.measure("compare", n, args, 1 if size >= 1000 else runs)
        b.extra["scale"] = scale
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return report(b, json_path, time.time() - started, corpus)


def report(b: Bench, json_path: Path, elapsed: float, corpus: Path | None) -> dict:
    rows = [r.row() for r in b.results]
    by = {(r.step, r.n): r for r in b.results}
    # Growth: each step measured on the generated bills.
    growth = {}
    for step in sorted({r.step for r in b.results if r.n is not None}):
        pts = sorted((r.n, r.median) for r in b.results if r.step == step and r.n and r.median)
        if len(pts) >= 2:
            last = pts[-2:]
            growth[step] = {
                "points": pts,
                "exponent_fit": exponent(pts),
                "exponent_last_pair": exponent(last),
                "nlogn_exponent_last_pair": nlogn_exponent(last[0][0], last[1][0]),
                "peak_mb_max_n": by[(step, pts[-1][0])].peak_mb,
            }
    targets = []

    def target(key, res: Result | None, limit: float):
        what = TARGETS[key][0]
        if res is None or res.median is None:
            targets.append({"target": what, "limit": limit, "measured": None, "met": None})
            return
        targets.append(
            {"target": what, "limit": limit, "measured": res.median, "met": res.median < limit}
        )

    target("help", by.get(("help", None)), TARGETS["help"][1])
    target("build-docx", by.get(("build-docx", None)), TARGETS["build-docx"][1])
    target("compare", by.get(("compare", None)), TARGETS["compare"][1])
    diff1000 = [
        r
        for r in b.results
        if r.step == "diff (bill files, json)" and r.n and abs(r.n - 1000) <= 20
    ]
    target("diff-1000", diff1000[0] if diff1000 else None, TARGETS["diff-1000"][1])
    target("check", by.get(("check", None)), TARGETS["check"][1])
    red = b.extra.get("redline_default", {})
    if red.get("python_redlines_s") and red.get("ours_s"):
        targets.append(
            {
                "target": "Word redline of the default bill faster than python-redlines",
                "limit": red["python_redlines_s"],
                "measured": red["ours_s"],
                "met": red["ours_s"] < red["python_redlines_s"],
            }
        )
    else:
        targets.append(
            {
                "target": "Word redline of the default bill faster than python-redlines",
                "limit": None,
                "measured": red.get("ours_s"),
                "met": None,
                "note": red.get("python_redlines", "not measured"),
            }
        )
    for step, g in growth.items():
        if g["exponent_last_pair"] is not None:
            targets.append(
                {
                    "target": f"growth of {step} no worse than n log n",
                    "limit": g["nlogn_exponent_last_pair"],
                    "measured": g["exponent_last_pair"],
                    "met": g["exponent_last_pair"] <= g["nlogn_exponent_last_pair"] + 0.05,
                }
            )
    big = [r for r in b.results if r.n and r.n >= 4000 and r.runs]
    if big:
        worst = max(big, key=lambda r: r.peak_mb)
        targets.append(
            {
                "target": f"peak memory at {worst.n} articles ({worst.step})",
                "limit": MEMORY_LIMIT_MB,
                "measured": worst.peak_mb,
                "met": worst.peak_mb < MEMORY_LIMIT_MB,
            }
        )
    data = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "quick": b.quick,
        "elapsed_s": elapsed,
        "corpus": str(corpus) if corpus else None,
        "results": rows,
        "growth": growth,
        "side_by_side": b.extra,
        "targets": targets,
        "notes": b.notes,
    }
    print()
    print(table(rows))
    print()
    print(side_table(b.extra))
    print()
    print("targets:")
    for t in targets:
        mark = {True: "met   ", False: "MISSED", None: "n/a   "}[t["met"]]
        meas = "—" if t["measured"] is None else f"{t['measured']:.3g}"
        lim = "—" if t["limit"] is None else f"{t['limit']:.3g}"
        print(f"  {mark} {t['target']}: {meas} (limit {lim}) {t.get('note', '')}".rstrip())
    for note in b.notes:
        print(f"note: {note}")
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nJSON: {json_path}")
    return data


def table(rows: list[dict]) -> str:
    lines = [
        "| step | articles | median s | min–max s | peak MB | runs |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        if r["median"] is None:
            lines.append(
                f"| {r['step']} | {r['n'] or 'default'} | failed | {r['failed'][:60]} | | |"
            )
            continue
        lines.append(
            f"| {r['step']} | {r['n'] or 'default'} | {r['median']:.3f} | "
            f"{r['min']:.3f}–{r['max']:.3f} | {r['peak_mb']:.0f} | {len(r['runs'])} |"
        )
    return "\n".join(lines)


def side_table(extra: dict) -> str:
    lines = [
        "| side by side | ours s | theirs s | theirs/ours | notes |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for d in [extra.get("difflib_default")] + list(extra.get("difflib", [])):
        if not d:
            continue
        lines.append(
            f"| diff, whole bill ({d['n']} art.), difflib lines+chars | "
            f"{d['ours_document_s']:.3f} | {d['difflib_document_s']:.3f} | "
            f"{d['ratio_document']:.2f} | difflib: {d['difflib_changed_lines']} changed lines; "
            f"ours: {d['ours_changes']} |"
        )
        lines.append(
            f"| diff, {d['paragraph_pairs']} paragraph pairs ({d['n']} art.), SequenceMatcher | "
            f"{d['ours_pairs_s']:.3f} | {d['difflib_pairs_s']:.3f} | {d['ratio_pairs']:.2f} | |"
        )
    red = extra.get("redline_default")
    if red:
        theirs = red.get("python_redlines_s")
        ratio = red.get("ratio")
        lines.append(
            "| Word redline, default bill, python-redlines (Docxodus) | "
            f"{red.get('ours_s') or 0:.3f} | {'—' if theirs is None else f'{theirs:.3f}'} | "
            f"{'—' if not ratio else f'{ratio:.2f}'} | "
            f"ours: {red.get('ours_changes')} {red.get('ours_revisions')}; Docxodus: "
            f"{red.get('python_redlines_reported')} revisions reported, "
            f"{red.get('python_redlines_revisions', red.get('python_redlines'))} |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer runs, bills of 100 and 1,000")
    ap.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write the JSON")
    ap.add_argument("--sizes", default=None, help="comma-separated article counts")
    args = ap.parse_args(argv)
    sizes = SIZES if not args.quick else (100, 1000)
    if args.sizes:
        sizes = tuple(int(s) for s in args.sizes.split(","))
    with contextlib.suppress(KeyboardInterrupt):
        run(args.quick, args.json, sizes)
        return 0
    return 130


if __name__ == "__main__":
    sys.exit(main())
