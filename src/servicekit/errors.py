"""The exceptions servicekit raises.

Every error servicekit raises on purpose derives from :class:`ServiceKitError`,
so an application can catch the library's errors in one place. Bad input is an
:class:`InvalidInputError`, which is also a :class:`ValueError` (as pydantic's
``ValidationError`` is) and a :class:`TypeError`, so ``except ValueError`` and
``except TypeError`` both keep working.
"""

from __future__ import annotations

import reprlib

__all__ = [
    "ConcurrencyError",
    "InvalidInputError",
    "InvalidTransition",
    "NotFoundError",
    "ServiceKitError",
]

_short = reprlib.Repr()
_short.maxstring = 60
_short.maxother = 60
_short.maxlist = 6
_short.maxtuple = 6
del reprlib  # the module's public names are its __all__ alone


class ServiceKitError(Exception):
    """Base class of every error servicekit raises on purpose.

    Examples
    --------
    >>> from servicekit import InvalidInputError, ServiceKitError
    >>> issubclass(InvalidInputError, ServiceKitError)
    True
    """


class InvalidInputError(ServiceKitError, ValueError, TypeError):
    """An argument or field has a value servicekit cannot use.

    The message names the function (when known), the argument, shows the
    offending value (shortened; never when it may carry personal data or free
    text) and says what was expected. The parts are also kept as attributes,
    for programs that want to react to them. It is both a :class:`ValueError`
    and a :class:`TypeError`, so either idiom catches it.

    Parameters
    ----------
    argument : str
        The name of the argument or field, e.g. ``"scores"`` or ``"closed_at"``.
    value : object
        The value that was given.
    expected : str
        What would have been accepted, e.g. ``"integers from 0 to 10"``.
    show_value : bool, default True
        Whether the message shows the value. ``False`` for personal data and
        free text: then the value is not kept either (``value`` is ``None``).
    function : str, optional
        The function or class whose argument it is, e.g. ``"nps"``.

    Attributes
    ----------
    argument, value, expected, show_value, function : as given.

    Examples
    --------
    >>> err = InvalidInputError("scores", [11], "integers from 0 to 10", function="nps")
    >>> str(err)
    'nps(): scores=[11] is invalid: expected integers from 0 to 10'
    >>> isinstance(err, ValueError), isinstance(err, TypeError)
    (True, True)
    >>> str(InvalidInputError("reason", "my card 4111...", "a shorter text", show_value=False))
    'reason=<hidden> is invalid: expected a shorter text'
    """

    def __init__(
        self,
        argument: str,
        value: object,
        expected: str,
        *,
        show_value: bool = True,
        function: str | None = None,
    ) -> None:
        self.argument = argument
        self.value = value if show_value else None
        self.expected = expected
        self.show_value = show_value
        self.function = function
        super().__init__(self._message())

    def _message(self) -> str:
        shown = _short.repr(self.value) if self.show_value else "<hidden>"
        where = f"{self.function}(): " if self.function else ""
        return f"{where}{self.argument}={shown} is invalid: expected {self.expected}"

    def set_function(self, function: str) -> None:
        """Name the function whose argument it is (done by the validation layer)."""
        self.function = function
        self.args = (self._message(),)

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_invalid_input,
            (self.argument, self.value, self.expected, self.show_value, self.function),
        )


def _rebuild_invalid_input(
    argument: str, value: object, expected: str, show_value: bool, function: str | None = None
) -> InvalidInputError:
    return InvalidInputError(argument, value, expected, show_value=show_value, function=function)


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


class NotFoundError(ServiceKitError, LookupError):
    """No stored record has the given id.

    Examples
    --------
    >>> issubclass(NotFoundError, LookupError)
    True
    >>> str(NotFoundError("complaint 'CP-9' is not in the store"))
    "complaint 'CP-9' is not in the store"
    """
