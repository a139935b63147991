"""Importers for help-desk exports: one normalised ticket frame from four vendors.

:func:`read_zendesk`, :func:`read_freshdesk`, :func:`read_zammad`,
:func:`read_jsm` and :func:`read_servicekit` (servicekit's own CSV) each take
a path to the CSV export (read with ``backend="pandas"`` or ``"polars"``) or
a pandas or polars DataFrame of it,
and return one frame of the same kind, with one row per ticket and these
columns, in this order:

=========================  ==========================  ===================================
column                     type                        meaning
=========================  ==========================  ===================================
ticket_id                  string                      the vendor's ticket id or key
opened_at                  datetime (us, UTC)          created
first_response_at          datetime (us, UTC) or null  first agent reply
resolved_at                datetime (us, UTC) or null  solved / resolved
closed_at                  datetime (us, UTC) or null  closed
status                     string                      new, open, pending, on_hold,
                                                       solved or closed
priority                   string or null              low, normal, high or urgent
channel                    string or null              the vendor's channel, lower-cased
category                   string or null              ticket type / request type
group                      string or null              the team the ticket is with
agent_id                   string or null              the assignee as the export names it
reopens                    int64                       times reopened (0 if unknown)
reopened                   bool                        reopens > 0
escalated                  bool or null                null where the export can't tell
first_response_breached    bool or null                the vendor's own SLA verdict
resolution_breached        bool or null                the vendor's own SLA verdict
satisfaction               string or null              the rating, lower-cased
first_response_derived     bool                        first_response_at computed from
                                                       a minutes column (Zendesk)
=========================  ==========================  ===================================

Times without an offset are read in ``tz`` (required then; an export whose
times carry an offset needs none) and converted to UTC. Requesters' names,
e-mail addresses, subjects, descriptions, tags and every other column are
dropped: nothing personal is carried into the frame. pandas results use
pandas' nullable ``boolean`` dtype for the boolean columns.
"""

from __future__ import annotations

from servicekit.io._importers import (
    read_freshdesk,
    read_jsm,
    read_servicekit,
    read_zammad,
    read_zendesk,
)

__all__ = ["read_freshdesk", "read_jsm", "read_servicekit", "read_zammad", "read_zendesk"]
