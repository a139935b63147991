"""SLA targets by severity (and channel or tier), with a warning margin."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from types import MappingProxyType

from servicekit.errors import InvalidInputError
from servicekit.models import Channel, Severity

__all__ = ["DEFAULT_SLA_TARGETS", "SLAPolicy", "SLATargets"]


def _positive(name: str, value: object) -> timedelta:
    if not isinstance(value, timedelta) or value <= timedelta(0):
        raise InvalidInputError(name, value, "a positive datetime.timedelta")
    return value


@dataclass(frozen=True)
class SLATargets:
    """The promised times for one kind of ticket.

    Parameters
    ----------
    first_response : timedelta
        From receipt to the first reply to the customer.
    resolution : timedelta
        From receipt to resolution (paused time not counted).
    next_update : timedelta, optional
        Longest silence towards the customer while the ticket is open.

    Examples
    --------
    >>> SLATargets(first_response=timedelta(minutes=5), resolution=timedelta(hours=24))
    SLATargets(first_response=datetime.timedelta(seconds=300), \
resolution=datetime.timedelta(days=1), next_update=None)
    """

    first_response: timedelta
    resolution: timedelta
    next_update: timedelta | None = None

    def __post_init__(self) -> None:
        _positive("first_response", self.first_response)
        _positive("resolution", self.resolution)
        if self.next_update is not None:
            _positive("next_update", self.next_update)


_MIN = timedelta(minutes=1)
_HOUR = timedelta(hours=1)
DEFAULT_SLA_TARGETS: Mapping[Severity, SLATargets] = MappingProxyType(
    {
        Severity.GENERAL: SLATargets(5 * _MIN, 24 * _HOUR),
        Severity.MAJOR: SLATargets(5 * _MIN, 24 * _HOUR, next_update=3 * _HOUR),
        Severity.URGENT: SLATargets(5 * _MIN, 24 * _HOUR, next_update=1 * _HOUR),
    }
)
"""Targets by severity, from DOMAIN.md where it has numbers.

First response within 5 minutes (the training deck's KPI target); an answer
within 24 hours (the handbooks' example promise); for major complaints an
update at least every 3 hours (the "3" of 3-5-7: first follow-up within 3
hours), for urgent ones every hour (the crisis "golden hour"). General
complaints owe no periodic update beyond the 24-hour answer.
"""


class SLAPolicy:
    """SLA targets by severity, optionally by channel or customer tier.

    Parameters
    ----------
    targets : mapping of Severity to SLATargets, optional
        One entry per severity; defaults to :data:`DEFAULT_SLA_TARGETS`.
    overrides : mapping of (severity, channel, tier) to SLATargets, optional
        More specific targets; ``channel`` or ``tier`` may be ``None`` for
        "any". Lookup order: (severity, channel, tier), (severity, None,
        tier), (severity, channel, None), then ``targets``: a tier rule beats
        a channel rule.
    warn_before : float or timedelta, default 0.2
        When a running target turns ``at_risk``: with a fraction, once the
        remaining time is at most that share of the target; with a duration,
        once it is at most that long.

    Examples
    --------
    >>> from datetime import timedelta
    >>> policy = SLAPolicy(overrides={
    ...     ("general", "letter", None): SLATargets(timedelta(days=2), timedelta(days=5)),
    ... })
    >>> policy.targets_for("general", channel="letter").first_response
    datetime.timedelta(days=2)
    >>> policy.targets_for("urgent").next_update
    datetime.timedelta(seconds=3600)
    >>> policy.warn_threshold(timedelta(hours=10))
    datetime.timedelta(seconds=7200)
    """

    def __init__(
        self,
        targets: Mapping[Severity, SLATargets] | Mapping[str, SLATargets] | None = None,
        *,
        overrides: Mapping[tuple[str, str | None, str | None], SLATargets] | None = None,
        warn_before: float | timedelta = 0.2,
    ) -> None:
        base: dict[Severity, SLATargets] = {}
        for name, value in (targets if targets is not None else DEFAULT_SLA_TARGETS).items():
            base[self._severity("targets", name)] = self._targets(f"targets[{name!r}]", value)
        missing = [s.value for s in Severity if s not in base]
        if missing:
            raise InvalidInputError("targets", sorted(map(str, base)), f"targets for {missing}")
        self._targets_by_severity = MappingProxyType(base)
        specific: dict[tuple[Severity, Channel | None, str | None], SLATargets] = {}
        for key, value in (overrides or {}).items():
            if not isinstance(key, tuple) or len(key) != 3:
                raise InvalidInputError("overrides", key, "(severity, channel, tier) keys")
            severity, channel, tier = key
            chan = None if channel is None else self._channel("overrides", channel)
            if tier is not None and (not isinstance(tier, str) or not tier.strip()):
                raise InvalidInputError("overrides", key, "a tier that is a non-empty string")
            specific[(self._severity("overrides", severity), chan, tier)] = self._targets(
                f"overrides[{key!r}]", value
            )
        self._overrides = MappingProxyType(specific)
        if isinstance(warn_before, timedelta):
            if warn_before < timedelta(0):
                raise InvalidInputError("warn_before", warn_before, "a timedelta >= 0")
        elif (
            isinstance(warn_before, bool)
            or not isinstance(warn_before, int | float)
            or not 0 <= warn_before < 1
        ):
            raise InvalidInputError(
                "warn_before", warn_before, "a fraction in [0, 1) or a timedelta"
            )
        self._warn_before = warn_before

    @staticmethod
    def _severity(name: str, value: object) -> Severity:
        try:
            return Severity(value)
        except ValueError:
            raise InvalidInputError(
                name, value, f"severities {[s.value for s in Severity]}"
            ) from None

    @staticmethod
    def _channel(name: str, value: object) -> Channel:
        try:
            return Channel(value)
        except ValueError:
            raise InvalidInputError(name, value, f"channels {[c.value for c in Channel]}") from None

    @staticmethod
    def _targets(name: str, value: object) -> SLATargets:
        if not isinstance(value, SLATargets):
            raise InvalidInputError(name, value, "an SLATargets")
        return value

    def __repr__(self) -> str:
        return (
            f"SLAPolicy(targets={dict(self._targets_by_severity)!r}, "
            f"overrides=<{len(self._overrides)} rules>, warn_before={self._warn_before!r})"
        )

    @property
    def warn_before(self) -> float | timedelta:
        """The warning margin, as given."""
        return self._warn_before

    def targets_for(
        self,
        severity: Severity | str,
        *,
        channel: Channel | str | None = None,
        tier: str | None = None,
    ) -> SLATargets:
        """The targets for a ticket of this severity, channel and tier.

        Examples
        --------
        >>> SLAPolicy().targets_for("major").next_update
        datetime.timedelta(seconds=10800)
        """
        sev = self._severity("severity", severity)
        chan = None if channel is None else self._channel("channel", channel)
        for key in ((sev, chan, tier), (sev, None, tier), (sev, chan, None)):
            found = self._overrides.get(key)
            if found is not None:
                return found
        return self._targets_by_severity[sev]

    def warn_threshold(self, target: timedelta) -> timedelta:
        """Remaining time at or below which a running target is at risk.

        Examples
        --------
        >>> SLAPolicy(warn_before=timedelta(minutes=30)).warn_threshold(timedelta(hours=8))
        datetime.timedelta(seconds=1800)
        """
        if isinstance(self._warn_before, timedelta):
            return self._warn_before
        return target * self._warn_before
