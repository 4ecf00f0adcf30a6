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


def test_the_product_never_imports_the_demo_except_its_command():
    allowed = {PACKAGE / "cli" / "demo.py"}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "demo" in path.relative_to(PACKAGE).parts or path in allowed:
            continue
        for name in _imports(path):
            assert not name.startswith("watershed.demo"), (
                f"{path.relative_to(PACKAGE.parent)} imports {name}"
            )


def _folders() -> list[Path]:
    """The packages. Alembic's script folder (store/migrations) is not one: its migrations are a
    numbered history, read in order rather than browsed."""
    migrations = PACKAGE / "store" / "migrations"
    return sorted({path.parent for path in PACKAGE.rglob("*.py")
                   if migrations not in path.parents})


def test_no_folder_holds_more_than_fifteen_modules():
    for folder in _folders():
        modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
        assert len(modules) <= 15, f"{folder.relative_to(PACKAGE.parent)} holds {len(modules)}"
    assert not [p for p in (PACKAGE / "services").glob("*.py") if p.name != "__init__.py"]


def test_no_module_is_longer_than_four_hundred_lines():
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 400, f"{path.relative_to(PACKAGE.parent)} has {lines} lines"


def test_every_package_says_what_it_holds_and_what_it_must_not_import():
    for folder in _folders():
        init = folder / "__init__.py"
        assert init.exists(), f"{folder.relative_to(PACKAGE.parent)} has no __init__.py"
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert len(docstring) > 40 and "import" in docstring.lower(), (
            f"{init.relative_to(PACKAGE.parent)}: the docstring should say what the package holds "
            "and what it must not import"
        )


def _part(module: str) -> str:
    """services.<part>, ui.pages.<part> or cli.<part> of a dotted module name; else the module."""
    parts = module.split(".")
    for prefix in (["watershed", "services"], ["watershed", "ui", "pages"], ["watershed", "cli"]):
        if parts[:len(prefix)] == prefix and len(parts) > len(prefix):
            return ".".join(parts[:len(prefix) + 1])
    return module


def test_no_module_imports_a_private_name_from_another_part():
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                    and node.module.startswith("watershed.") and _part(node.module) != _part(module):
                private = [alias.name for alias in node.names if alias.name.startswith("_")]
                assert not private, f"{module} imports {private} from {node.module}"


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


def test_the_import_contracts_fail_when_a_part_reaches_into_another(tmp_path):
    shutil.copytree(PACKAGE, tmp_path / "watershed", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "watershed" / "services" / "ledgers" / "reaching.py").write_text(
        "from watershed.services.backup import _xlsx\n", encoding="utf-8")
    (tmp_path / "watershed" / "ui" / "pages" / "ledgers" / "reaching.py").write_text(
        "from watershed.ui.pages.problems import problems\n", encoding="utf-8")
    (tmp_path / "watershed" / "cli" / "reaching.py").write_text("", encoding="utf-8")
    with (tmp_path / "watershed" / "cli" / "ledgers.py").open("a", encoding="utf-8") as ledgers:
        ledgers.write("\nfrom watershed.cli import problems as _problems\n")
    done = _lint_imports(tmp_path)
    assert done.returncode != 0, done.stdout
    for broken in ("watershed.services.ledgers.reaching -> watershed.services.backup._xlsx",
                   "watershed.ui.pages.ledgers.reaching -> watershed.ui.pages.problems",
                   "watershed.cli.ledgers -> watershed.cli.problems"):
        assert broken in done.stdout, done.stdout
