"""The import graph of service/ (issue [model], "Layers"): HTTP only in service/web/, no cycle between packages.

Read with the standard library's `ast`, so nothing is imported to check it; imports inside functions count too (a
cycle hidden in a function is still a cycle). A package is the first level under service/ (a folder, or a module
such as cli.py)."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "service"

# The HTTP layer's frameworks (Flask, its extensions flask_*, Werkzeug): importable only from service/web/.
HTTP_MODULES = ("flask", "werkzeug")
HTTP_PREFIX = "flask_"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, root: Path) -> list[tuple[str, int]]:
    """Every module `path` imports, anywhere in the file, as absolute names with their line numbers.

    `from a import b` counts as both `a` and `a.b` (b may be a module)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((module, node.lineno))
            found += [(f"{module}.{alias.name}", node.lineno) for alias in node.names if alias.name != "*"]
    return found


def top_package(module: str, root_name: str) -> str | None:
    """`service.register.issue` → `register`; None outside service/ or for service/__init__.py itself."""
    parts = module.split(".")
    if parts[0] != root_name or len(parts) < 2:
        return None
    return parts[1]


def http_imports_outside_web(root: Path) -> list[str]:
    problems = []
    for path in sorted(root.rglob("*.py")):
        if top_package(module_name(path, root), root.name) == "web":
            continue
        lines_seen: set[int] = set()
        for module, line in imported_modules(path, root):  # the statement's module comes first, then its names
            first = module.split(".")[0]
            if (first in HTTP_MODULES or first.startswith(HTTP_PREFIX)) and line not in lines_seen:
                lines_seen.add(line)
                problems.append(f"{path.relative_to(root.parent)}:{line} imports {module}")
    return problems


def package_graph(root: Path) -> dict[str, dict[str, list[str]]]:
    """package → package it imports → the imports that make the edge (file:line module)."""
    graph: dict[str, dict[str, list[str]]] = {}
    for path in sorted(root.rglob("*.py")):
        source = top_package(module_name(path, root), root.name)
        if source is None:
            continue
        graph.setdefault(source, {})
        for module, line in imported_modules(path, root):
            target = top_package(module, root.name)
            if target is not None and target != source:
                graph[source].setdefault(target, []).append(f"{path.relative_to(root.parent)}:{line} {module}")
    return graph


def package_cycles(graph: dict[str, dict[str, list[str]]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one package (Tarjan): each holds at least one cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in graph.get(node, {}):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def file_graph(root: Path) -> dict[str, dict[str, list[str]]]:
    """module → module of service/ it imports → the imports that make the edge (file:line).

    `from service.a import b` is an edge to service/a/__init__.py (its names are read there) and, when b is a
    module, to service/a/b.py too: a module that reaches its siblings through its own package's __init__ closes a
    cycle with that __init__ as soon as the __init__ imports it."""
    files = {module_name(path, root): path for path in sorted(root.rglob("*.py"))}
    graph: dict[str, dict[str, list[str]]] = {}
    for source, path in files.items():
        graph.setdefault(source, {})
        for module, line in imported_modules(path, root):
            if module in files and module != source:
                graph[source].setdefault(module, []).append(f"{path.relative_to(root.parent)}:{line}")
    return graph


def describe(component: frozenset[str], graph: dict[str, dict[str, list[str]]]) -> str:
    lines = [" ↔ ".join(sorted(component))]
    for source in sorted(component):
        for target in sorted(set(graph.get(source, {})) & component):
            lines += [f"    {source} → {target}: {edge}" for edge in graph[source][target][:5]]
    return "\n".join(lines)


def test_no_http_framework_outside_web():
    assert http_imports_outside_web(ROOT) == []


def test_no_import_cycle_between_packages():
    graph = package_graph(ROOT)
    cycles = [describe(c, graph) for c in package_cycles(graph)]
    assert cycles == [], "import cycles between packages of service/:\n" + "\n".join(cycles)


def imports_between(root: Path, source: str, targets: tuple[str, ...]) -> list[str]:
    """Every import in package `source` of one of the packages `targets` (file:line module)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if top_package(module_name(path, root), root.name) != source:
            continue
        for module, line in imported_modules(path, root):
            if top_package(module, root.name) in targets:
                found.append(f"{path.relative_to(root.parent)}:{line} {module}")
    return found


def test_reading_layer_stands_alone():
    """The checker and the importer share the reading layer (reader, locator, text, sequences): the importer never
    reaches into the checker, and the reading layer knows neither of them."""
    assert imports_between(ROOT, "importer", ("check",)) == []
    assert imports_between(ROOT, "reading", ("check", "importer")) == []
    assert imports_between(ROOT, "check", ("reading",)) != []
    assert imports_between(ROOT, "importer", ("reading",)) != []


def test_no_import_cycle_between_files():
    """Not even inside one package, and not through an import hidden in a function: two modules that need each
    other are one module, or share a third."""
    graph = file_graph(ROOT)
    cycles = [describe(c, graph) for c in package_cycles(graph)]
    assert cycles == [], "import cycles between modules of service/:\n" + "\n".join(cycles)


SPLITTERS = ("partition", "rpartition", "split", "rsplit")


def bilingual_splits(root: Path) -> list[str]:
    """Every place that takes a "vi / en" string apart (`text.partition(" / ")`, `.split(" / ")` …) instead of
    reading the two languages from a Message."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SPLITTERS
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                    and node.args[0].value.strip() == "/" and node.args[0].value != "/"):
                found.append(f"{path.relative_to(root.parent)}:{node.lineno}")
    return found


def test_bilingual_messages_are_never_split():
    """One bilingual message type (service/messages.py): errors carry `Message(vi, en)`, and problem+json, the
    pages and the CLI read its fields; nothing joins the languages into one string to split it again."""
    assert bilingual_splits(ROOT) == []


def test_the_split_check_sees_every_form(tmp_path):
    root = _tree(tmp_path, {
        "a.py": 'vi, _, en = str(exc).partition(" / ")\nparts = text.split(" / ", 1)\n',
        "b.py": 'def f(t):\n    return t.rsplit(" /  ")\n',
        "c.py": 'path.split("/")\nname.partition("-")\n" / ".join(parts)\n',
    })
    assert bilingual_splits(root) == ["service/a.py:1", "service/a.py:2", "service/b.py:2"]


# Marks the decree prints that only service/rules/ may spell (nd30.CLOSING_MARK, the archive line of App.I §5).
DECREE_MARKS = ("./.", "- Lưu:")


def _docstrings(tree: ast.AST) -> set[int]:
    return {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}


def _literal(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return True
    return isinstance(node, (ast.Tuple, ast.List)) and all(_literal(e) for e in node.elts)


def decree_literals_outside_rules(root: Path) -> list[str]:
    """String constants (not docstrings) outside rules/ that spell one of DECREE_MARKS, and module constants outside
    rules/ given a literal value under a name rules/ already defines (a second CELL_MARGIN)."""
    rule_names: set[str] = set()
    for path in sorted((root / "rules").rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign):
                rule_names |= {t.id for t in node.targets if isinstance(t, ast.Name) and t.id.isupper()}
    found = []
    for path in sorted(root.rglob("*.py")):
        if top_package(module_name(path, root), root.name) == "rules":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        where = path.relative_to(root.parent)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
                found += [f"{where}:{node.lineno} spells {mark!r}" for mark in DECREE_MARKS if mark in node.value]
        for node in tree.body:
            if isinstance(node, ast.Assign) and _literal(node.value):
                found += [f"{where}:{node.lineno} redefines {t.id}" for t in node.targets
                          if isinstance(t, ast.Name) and t.id in rule_names]
    return found


def test_decree_literals_live_in_rules():
    assert decree_literals_outside_rules(ROOT) == []


def test_the_literal_check_sees_marks_and_second_constants(tmp_path):
    root = _tree(tmp_path, {
        "rules/layout.py": "CELL_MARGIN = 57\n",
        "render/tables.py": '"""Ends with ./. like the decree."""\nCELL_MARGIN = 57\nEND = ("." , "./.")\n',
        "importer/fields.py": "from service.rules.layout import CELL_MARGIN\nARCHIVE = r\"^- Lưu: (.*)$\"\n",
    })
    assert decree_literals_outside_rules(root) == [
        "service/importer/fields.py:2 spells '- Lưu:'",
        "service/render/tables.py:3 spells './.'",
        "service/render/tables.py:2 redefines CELL_MARGIN",
    ]


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "service"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_checks_see_flask_and_cycles_hidden_in_functions(tmp_path):
    """The checks themselves: a Flask import outside web/ and a cycle made by an import inside a function are found;
    a relative import counts; imports within one package and of web/ itself are fine."""
    root = _tree(tmp_path, {
        "__init__.py": "",
        "web/__init__.py": "from flask import Flask\nfrom service.register import db\n",
        "register/__init__.py": "",
        "register/db.py": "import sqlalchemy\nfrom . import models\n",
        "register/models.py": "",
        "register/api.py": "def view():\n    from werkzeug.exceptions import NotFound\n",
        "register/issue.py": "def issue():\n    from ..agency.store import lookup\n",
        "agency/__init__.py": "",
        "agency/store.py": "from service.register import db\nimport flask_limiter\n",
        "cli.py": "import service.agency.store\n",
    })
    assert http_imports_outside_web(root) == [
        "service/agency/store.py:2 imports flask_limiter",
        "service/register/api.py:2 imports werkzeug.exceptions",
    ]
    graph = package_graph(root)
    assert set(graph["register"]) == {"agency"}
    assert package_cycles(graph) == [frozenset({"agency", "register"})]
    assert "register/issue.py:2 service.agency.store" in describe(frozenset({"agency", "register"}), graph)


def test_the_file_check_sees_cycles_inside_a_package(tmp_path):
    """A cycle through a function-level import, and one through a package's own __init__, are both found; a module
    importing its sibling directly while the __init__ re-exports both is not a cycle."""
    root = _tree(tmp_path, {
        "__init__.py": "",
        "cli/__init__.py": "",
        "cli/register.py": "def issue():\n    from service.cli.sign import signing_errors\n",
        "cli/sign.py": "from service.cli import register\n",
        "convert/__init__.py": "from service.convert.pool import Converter\n",
        "convert/pool.py": "from .worker import Worker\n",
        "convert/worker.py": "from service.convert import spawn\n",
        "convert/spawn.py": "",
        "reading/__init__.py": "from service.reading.reader import read\nfrom service.reading.text import norm\n",
        "reading/reader.py": "",
        "reading/text.py": "from service.reading.reader import read\n",
    })
    graph = file_graph(root)
    assert graph["service.convert.worker"] == {"service.convert": ["service/convert/worker.py:1"],
                                               "service.convert.spawn": ["service/convert/worker.py:1"]}
    assert sorted(package_cycles(graph), key=len) == [
        frozenset({"service.cli.register", "service.cli.sign"}),
        frozenset({"service.convert", "service.convert.pool", "service.convert.worker"}),
    ]
