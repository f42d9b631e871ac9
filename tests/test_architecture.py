"""The package's shape, checked from its source: imports run one way, functions stay short.

Every import counts, also those inside functions (a lazy import is still a dependency).  The
rules are the ones docs/architecture.md gives; a failure names the modules or the function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "govreport_nlp"
MAX_FUNCTION_LINES = 120

# Each stage may import only the stages listed (and itself); the foundation modules
# (models, errors, _data, _extras, _version) are open to all.
FOUNDATION = {"models", "errors", "_data", "_extras", "_version"}
ALLOWED = {
    "read": set(),
    "text": set(),
    "structure": {"text"},
    "figures": {"text", "structure"},
    "tables": {"text", "structure", "figures"},
    "pipeline": {"read", "text", "structure", "figures", "tables"},
    "deliver": {"read", "text", "structure", "figures", "tables", "pipeline"},
    "evaluate": {"read", "text", "structure", "figures", "tables", "pipeline", "deliver"},
    "cli": {"read", "text", "structure", "figures", "tables", "pipeline", "deliver", "evaluate"},
    "__main__": {"cli"},
    "frames": {"deliver"},  # the public name of deliver.frames
    "__init__": {"read", "text", "pipeline", "deliver"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def _imports(path: Path) -> set[str]:
    """The package modules ``path`` imports, anywhere in it, as dotted names."""
    name = _module_name(path)
    base = name.split(".") if _is_package(path) and name != "__init__" else name.split(".")[:-1]
    if name == "__init__":
        base = []
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = [*anchor, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.startswith("govreport_nlp"):
                target = node.module.split(".")[1:]
            else:
                continue
            for alias in node.names:
                candidate = ".".join([*target, alias.name])
                found.add(candidate if _exists(candidate) else ".".join(target))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("govreport_nlp."):
                    found.add(alias.name.split(".", 1)[1])
    return {f for f in found if f and _exists(f)}


def _exists(dotted: str) -> bool:
    path = PACKAGE.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: _imports(path) - {name} for name, path in MODULES.items()}


def _stage(module: str) -> str:
    return module.split(".")[0]


def test_no_import_circles() -> None:
    """Depth-first search for a cycle in the module graph (lazy imports included)."""
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(GRAPH.get(node, set())):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_stage_imports_only_lower_stages(module: str) -> None:
    stage = _stage(module)
    allowed = ALLOWED.get(stage, set()) | FOUNDATION | {stage}
    if stage in FOUNDATION:
        allowed = FOUNDATION
    wrong = sorted(m for m in GRAPH[module] if _stage(m) not in allowed)
    assert not wrong, f"{module} imports {wrong}"


def _functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


# Modules known to hold a function over 120 lines (a strict xfail each): none since the
# naming rules became an ordered table (issue 18).
TOO_LONG_TODAY: set[str] = set()


@pytest.mark.parametrize(
    "module",
    [
        pytest.param(m, marks=pytest.mark.xfail(strict=True, reason="a function over 120 lines"))
        if m in TOO_LONG_TODAY
        else m
        for m in sorted(MODULES)
    ],
)
def test_functions_are_short(module: str) -> None:
    long = [
        f"{f.name} ({f.end_lineno - f.lineno + 1} lines)"
        for f in _functions(MODULES[module])
        if f.end_lineno is not None and f.end_lineno - f.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"{module}: {long}"


def _top_level_imports(path: Path) -> set[str]:
    """Every absolute import's top-level package (``argparse``, ``regex``, …)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m != "cli"))
def test_only_the_cli_parses_arguments(module: str) -> None:
    assert "argparse" not in _top_level_imports(MODULES[module])


def _private_names_imported(path: Path) -> list[str]:
    """``from <package module> import _name`` (a private name reached across modules).

    The foundation's underscore modules themselves (``_data``, ``_extras``) are public to the
    package; a private *name* inside any module is not.
    """
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        internal = isinstance(node, ast.ImportFrom) and (
            node.level or (node.module or "").startswith("govreport_nlp")
        )
        if not internal:
            continue
        for alias in node.names:
            dunder = alias.name.startswith("__") and alias.name.endswith("__")  # __all__
            private = alias.name.startswith("_") and not dunder
            if private and alias.name.lstrip("_") not in FOUNDATION_NAMES:
                found.append(f"{node.module or '.'}.{alias.name}")
    return found


FOUNDATION_NAMES = {m.lstrip("_") for m in FOUNDATION} | {"version__"}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_private_names_across_modules(module: str) -> None:
    assert not _private_names_imported(MODULES[module]), module
