"""Who may import whom: the project package's plumbing imports no app, apps point one way, and
imports sit at the top of modules except where Django needs the app registry first."""

import ast
from pathlib import Path

from django.conf import settings

# The packages, most specific first: blueprint/'s own modules are the plumbing.
PACKAGES = {
    "blueprint.pages": "pages",
    "blueprint.comments": "comments",
    "blueprint.gitbook": "gitbook",
    "blueprint.operations": "operations",
    "blueprint.bench": "bench",
    "blueprint.maturity": "maturity",
    "blueprint.pulse": "pulse",
    "blueprint": "plumbing",
    "recommendations": "recommendations",
    "examples": "examples",
    "cohorts": "cohorts",
}


def package_of(module):
    for prefix, name in PACKAGES.items():
        if module == prefix or module.startswith(prefix + "."):
            return name
    return None


def modules():
    """(module name, syntax tree) of every module of the site's own code but its migrations."""
    root = Path(settings.BASE_DIR)
    for folder in ("blueprint", "recommendations", "examples", "cohorts"):
        for path in sorted((root / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield ".".join(path.relative_to(root).with_suffix("").parts), ast.parse(path.read_text())


def imported(node):
    return [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]


def dependencies():
    found = set()
    for module, tree in modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for name in imported(node):
                    source, target = package_of(module), package_of(name)
                    if target and target != source:
                        found.add((source, target))
    return found


def test_apps_depend_one_way_on_the_tree_and_the_plumbing():
    assert dependencies() == {
        ("recommendations", "plumbing"),
        ("examples", "plumbing"), ("examples", "recommendations"),
        ("cohorts", "plumbing"), ("cohorts", "recommendations"),
        ("pages", "plumbing"), ("pages", "recommendations"), ("pages", "examples"), ("pages", "cohorts"),
        ("comments", "plumbing"), ("comments", "recommendations"), ("comments", "examples"),
        ("gitbook", "plumbing"), ("gitbook", "recommendations"), ("gitbook", "examples"),
        ("gitbook", "maturity"),
        ("maturity", "plumbing"), ("maturity", "recommendations"),
        ("pulse", "plumbing"), ("pulse", "recommendations"), ("pulse", "maturity"), ("pulse", "examples"),
        ("pulse", "cohorts"), ("gitbook", "pulse"),
        ("operations", "plumbing"), ("operations", "recommendations"), ("operations", "examples"),
        ("operations", "cohorts"), ("operations", "pages"), ("operations", "pulse"),
        ("bench", "recommendations"), ("bench", "examples"), ("bench", "pages"), ("bench", "gitbook"),
        ("bench", "maturity"), ("bench", "pulse"),
    }  # fmt: skip


def test_imports_inside_functions_only_where_the_app_registry_must_be_ready():
    inside = set()
    for module, tree in modules():
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef):
                for node in ast.walk(function):
                    if isinstance(node, ast.Import | ast.ImportFrom):
                        inside.add((module.rsplit(".", 1)[-1], function.name))
    assert inside == {("apps", "ready")}
