"""The layering of DESIGN.md, checked on the source: imports point inward only."""

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "watershed"
STDLIB = set(sys.stdlib_module_names)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules_in(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def test_the_domain_imports_only_the_standard_library_shapely_pyproj_numpy_and_networkx():
    allowed_third_party = {"shapely", "pyproj", "numpy", "networkx"}
    for path in _modules_in("domain"):
        for name in _imports(path):
            top = name.split(".")[0]
            assert top in STDLIB or top in allowed_third_party or name.startswith("watershed.domain"), (
                f"{path.relative_to(PACKAGE.parent)} imports {name}"
            )


def test_nothing_imports_the_user_interface_or_the_command_line():
    for path in sorted(PACKAGE.rglob("*.py")):
        if "ui" in path.relative_to(PACKAGE).parts:
            continue
        # The command line's modules (watershed/cli/) may import one another.
        in_cli = "cli" in path.relative_to(PACKAGE).parts
        forbidden = ("watershed.ui",) if in_cli else ("watershed.ui", "watershed.cli")
        for name in _imports(path):
            assert not name.startswith(forbidden), (
                f"{path.relative_to(PACKAGE.parent)} imports {name}"
            )


def test_services_storage_and_geometry_never_import_streamlit_or_folium():
    for folder in ("services", "store", "geo", "domain"):
        for path in _modules_in(folder):
            for name in _imports(path):
                assert name.split(".")[0] not in {"streamlit", "folium", "streamlit_folium"}, (
                    f"{path.relative_to(PACKAGE.parent)} imports {name}"
                )


def test_the_layering_test_would_notice_a_forbidden_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import sqlalchemy\nfrom streamlit import session_state\n")
    assert _imports(bad) == {"sqlalchemy", "streamlit"}


def test_the_product_never_imports_the_demo_except_its_command_and_the_login_hint():
    # The login page names the demo accounts when the demo basin is loaded; moving that hint
    # (and the demo's password) out of watershed/demo is left for the rest of issue 12.
    allowed = {PACKAGE / "cli" / "demo.py", PACKAGE / "ui" / "pages" / "accounts" / "login.py"}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "demo" in path.relative_to(PACKAGE).parts or path in allowed:
            continue
        for name in _imports(path):
            assert not name.startswith("watershed.demo"), (
                f"{path.relative_to(PACKAGE.parent)} imports {name}"
            )


def test_no_services_folder_holds_more_than_fifteen_modules():
    for folder in sorted(p for p in (PACKAGE / "services").iterdir() if p.is_dir()):
        modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
        assert len(modules) <= 15, f"{folder.relative_to(PACKAGE.parent)} holds {len(modules)}"
    assert not [p for p in (PACKAGE / "services").glob("*.py") if p.name != "__init__.py"]


def _lint_imports(folder: Path) -> subprocess.CompletedProcess:
    """`lint-imports` on the package in `folder`, with the contracts of pyproject.toml."""
    shutil.copy(PACKAGE.parent / "pyproject.toml", folder / "pyproject.toml")
    return subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
                          cwd=folder, env={**os.environ, "PYTHONPATH": str(folder)},
                          capture_output=True, text=True)


def test_the_import_contracts_hold(tmp_path):
    shutil.copytree(PACKAGE, tmp_path / "watershed", ignore=shutil.ignore_patterns("__pycache__"))
    done = _lint_imports(tmp_path)
    assert done.returncode == 0 and "0 broken" in done.stdout, done.stdout + done.stderr


def test_the_import_contracts_fail_on_an_import_that_climbs_a_layer(tmp_path):
    shutil.copytree(PACKAGE, tmp_path / "watershed", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "watershed" / "domain" / "climbing.py").write_text(
        "from watershed.services.common import clock\n", encoding="utf-8")
    done = _lint_imports(tmp_path)
    assert done.returncode != 0 and "watershed.domain.climbing" in done.stdout, done.stdout
