"""Lint, strict typing, YAML style and spelling are part of the test run, so CI enforces them
too (the same tools as .pre-commit-config.yaml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("ruff") is None and not (Path(sys.executable).parent / "ruff").exists(),
                    reason="ruff not installed")
def test_ruff() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    uit = subprocess.run([ruff, "check", "src", "tests", "bench"], cwd=ROOT, capture_output=True, text=True)
    assert uit.returncode == 0, uit.stdout


def test_mypy_strict() -> None:
    pytest.importorskip("mypy")
    uit = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert uit.returncode == 0, uit.stdout


def _tool(naam: str) -> str:
    gevonden = shutil.which(naam) or str(Path(sys.executable).parent / naam)
    if not Path(gevonden).exists():
        pytest.skip(f"{naam} not installed")
    return gevonden


def test_yamllint() -> None:
    uit = subprocess.run([_tool("yamllint"), "-f", "parsable", "."], cwd=ROOT, capture_output=True, text=True)
    assert uit.returncode == 0, uit.stdout


def test_codespell() -> None:
    uit = subprocess.run([_tool("codespell")], cwd=ROOT, capture_output=True, text=True)
    assert uit.returncode == 0, uit.stdout + uit.stderr


def test_pre_commit_runs_the_same_checks() -> None:
    config = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    for opdracht in ("ruff check src tests bench", "mypy", "regelruimte check rules", "yamllint", "codespell"):
        assert f"entry: {opdracht}" in config, opdracht


def _imports(module: Path) -> set[str]:
    """The regelruimte modules ``module`` imports (relative imports resolved)."""
    import ast

    pakket = module.relative_to(ROOT / "src").with_suffix("").parts[:-1]
    uit: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            basis = pakket[: len(pakket) - node.level + 1] if node.level else ()
            naam = ".".join([*basis, *(node.module.split(".") if node.module else [])])
            uit.update({naam, *(f"{naam}.{a.name}" for a in node.names)})
        elif isinstance(node, ast.Import):
            uit.update(a.name for a in node.names)
    return uit


@pytest.mark.parametrize(("module", "verboden"), [
    # The plan reports what it cannot run; the compiler places it (no import circle).
    ("backends/plan.py", ("regelruimte.compile", "regelruimte.compiler")),
    # The semantics is below every stage that uses it.
    ("semantics.py", ("regelruimte.backends", "regelruimte.compile", "regelruimte.compiler", "regelruimte.explain")),
    # The explanation re-evaluates through the semantics, not through a backend.
    ("explain.py", ("regelruimte.backends.reference", "regelruimte.backends.durable")),
])
def test_layers(module: str, verboden: tuple[str, ...]) -> None:
    geimporteerd = _imports(ROOT / "src" / "regelruimte" / module)
    assert not {m for m in geimporteerd if m.startswith(verboden)}, geimporteerd
