"""The exceptions servicekit raises.

Every error servicekit raises on purpose derives from :class:`ServiceKitError`,
so an application can catch the library's errors in one place. Bad input is an
:class:`InvalidInputError`, which is also a :class:`ValueError` (as pydantic's
``ValidationError`` is), so ``except ValueError`` keeps working.
"""

from __future__ import annotations

import reprlib

__all__ = [
    "ConcurrencyError",
    "InvalidInputError",
    "InvalidTransition",
    "ServiceKitError",
]

_short = reprlib.Repr()
_short.maxstring = 60
_short.maxother = 60
_short.maxlist = 6
_short.maxtuple = 6


class ServiceKitError(Exception):
    """Base class of every error servicekit raises on purpose.

    Examples
    --------
    >>> from servicekit import InvalidInputError, ServiceKitError
    >>> issubclass(InvalidInputError, ServiceKitError)
    True
    """


class InvalidInputError(ServiceKitError, ValueError):
    """An argument or field has a value servicekit cannot use.

    The message names the argument, shows the offending value (shortened) and
    says what was expected. The parts are also kept as attributes, for
    programs that want to react to them.

    Parameters
    ----------
    argument : str
        The name of the argument or field, e.g. ``"scores"`` or ``"closed_at"``.
    value : object
        The value that was given.
    expected : str
        What would have been accepted, e.g. ``"integers from 0 to 10"``.
    show_value : bool, default True
        Whether the message shows the value. Pass ``False`` for personal data.

    Attributes
    ----------
    argument, value, expected : as given.

    Examples
    --------
    >>> err = InvalidInputError("scores", [11], "integers from 0 to 10")
    >>> str(err)
    'scores=[11] is invalid: expected integers from 0 to 10'
    >>> isinstance(err, ValueError)
    True
    """

    def __init__(
        self, argument: str, value: object, expected: str, *, show_value: bool = True
    ) -> None:
        self.argument = argument
        self.value = value
        self.expected = expected
        self.show_value = show_value
        shown = _short.repr(value) if show_value else "<hidden>"
        super().__init__(f"{argument}={shown} is invalid: expected {expected}")

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_invalid_input,
            (self.argument, self.value, self.expected, self.show_value),
        )


def _rebuild_invalid_input(
    argument: str, value: object, expected: str, show_value: bool
) -> InvalidInputError:
    return InvalidInputError(argument, value, expected, show_value=show_value)


class InvalidTransition(ServiceKitError):
    """A workflow event is not allowed in the complaint's current state.

    The complaint is left exactly as it was.

    Parameters
    ----------
    event : str
        The event that was refused, e.g. ``"close"``.
    status : str
        The complaint's current status.
    reason : str, optional
        Why the event was refused, when it is not simply the state.

    Examples
    --------
    >>> str(InvalidTransition("close", "investigating"))
    "event 'close' is not allowed in status 'investigating'"
    >>> str(InvalidTransition("close", "replied", "the customer has not confirmed"))
    "event 'close' is not allowed in status 'replied': the customer has not confirmed"
    """

    def __init__(self, event: str, status: str, reason: str | None = None) -> None:
        self.event = event
        self.status = status
        self.reason = reason
        message = f"event {event!r} is not allowed in status {status!r}"
        if reason:
            message = f"{message}: {reason}"
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.event, self.status, self.reason))


class ConcurrencyError(ServiceKitError):
    """A stored object changed since it was loaded (optimistic locking).

    Raised when an expected ``version`` does not match the stored one.

    Examples
    --------
    >>> raise ConcurrencyError("complaint C-1 is at version 4, expected 3")
    Traceback (most recent call last):
    ...
    servicekit.errors.ConcurrencyError: complaint C-1 is at version 4, expected 3
    """
