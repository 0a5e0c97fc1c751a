"""Imports sit at the top of modules except where Django needs the app registry first. (Which
package may import which is import-linter's layers contract in pyproject.toml.)"""

import ast
from pathlib import Path

from django.conf import settings


def modules():
    """(module name, syntax tree) of every module of the site's own code but its migrations."""
    root = Path(settings.BASE_DIR)
    for folder in ("blueprint", "recommendations", "examples", "cohorts"):
        for path in sorted((root / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield ".".join(path.relative_to(root).with_suffix("").parts), ast.parse(path.read_text())


def test_imports_inside_functions_only_where_the_app_registry_must_be_ready():
    inside = set()
    for module, tree in modules():
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef):
                for node in ast.walk(function):
                    if isinstance(node, ast.Import | ast.ImportFrom):
                        inside.add((module.rsplit(".", 1)[-1], function.name))
    assert inside == {("apps", "ready")}
