from __future__ import annotations

import pickle

import pytest

from servicekit import ConcurrencyError, InvalidInputError, InvalidTransition, ServiceKitError


def test_invalid_input_is_a_value_error_naming_argument_value_and_expectation() -> None:
    err = InvalidInputError("scores", [1, 2, 11], "integers from 0 to 10")
    assert isinstance(err, ValueError)
    assert isinstance(err, ServiceKitError)
    assert str(err) == "scores=[1, 2, 11] is invalid: expected integers from 0 to 10"
    assert err.argument == "scores"
    assert err.value == [1, 2, 11]
    assert err.expected == "integers from 0 to 10"


def test_invalid_input_shortens_long_values() -> None:
    err = InvalidInputError("scores", list(range(10_000)), "a short list")
    assert len(str(err)) < 120
    assert "..." in str(err)


def test_invalid_input_can_hide_the_value() -> None:
    err = InvalidInputError("email", "li.wei@example", "an e-mail address", show_value=False)
    assert "li.wei" not in str(err)
    assert "email" in str(err)


@pytest.mark.parametrize(
    "err",
    [
        InvalidInputError("n", 0, "a positive integer"),
        InvalidTransition("close", "received", "not replied yet"),
        ConcurrencyError("stale"),
    ],
)
def test_errors_pickle(err: ServiceKitError) -> None:
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is type(err)
    assert str(again) == str(err)


def test_invalid_transition_names_event_and_status() -> None:
    err = InvalidTransition("resolve", "received")
    assert "resolve" in str(err)
    assert "received" in str(err)
    assert not isinstance(err, ValueError)
