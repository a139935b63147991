"""The replaceable rules a complaint workflow consults."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from servicekit._params import Summary
from servicekit.errors import InvalidInputError
from servicekit.models import Severity
from servicekit.sla import SLAPolicy

__all__ = ["DEFAULT_ESCALATION_LEVELS", "ComplaintPolicy"]

DEFAULT_ESCALATION_LEVELS: Mapping[Severity, int] = MappingProxyType(
    {Severity.GENERAL: 1, Severity.MAJOR: 2, Severity.URGENT: 3}
)
"""Initial escalation level by severity: general 1, major 2, urgent 3."""


@dataclass(frozen=True)
class ComplaintPolicy:
    """What a workflow does on classification: the initial escalation level.

    Parameters
    ----------
    escalation_levels : mapping of Severity to int, optional
        The level (1 front line, 2 specialist team, 3 management) a complaint
        of each severity starts at when classified. Every severity must have
        a level. Defaults to :data:`DEFAULT_ESCALATION_LEVELS`.
    sla : SLAPolicy, optional
        SLA targets; when given, the workflow keeps the complaint's
        ``first_response_due``, ``resolution_due`` and ``next_update_due``
        current after every event, in its business calendar.
    ownership : {"record", "enforce"}, default "record"
        First-contact ownership: ``"record"`` records the owner (the actor of
        the first event, changed only by ``hand_over``); ``"enforce"`` also
        refuses events from anyone but the owner or a supervisor, except
        ``note`` and ``escalate`` (escalation is the customer's safety net).
    supervisors : frozenset of str, default frozenset()
        Agents who may act on any complaint under ``"enforce"``.

    Notes
    -----
    The defaults follow the three-level response of the handbooks: the front
    line (level 1) solves simple, *general* complaints; a specialist team
    (level 2) handles complex ones that need coordination, which is what a
    *major* complaint is; management (level 3) handles crises, so *urgent*
    complaints start there. Classification never lowers a level that an
    earlier escalation raised.

    Subclass and override :meth:`initial_level` for rules that depend on more
    than the severity (a category, a customer tier).

    Examples
    --------
    >>> policy = ComplaintPolicy()
    >>> policy.initial_level(Severity.MAJOR)
    2
    >>> ComplaintPolicy(escalation_levels={"general": 1, "major": 3, "urgent": 3}).initial_level(
    ...     "major")
    3
    """

    escalation_levels: Mapping[Severity, int] = field(
        default_factory=lambda: DEFAULT_ESCALATION_LEVELS
    )
    sla: SLAPolicy | None = None
    ownership: Literal["record", "enforce"] = "record"
    supervisors: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        levels: dict[Severity, int] = {}
        for key, level in self.escalation_levels.items():
            try:
                severity = Severity(key)
            except ValueError:
                raise InvalidInputError(
                    "escalation_levels", key, f"severities {[s.value for s in Severity]}"
                ) from None
            if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 3:
                raise InvalidInputError(
                    f"escalation_levels[{severity.value!r}]", level, "an integer from 1 to 3"
                )
            levels[severity] = level
        missing = [s.value for s in Severity if s not in levels]
        if missing:
            raise InvalidInputError(
                "escalation_levels", dict(self.escalation_levels), f"a level for {missing}"
            )
        object.__setattr__(self, "escalation_levels", MappingProxyType(levels))
        if self.sla is not None and not isinstance(self.sla, SLAPolicy):
            raise InvalidInputError("sla", self.sla, "an SLAPolicy or None")
        if self.ownership not in ("record", "enforce"):
            raise InvalidInputError("ownership", self.ownership, "'record' or 'enforce'")
        if isinstance(self.supervisors, str) or not all(
            isinstance(a, str) and a.strip() for a in self.supervisors
        ):
            raise InvalidInputError(
                "supervisors", Summary("<not agent ids>"), "a collection of agent ids"
            )
        object.__setattr__(self, "supervisors", frozenset(self.supervisors))

    def initial_level(self, severity: Severity | str) -> int:
        """Return the escalation level a complaint of ``severity`` starts at.

        Parameters
        ----------
        severity : Severity or str
            The class given at classification.

        Returns
        -------
        int
            1, 2 or 3.

        Examples
        --------
        >>> ComplaintPolicy().initial_level("urgent")
        3
        """
        return self.escalation_levels[Severity(severity)]
