"""The installed package: a wheel built from the checkout puts only `clausewise` (and its
dist-info) into site-packages, carries its data files, and runs; `python -m clausewise` works."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import REPO


def _run(args, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def test_python_m_clausewise(tmp_path):
    r = _run([sys.executable, "-m", "clausewise", "--help"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Usage: clausewise [OPTIONS] COMMAND [ARGS]...")
    version = _run([sys.executable, "-m", "clausewise", "--version"], tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("clausewise, version ")


def _checkout_copy(dest: Path) -> Path:
    """The files of the checkout as a developer has them (tracked and new, not ignored)."""
    listed = _run(["git", "ls-files", "-co", "--exclude-standard", "-z"], REPO)
    if listed.returncode != 0:
        pytest.fail(f"git ls-files failed: {listed.stderr}")
    for name in filter(None, listed.stdout.split("\0")):
        src = REPO / name
        if src.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(src.read_bytes())
    return dest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # Built from a copy so that setuptools' build/ and egg-info stay out of the checkout.
    tmp = tmp_path_factory.mktemp("wheel")
    src = _checkout_copy(tmp / "src")
    r = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp / "dist", src], tmp
    )
    assert r.returncode == 0, r.stderr
    (found,) = (tmp / "dist").glob("clausewise-*.whl")
    return found


@pytest.mark.clients
def test_the_wheel_installs_only_clausewise(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/", 1)[0] for n in names}
    (dist_info,) = top - {"clausewise"}
    assert top == {"clausewise", dist_info} and dist_info.startswith("clausewise-")
    assert dist_info.endswith(".dist-info")
    # Data files the package reads at run time travel with it; tests and bench do not.
    for data in (
        "clausewise/drafts/jp-magnitsky.yaml",
        "clausewise/drafts/taxonomy.yaml",
        "clausewise/templates/jp-magnitsky/options.yaml",
        "clausewise/templates/jp-magnitsky/designation.j2",
        "clausewise/compare/corpus/maps/uk-ghr-2020.yaml",
        "clausewise/compare/checks/outdated_terms.yaml",
    ):
        assert data in names, data
    assert not [n for n in names if n.startswith(("clausewise/tests/", "clausewise/bench/"))]


@pytest.mark.clients
def test_the_installed_wheel_runs(wheel, tmp_path):
    site = tmp_path / "site"
    r = _run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", site, wheel],
        tmp_path,
    )
    assert r.returncode == 0, r.stderr
    # The wheel's clausewise, not the checkout's editable install; its dependencies are the
    # test environment's.
    env = dict(os.environ, PYTHONPATH=str(site))
    env.pop("CLAUSEWISE_CORPUS", None)
    work = tmp_path / "work"
    work.mkdir()
    where = _run(
        [
            sys.executable,
            "-c",
            "import clausewise, clausewise.compare.corpus.instruments as i;"
            "print(clausewise.__file__); print(clausewise.__version__); print(i.CHECKOUT_CORPUS)",
        ],
        work,
        env,
    )
    assert where.stdout.splitlines() == [str(site / "clausewise" / "__init__.py"), "0.1.0", "None"]
    assert _run([sys.executable, "-m", "clausewise", "--help"], work, env).returncode == 0
    built = _run(
        [sys.executable, "-m", "clausewise", "build", "-o", "out", "--format", "json"], work, env
    )
    assert built.returncode == 0, built.stderr
    assert "using the example shipped with clausewise" in built.stderr
    assert json.loads((work / "out" / "jp-magnitsky.json").read_text("utf-8"))["bill"] == (
        "jp-magnitsky"
    )
    checked = _run([sys.executable, "-m", "clausewise", "check"], work, env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
