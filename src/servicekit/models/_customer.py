"""Customers and their personal data."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints

from servicekit.models._types import AwareDatetime, Identifier, ServiceModel

__all__ = ["Customer"]

_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s.]+$"
_PHONE_CHARS = re.compile(r"^\+?[0-9 ()./-]+$")


def _check_phone(value: str) -> str:
    digits = sum(ch.isdigit() for ch in value)
    if not _PHONE_CHARS.match(value) or not 6 <= digits <= 15:
        raise ValueError(
            "expected a phone number of 6 to 15 digits, optionally starting with '+' "
            "and separated by spaces, dots, dashes or parentheses"
        )
    return value


Email = Annotated[str, StringConstraints(max_length=254, pattern=_EMAIL)]
Phone = Annotated[str, StringConstraints(max_length=40), AfterValidator(_check_phone)]


def _mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


def _mask_phone(phone: str) -> str:
    digits = [ch for ch in phone if ch.isdigit()]
    return "***" + "".join(digits[-2:])


class Customer(ServiceModel):
    """A customer, with the personal data kept out of reprs and error messages.

    Attributes
    ----------
    id : str
        The customer's identifier in the host application.
    name : str
        The customer's name. Personal data.
    email : str, optional
        An e-mail address (``local@domain.tld``). Personal data.
    phone : str, optional
        A phone number of 6 to 15 digits, optionally with a leading ``+`` and
        spaces, dots, dashes or parentheses. Personal data.
    segment : str, optional
        A segment such as ``"retail"`` or ``"enterprise"``.
    tier : str, optional
        A membership tier such as ``"gold"`` or ``"level-3"``.
    tags : tuple of str
        Free labels.
    created_at : datetime, optional
        When the customer was registered (timezone-aware).

    Notes
    -----
    ``name``, ``email`` and ``phone`` never appear in ``repr()`` or ``str()``,
    and validation errors of a customer do not echo the input values
    (``hide_input_in_errors``), so a rejected e-mail address does not end up
    in a log. For logs and exports that need to show a customer, use
    :meth:`redacted`. ``model_dump()`` still returns everything: it is how an
    application stores its own data.

    Examples
    --------
    >>> c = Customer(id="C-1", name="Li Wei", email="li.wei@example.com", segment="retail")
    >>> c
    Customer(id='C-1', segment='retail', tier=None, tags=(), created_at=None)
    >>> c.redacted().email
    'l***@example.com'
    """

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    id: Identifier
    name: Annotated[str, StringConstraints(min_length=1, pattern=r"\S")] = Field(repr=False)
    email: Email | None = Field(default=None, repr=False)
    phone: Phone | None = Field(default=None, repr=False)
    segment: Identifier | None = None
    tier: Identifier | None = None
    tags: tuple[str, ...] = ()
    created_at: AwareDatetime | None = None

    def redacted(self) -> Customer:
        """Return a copy whose personal data is masked, for logs and exports.

        The name becomes ``"***"``, the e-mail keeps its first character and
        its domain (``"l***@example.com"``), the phone keeps its last two
        digits (``"***89"``). Everything else is unchanged.

        Returns
        -------
        Customer
            A new customer; this one is not changed.

        Examples
        --------
        >>> c = Customer(id="C-7", name="Wang Fang", phone="+86 138 0013 8089")
        >>> r = c.redacted()
        >>> r.name, r.phone, c.name
        ('***', '***89', 'Wang Fang')
        """
        return self.model_copy(
            update={
                "name": "***",
                "email": None if self.email is None else _mask_email(self.email),
                "phone": None if self.phone is None else _mask_phone(self.phone),
            }
        )
