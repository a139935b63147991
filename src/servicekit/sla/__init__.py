"""Business calendars, SLA policies and SLA clocks.

The arithmetic help desks keep getting wrong: business hours with breaks,
holidays and make-up days, across daylight-saving changes; any number of
pauses; reopens; warnings before a breach.
"""

from __future__ import annotations

from servicekit.sla._calendar import BusinessCalendar

__all__ = ["BusinessCalendar"]
