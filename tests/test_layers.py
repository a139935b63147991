"""Dependencies run one way (DESIGN.md): metrics -> errors; models -> errors;
sla -> models; workflow -> models, sla. Checked on the source, import by import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "servicekit"
ALLOWED = {
    "errors": set(),
    "metrics": {"errors", "metrics"},
    "models": {"errors", "models"},
    "sla": {"errors", "models", "sla"},
    "workflow": {"errors", "models", "sla", "workflow"},
}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("servicekit")
        ):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("servicekit"))
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_what_it_may(layer: str) -> None:
    files = [SRC / "errors.py"] if layer == "errors" else sorted((SRC / layer).rglob("*.py"))
    assert files
    for path in files:
        for module in _imports(path):
            parts = module.split(".")
            top = parts[1] if len(parts) > 1 else ""
            assert top in ALLOWED[layer], f"{path.relative_to(SRC)} imports {module}"


def test_core_imports_no_optional_dependency() -> None:
    import subprocess
    import sys

    code = (
        "import sys, servicekit, servicekit.metrics, servicekit.sla, servicekit.workflow;"
        "bad = [m for m in ('pandas', 'polars', 'holidays', 'pydot', 'scipy') if m in sys.modules];"
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
