"""Shared checks over every public callable (in the spirit of scikit-learn's test_common).

The callables and one valid call each are registered in ``tests/registry/``.
For each: the valid call runs without warnings; list, tuple, NumPy, pandas and
polars inputs give the same result; every declared constraint, violated in
turn, gives InvalidInputError naming that argument; ``nan_policy`` behaves;
results keep the result protocol.
"""

from __future__ import annotations

import inspect
import math
import pickle
import warnings
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest

from servicekit._params import declared_params
from servicekit._results import Result
from servicekit.errors import InvalidInputError
from tests.registry import Case, all_cases

CASES = all_cases()
IDS = [c.id for c in CASES]


def _bound(case: Case) -> inspect.BoundArguments:
    target = case.func.__init__ if isinstance(case.func, type) else case.func
    signature = inspect.signature(target)
    args = (None, *case.args) if isinstance(case.func, type) else case.args
    bound = signature.bind(*args, **case.kwargs)
    if isinstance(case.func, type):
        bound.arguments.pop(next(iter(signature.parameters)))
    return bound


def _call(case: Case, **replace: Any) -> Any:
    bound = _bound(case)
    bound.arguments.update(replace)
    return case.func(*bound.args, **bound.kwargs)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Result) or isinstance(b, Result):
        return bool(a == b)
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, np.ndarray):
        return bool(np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))
    return bool(a == b)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_valid_call_runs_without_warnings(case: Case) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _call(case)


CONTAINERS = {
    "tuple": tuple,
    "numpy": np.asarray,
    "pandas": pd.Series,
    "polars": pl.Series,
}


@pytest.mark.parametrize("container", sorted(CONTAINERS))
@pytest.mark.parametrize(
    "case", [c for c in CASES if c.arrays], ids=[c.id for c in CASES if c.arrays]
)
def test_every_container_gives_the_same_result(case: Case, container: str) -> None:
    expected = _call(case)
    bound = _bound(case)
    converted = {name: CONTAINERS[container](bound.arguments[name]) for name in case.arrays}
    assert _same(_call(case, **converted), expected)


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.arrays], ids=[c.id for c in CASES if c.arrays]
)
def test_boolean_in_an_array_is_refused(case: Case) -> None:
    bound = _bound(case)
    for name in case.arrays:
        values = list(bound.arguments[name])
        with pytest.raises(InvalidInputError) as info:
            _call(case, **{name: [True, *values[1:]]})
        assert info.value.argument == name


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.nan_arrays], ids=[c.id for c in CASES if c.nan_arrays]
)
def test_nan_policy(case: Case) -> None:
    """A missing first value: "raise" names it, "omit" drops that row, "propagate" gives NaN."""
    bound = _bound(case)
    for name in case.nan_arrays:
        values = list(bound.arguments[name])
        with_nan = [None, *values[1:]]
        with pytest.raises(InvalidInputError, match="missing"):
            _call(case, **{name: with_nan, "nan_policy": "raise"})
        # "omit" equals the call without that row, in every array of the same length.
        dropped = {
            other: list(bound.arguments[other])[1:]
            for other in {*case.arrays, name}
            if len(list(bound.arguments[other])) == len(values)
        }
        omitted = _call(case, **{name: with_nan, "nan_policy": "omit"})
        assert _same(omitted, _call(case, **dropped))
        propagated = _call(case, **{name: with_nan, "nan_policy": "propagate"})
        parts = propagated.to_dict().values() if isinstance(propagated, Result) else [propagated]
        assert any(isinstance(v, float) and math.isnan(v) for v in parts)


def _constraint_cases() -> list[tuple[Case, str, Any]]:
    out = []
    for case in CASES:
        for name, constraint in declared_params(case.func).items():
            for bad in constraint.invalid():
                out.append((case, name, bad))
    return out


CONSTRAINT_CASES = _constraint_cases()


@pytest.mark.parametrize(
    ("case", "name", "bad"),
    CONSTRAINT_CASES,
    ids=[f"{c.id}-{n}-{i}" for i, (c, n, _) in enumerate(CONSTRAINT_CASES)],
)
def test_each_declared_constraint_violated_names_its_argument(
    case: Case, name: str, bad: Any
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(InvalidInputError) as info:
            _call(case, **{name: bad})
    assert info.value.argument == name
    assert info.value.function is not None


RESULT_CASES = [c for c in CASES if isinstance(_call(c), Result)]


@pytest.mark.parametrize("case", RESULT_CASES, ids=[c.id for c in RESULT_CASES])
def test_results_keep_the_protocol(case: Case) -> None:
    first, second = _call(case), _call(case)
    assert first == second
    assert hash(first) == hash(second)
    assert isinstance(first.to_dict(), dict)
    assert len(repr(first)) < 2000
    assert first._repr_html_().startswith("<")
    assert pickle.loads(pickle.dumps(first)) == first
    for value in first.to_dict().values():
        if isinstance(value, np.ndarray):
            assert not value.flags.writeable
    field = next(iter(first.to_dict()))
    with pytest.raises(AttributeError):
        setattr(first, field, None)
