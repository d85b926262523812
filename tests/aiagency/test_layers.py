"""The apps depend one way (`[tool.importlinter]` in pyproject.toml, run by `make lint`)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
APPS = CONFIG["root_packages"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(cwd)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_tree_keeps_the_layers() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_import_from_an_app_above_breaks_the_contract(tmp_path: Path) -> None:
    for app in APPS:
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
    (tmp_path / "accounts" / "serializers.py").write_text("import generations\n")

    result = lint_imports(tmp_path)

    assert result.returncode == 1
    assert "accounts is not allowed to import generations" in result.stdout
    assert "accounts.serializers -> generations" in result.stdout


def test_the_layers_name_every_app() -> None:
    apps = {path.parent.name for path in ROOT.glob("*/models.py")} | {"aiagency"}
    [contract] = CONFIG["contracts"]
    # "content | evaluations": apps of one layer, independent of each other.
    layered = {app.strip() for layer in contract["layers"] for app in layer.split("|")}
    assert apps == set(APPS) == layered


def test_apps_of_one_layer_may_not_import_each_other(tmp_path: Path) -> None:
    for app in APPS:
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
    (tmp_path / "content" / "services.py").write_text("import evaluations\n")

    result = lint_imports(tmp_path)

    assert result.returncode == 1
    assert "content is not allowed to import evaluations" in result.stdout
