"""The registry of public callables that tests/test_common.py runs its shared checks over.

Each area of the library keeps its own module here (``satisfaction.py``,
``staffing.py``, ...) with a ``CASES`` list: one valid call per public
function or class. ``tests/test_common.py`` collects every module's cases.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Case:
    """One valid call of a public callable.

    ``arrays`` names the arguments that are array-likes given as Python lists:
    the shared checks feed them again as tuples, NumPy arrays and pandas and
    polars Series and expect the same result. ``nan_arrays`` names those in
    which a missing value (None) may be planted to exercise ``nan_policy``.
    """

    func: Callable[..., Any]
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    arrays: tuple[str, ...] = ()
    nan_arrays: tuple[str, ...] = ()
    name: str = ""

    @property
    def id(self) -> str:
        return self.name or getattr(self.func, "__qualname__", repr(self.func))


def all_cases() -> list[Case]:
    """Every registry module's CASES."""
    out: list[Case] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        out.extend(module.CASES)
    return out
