"""Every public module shows exactly its ``__all__``: nothing public leaks beside it.

The modules are discovered, not listed, so a new one is covered the day it is
added. Public means: not starting with an underscore anywhere in its dotted
name. A module's public names are its ``__all__``, its public submodules and
nothing else (``from __future__ import annotations`` leaves a compiler flag
behind, which is not a name anyone imports).
"""

from __future__ import annotations
import __future__

import importlib
import pkgutil
import types

import pytest

import servicekit

PUBLIC_MODULES = sorted(
    [servicekit.__name__]
    + [
        info.name
        for info in pkgutil.walk_packages(servicekit.__path__, prefix="servicekit.")
        if not any(part.startswith("_") for part in info.name.split("."))
        # Alembic's migration scripts are run by Alembic, not imported by users.
        and not info.name.startswith("servicekit.store.migrations")
    ]
)


def test_the_known_public_modules_are_found() -> None:
    expected = {
        "servicekit",
        "servicekit.errors",
        "servicekit.frames",
        "servicekit.io",
        "servicekit.metrics",
        "servicekit.models",
        "servicekit.models.types",
        "servicekit.sla",
        "servicekit.store",
        "servicekit.testing",
        "servicekit.workflow",
    }
    assert expected <= set(PUBLIC_MODULES)


def _is_submodule(module: types.ModuleType, value: object) -> bool:
    return isinstance(value, types.ModuleType) and value.__name__.startswith(module.__name__ + ".")


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_vars_match_all(name: str) -> None:
    module = importlib.import_module(name)
    exported = module.__all__
    assert len(exported) == len(set(exported)), f"{name}.__all__ repeats a name"
    missing = [n for n in exported if not hasattr(module, n)]
    assert not missing, f"{name}.__all__ names {missing}, which do not exist"
    for n in exported:
        getattr(module, n)  # lazy re-exports land in vars() too
    leaked = sorted(
        n
        for n, value in vars(module).items()
        if not n.startswith("_")
        and n not in exported
        and not _is_submodule(module, value)
        and not isinstance(value, __future__._Feature)
    )
    assert not leaked, f"{name} exposes {leaked} beyond __all__"


def test_a_leak_is_found() -> None:
    """The check itself: a module that imports a name publicly fails it."""
    fake = types.ModuleType("servicekit.fake")
    fake.__all__ = ["ok"]  # type: ignore[attr-defined]
    fake.ok = 1  # type: ignore[attr-defined]
    fake.BaseModel = object  # type: ignore[attr-defined]
    leaked = [
        n
        for n in vars(fake)
        if not n.startswith("_") and n not in fake.__all__  # type: ignore[attr-defined]
    ]
    assert leaked == ["BaseModel"]
