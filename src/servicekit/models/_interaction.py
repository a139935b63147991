"""Service interactions: one contact between a customer and the service."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from servicekit.models._types import (
    AwareDatetime,
    Identifier,
    NonNegativeDuration,
    ServiceModel,
    StrEnum,
)

__all__ = ["Channel", "Direction", "Interaction"]


class Channel(StrEnum):
    """The channel through which a contact or complaint arrived.

    Examples
    --------
    >>> Channel("email") is Channel.EMAIL
    True
    >>> [c.value for c in Channel]
    ['phone', 'email', 'web', 'chat', 'social', 'letter', 'in_person', 'app']
    """

    PHONE = "phone"
    EMAIL = "email"
    WEB = "web"
    CHAT = "chat"
    SOCIAL = "social"
    LETTER = "letter"
    IN_PERSON = "in_person"
    APP = "app"


class Direction(StrEnum):
    """Who started a contact: the customer (inbound) or the service (outbound).

    Examples
    --------
    >>> Direction.INBOUND.value
    'inbound'
    """

    INBOUND = "inbound"
    OUTBOUND = "outbound"


class Interaction(ServiceModel):
    """One contact between a customer and the service, on one channel.

    Attributes
    ----------
    id : str
        The interaction's identifier.
    customer_id : str
        The customer's identifier.
    channel : Channel
        Where the contact happened.
    opened_at : datetime
        When the customer (or the service, for outbound contacts) started it.
    first_response_at : datetime, optional
        When the customer got the first reply; not before ``opened_at``.
    closed_at : datetime, optional
        When the contact ended; not before ``opened_at``.
    agent_id : str, optional
        The agent who handled it.
    direction : Direction, default "inbound"
        Who started the contact.
    resolved : bool, optional
        Whether the customer's issue was solved; ``None`` while unknown.
    first_contact_resolution : bool, optional
        Whether it was solved at this first contact. ``True`` requires
        ``resolved`` not to be ``False``.
    handle_time : timedelta, optional
        Talk + hold + after-call work spent on it; zero or more.
    tags : tuple of str
        Free labels.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> t = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    >>> i = Interaction(id="I-1", customer_id="C-1", channel="chat", opened_at=t)
    >>> i.channel, i.direction
    (<Channel.CHAT: 'chat'>, <Direction.INBOUND: 'inbound'>)
    >>> Interaction(id="I-2", customer_id="C-1", channel="chat", opened_at=t,
    ...             closed_at=datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc))
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Interaction
      Value error, closed_at (2026-03-02 08:00:00+00:00) precedes opened_at ...
    """

    id: Identifier
    customer_id: Identifier
    channel: Channel
    opened_at: AwareDatetime
    first_response_at: AwareDatetime | None = None
    closed_at: AwareDatetime | None = None
    agent_id: Identifier | None = None
    direction: Direction = Direction.INBOUND
    resolved: bool | None = None
    first_contact_resolution: bool | None = None
    handle_time: NonNegativeDuration | None = None
    tags: Annotated[tuple[str, ...], Field()] = ()

    @model_validator(mode="after")
    def _check_order(self) -> Interaction:
        opened = self.opened_at
        if self.first_response_at is not None and self.first_response_at < opened:
            raise ValueError(
                f"first_response_at ({self.first_response_at}) precedes opened_at ({opened})"
            )
        if self.closed_at is not None and self.closed_at < opened:
            raise ValueError(f"closed_at ({self.closed_at}) precedes opened_at ({opened})")
        if self.first_contact_resolution and self.resolved is False:
            raise ValueError(
                "first_contact_resolution=True contradicts resolved=False: "
                "an issue solved at first contact is resolved"
            )
        return self
