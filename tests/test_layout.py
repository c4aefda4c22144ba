"""The code's shape is a check, not a habit: layers, cycles, packaging, file sizes."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import REPO

pytest.importorskip("importlinter")
grimp = pytest.importorskip("grimp")

PACKAGES = ("simulator", "ui")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """Run import-linter on the checkout at ``root`` with its own pyproject.toml."""
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True, no_logo=True))"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "", "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
    )


def copy_checkout(tmp_path: Path) -> Path:
    root = tmp_path / "checkout"
    root.mkdir()
    for name in PACKAGES:
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


def test_import_contracts_are_kept():
    proc = lint_imports(REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 kept, 0 broken" in proc.stdout


@pytest.mark.parametrize(
    ("module", "source", "broken"),
    [
        # even inside a function, the engine may not reach into the app
        ("simulator/core/sneaky.py", "def f():\n    import ui.app\n", "never the reverse"),
        (
            "simulator/outputs/sneaky.py",
            "def f():\n    from PySide6 import QtWidgets\n",
            "never imports Qt",
        ),
        # the two funds are independent, and outputs do not import engines
        ("simulator/recovery/sneaky.py", "import simulator.endowment.run\n", "Engine layers"),
        ("simulator/outputs/sneaky.py", "import simulator.recovery.run\n", "never run an engine"),
        ("simulator/core/sneaky.py", "import simulator.scenario\n", "Engine layers"),
    ],
)
def test_a_crossed_layer_breaks_the_contract(tmp_path, module, source, broken):
    root = copy_checkout(tmp_path)
    (root / module).write_text(source, encoding="utf-8")
    proc = lint_imports(root)
    assert proc.returncode != 0
    report = " ".join(proc.stdout.split())
    assert f"{broken}" in report and "sneaky" in report
    broken_lines = [line for line in report.split(" KEPT") if "BROKEN" in line]
    assert any(broken in line for line in broken_lines), report


def _cycles(graph, modules: set[str]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.find_modules_directly_imported_by(v) & modules:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycles():
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))
    graph = grimp.build_graph(*PACKAGES)
    modules = {m for m in graph.modules if m.split(".")[0] in PACKAGES}
    assert len(modules) > 50
    assert _cycles(graph, modules) == []


def test_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for m in ("a", "b", "c"):
        graph.add_module(m)
    graph.add_import(importer="a", imported="b")
    graph.add_import(importer="b", imported="c")
    graph.add_import(importer="c", imported="a")
    assert _cycles(graph, {"a", "b", "c"}) == [["a", "b", "c"]]


def test_every_package_on_disk_is_in_the_wheel():
    declared = set(
        tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
            "packages"
        ]
    )
    on_disk = {
        ".".join(init.parent.relative_to(REPO).parts)
        for name in PACKAGES
        for init in (REPO / name).rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert on_disk <= declared, f"add to [tool.setuptools] packages: {sorted(on_disk - declared)}"
    mapped = {"simulator._resources", "simulator._scenarios"}
    assert declared - on_disk == mapped


def test_small_files_and_folders():
    for name in PACKAGES:
        for folder in [
            REPO / name,
            *[p for p in (REPO / name).rglob("*") if p.is_dir() and p.name != "__pycache__"],
        ]:
            modules = [
                p for p in folder.glob("*.py") if p.name not in ("__init__.py", "__main__.py")
            ]
            assert len(modules) <= 12, f"{folder} has {len(modules)} modules: split it by domain"
        for file in (REPO / name).rglob("*.py"):
            lines = file.read_text(encoding="utf-8").count("\n")
            # 560 lines in ruff's format (about 450 in the denser style before it).
            assert lines <= 560, f"{file.relative_to(REPO)} has {lines} lines: split it"


def test_headless_commands_work_without_qt(tmp_path):
    """Every engine module imports, and `fundsim run` (through the console script's launcher)
    works, with Qt impossible to import."""
    out = tmp_path / "r.json"
    code = (
        "import sys, importlib, importlib.abc, pkgutil\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'):\n"
        "            raise ImportError('Qt is blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import simulator\n"
        "names = [m.name for m in pkgutil.walk_packages(simulator.__path__, 'simulator.')\n"
        "         if m.name not in ('simulator.__main__',)]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "from ui.launcher import main\n"
        f"status = main(['run', 'scenarios/kruger-as-proposed.toml', '--paths', '20', '--out', {str(out)!r}])\n"
        "print(len(names), status)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    count, status = proc.stdout.split()
    assert int(count) >= 30 and status == "0"
    assert out.stat().st_size > 1000


def test_python_m_simulator_points_to_the_app_instead_of_importing_it():
    proc = subprocess.run(
        [sys.executable, "-m", "simulator", "gui"], capture_output=True, text=True, cwd=REPO
    )
    assert proc.returncode == 2
    assert "start it with the fundsim command" in proc.stderr
