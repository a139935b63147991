"""Dependencies run one way (DESIGN.md): metrics -> errors; models -> errors;
sla -> models; workflow -> models, sla;
frames -> metrics, models, sla, workflow; io -> the foundation only;
charts -> metrics, frames (and only the report and cli layers may import charts);
datasets -> io, sla; report -> charts, frames, metrics, sla; cli -> io, report, datasets.
testing -> models, sla, workflow.
Checked on the source, import by import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "servicekit"
SHARED = {"errors", "_params", "_results"}  # the foundation every layer may use
ALLOWED = {
    "errors": set(),
    "_params": {"errors"},
    "_results": set(),
    "metrics": SHARED | {"metrics"},
    "models": SHARED | {"models"},
    "sla": SHARED | {"models", "sla"},
    "workflow": SHARED | {"models", "sla", "workflow"},
    "frames": SHARED | {"frames", "metrics", "models", "sla", "workflow"},
    "io": SHARED | {"io"},
    "charts": SHARED | {"charts", "metrics", "frames"},
    "datasets": SHARED | {"datasets", "sla", "io", "frames"},
    "report": SHARED | {"report", "charts", "frames", "metrics", "sla", "_version"},
    "cli": SHARED | {"_cli"},
    "_cli": SHARED | {"_version", "io", "sla", "models", "report", "datasets"},
    "_console": SHARED | {"_cli"},
    "testing": SHARED | {"models", "sla", "workflow", "testing"},
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
    single = SRC / f"{layer}.py"
    files = [single] if single.exists() else sorted((SRC / layer).rglob("*.py"))
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


def test_first_imports_are_light() -> None:
    """``import servicekit`` loads only the errors; metrics neither pydantic nor statemachine."""
    import subprocess
    import sys

    code = (
        "import sys, servicekit;"
        "heavy = ('pydantic', 'statemachine', 'numpy');"
        "light = not any(m.startswith(heavy) for m in sys.modules);"
        "import servicekit.metrics;"
        "plain = not any(m.startswith(('pydantic', 'statemachine')) for m in sys.modules);"
        "servicekit.Complaint;"
        "print(light, plain, 'pydantic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "True"]


def test_metrics_know_nothing_of_the_models_or_the_workflow() -> None:
    """Point 8 of the contracts issue: metrics work on plain columns.

    No model field only a model has, no workflow event name and no copy of the
    resolved statuses may appear in servicekit/metrics (the KPI functions take
    columns; servicekit.workflow.complaint_facts turns complaints into them).
    """
    words = [
        '"resolve"',
        '"escalate"',
        '"reopen"',
        '"hand_over"',
        '"replied"',
        '"tracking"',
        ".history",
        "received_at",
        "reopen_count",
        "follow_ups",
        "Complaint(",
        "Interaction(",
        "from servicekit.models",
        "from servicekit.workflow",
    ]
    import re

    patterns = [
        re.compile(rf"{re.escape(w)}\b" if w[-1].isalnum() else re.escape(w)) for w in words
    ]
    for path in sorted((SRC / "metrics").rglob("*.py")):
        text = path.read_text()
        for word, pattern in zip(words, patterns, strict=True):
            assert not pattern.search(text), f"{path.relative_to(SRC)} mentions {word}"


def test_nothing_but_the_report_and_cli_imports_charts() -> None:
    for path in sorted(SRC.rglob("*.py")):
        top = path.relative_to(SRC).parts[0]
        if top in ("charts", "report", "cli"):
            continue
        for module in _imports(path):
            assert not module.startswith("servicekit.charts"), f"{path.relative_to(SRC)}"


def test_charts_import_altair_only_when_drawing() -> None:
    import subprocess
    import sys

    code = (
        "import sys, servicekit.charts;"
        "print([m for m in ('altair', 'vl_convert', 'pandas') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
