"""The layout of scripts/ shows the architecture, and stays that way: one package per capability, each
saying what it does and where to start, modules of a readable size, no import cycle, README's table
mirroring the tree, and every `python -m scripts.…` command the documentation names still runs."""
from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

SCRIPTS = ROOT / "scripts"
PACKAGES = sorted(p for p in SCRIPTS.iterdir() if (p / "__init__.py").exists())
MODULES = sorted(SCRIPTS.rglob("*.py"))
LONGEST = 610   # "about 600 lines"; offline/mirror.py ships alone in the bundle, so it stays one file
# Where commands are written for people (and machines) to run.
COMMAND_FILES = ["README.md", "CONTRIBUTING.md", "BENCHMARKS.md", ".pre-commit-config.yaml",
                 ".github/workflows/ci.yml", ".github/pull_request_template.md", "scripts/build", "scripts/test",
                 "content/status.md", "data/contacts.schema.json", "data/glossary.yaml"]


def _dotted(path: Path) -> str:
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return name.removesuffix(".__init__")


def _imports(path: Path) -> set[str]:
    """The portal modules a module imports, anywhere in it (also inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "scripts":
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if (ROOT / (full.replace(".", "/") + ".py")).exists() else node.module)
    return found


def test_scripts_is_a_package_of_capability_packages():
    loose = [p.name for p in SCRIPTS.glob("*.py") if p.name != "__init__.py"]
    assert loose == [], f"modules belong in a capability package, not loose in scripts/: {loose}"
    assert {p.name for p in PACKAGES} >= {"site", "check", "directory", "search", "offline", "leaflets",
                                           "translations", "benchmark"}


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_every_package_says_what_it_does_and_which_module_to_open_first(package: Path):
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
    assert doc and len(doc.splitlines()) >= 2, f"{package.name}/__init__.py needs a docstring"
    first = re.search(r"Open (\w+\.py) first", doc)
    assert first, f"{package.name}/__init__.py: say which module to open first ('Open X.py first')"
    assert (package / first.group(1)).exists(), f"{package.name}/__init__.py names {first.group(1)}, which is not there"


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(SCRIPTS)))
def test_no_module_is_longer_than_about_600_lines(module: Path):
    lines = len(module.read_text(encoding="utf-8").splitlines())
    assert lines <= LONGEST, f"{module.relative_to(ROOT)} has {lines} lines: split it along its seams"


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    cycles, done = [], set()

    def visit(node: str, path: list[str]) -> None:
        if node in path:
            cycles.append(path[path.index(node):] + [node])
            return
        if node in done:
            return
        for target in sorted(graph.get(node, ())):
            visit(target, path + [node])
        done.add(node)

    for node in sorted(graph):
        visit(node, [])
    return cycles


def test_no_import_cycle():
    cycles = _cycles({_dotted(m): _imports(m) - {_dotted(m)} for m in MODULES})
    assert cycles == [], "import cycles: " + "; ".join(" → ".join(c) for c in cycles)


def test_the_cycle_check_sees_imports_inside_functions(tmp_path: Path):
    """Where the old benchmark cycle hid: an import inside a function closes a cycle too."""
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from scripts.benchmark import search\n", encoding="utf-8")
    assert _imports(module) == {"scripts.benchmark.search"}
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_readme_table_mirrors_the_tree():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `scripts/(\w+)/` \|(.*)\|$", readme, re.M)}
    assert sorted(rows) == [p.name for p in PACKAGES], "README's table has one row per package of scripts/"
    for package in PACKAGES:
        named = set(re.findall(r"`(\w+\.(?:py|css))`", rows[package.name]))
        present = {p.name for p in package.iterdir() if p.suffix in (".py", ".css")} - {"__init__.py", "__main__.py"}
        assert named == present, (f"README's row for scripts/{package.name}/: missing {sorted(present - named)}, "
                                  f"not there {sorted(named - present)}")


def _commands() -> set[str]:
    found = set()
    for name in COMMAND_FILES:
        text = (ROOT / name).read_text(encoding="utf-8")
        found |= set(re.findall(r"-m (scripts(?:\.\w+)+)", text))
        found |= {m.replace('", "', "") for m in re.findall(r'"-m", "(scripts(?:\.\w+)+)"', text)}
    return found


def test_documented_commands_are_found():
    assert {"scripts.check", "scripts.translations", "scripts.leaflets", "scripts.directory",
            "scripts.offline.bundle", "scripts.offline.mirror"} <= _commands()


@pytest.mark.parametrize("command", sorted(_commands()))
def test_every_documented_command_leads_to_a_program(command: str):
    """The commands in README, CONTRIBUTING, the workflow, the pre-commit config and the build scripts still
    lead somewhere after a move: a package with a __main__.py, or a module that runs as a program. (Found
    without running them: some build, measure for minutes or write files.)"""
    spec = importlib.util.find_spec(command)
    assert spec and spec.origin, f"python -m {command}: no such module"
    origin = Path(spec.origin)
    if origin.name == "__init__.py":
        origin = origin.with_name("__main__.py")
        assert origin.exists(), f"python -m {command}: the package has no __main__.py"
    else:
        assert 'if __name__ == "__main__":' in origin.read_text(encoding="utf-8"), \
            f"python -m {command}: {origin.relative_to(ROOT)} does not run as a program"
