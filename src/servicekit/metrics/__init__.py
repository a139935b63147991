"""Pure metric functions: satisfaction, operations KPIs, staffing.

Every function accepts plain numbers, lists, tuples, NumPy arrays and
pandas/polars Series alike, and knows nothing of servicekit's models or
workflow, so a notebook can use it on plain columns
(``servicekit.workflow.complaint_facts`` turns complaints into columns).
See docs/conventions.md for the inputs, missing values, results and errors
every function shares.
"""

from __future__ import annotations

from servicekit._params import ArrayLike, DurationLike, NanPolicy, ZeroDivision
from servicekit.metrics._control import (
    ControlChart,
    EWMAChart,
    SpikeReport,
    c_chart,
    complaint_spikes,
    ewma_chart,
    np_chart,
    p_chart,
    u_chart,
)
from servicekit.metrics._kano import (
    KanoAnswer,
    KanoCategory,
    KanoResult,
    KanoScores,
    kano,
    kano_category,
    kano_from_counts,
    kano_scores,
)
from servicekit.metrics._rates import (
    SLACompliance,
    abandon_rate,
    escalation_rate,
    first_contact_resolution_rate,
    follow_up_rate,
    reopen_rate,
    resolution_rate,
    sla_compliance,
)
from servicekit.metrics._satisfaction import (
    CESResult,
    CSATResult,
    DisconfirmationResult,
    NPSComparison,
    NPSResult,
    ces,
    compare_nps,
    csat,
    disconfirmation,
    nps,
    nps_from_counts,
    satisfaction_index,
)
from servicekit.metrics._scorecard import (
    DEFAULT_TARGETS,
    KPITable,
    KPITarget,
    Scorecard,
    ScorecardRow,
    kpi_scorecard,
)
from servicekit.metrics._servqual import SERVQUAL_DIMENSIONS, ServqualResult, servqual
from servicekit.metrics._staffing import (
    StaffingResult,
    average_speed_of_answer,
    erlang_b,
    erlang_b_capacity,
    erlang_c,
    occupancy,
    required_agents,
    service_level,
    traffic_intensity,
)
from servicekit.metrics._times import (
    Backlog,
    ResolutionTimes,
    TimeStats,
    average_handle_time,
    backlog,
    first_response_time,
    resolution_time,
)

__all__ = [
    "DEFAULT_TARGETS",
    "SERVQUAL_DIMENSIONS",
    "ArrayLike",
    "Backlog",
    "CESResult",
    "CSATResult",
    "ControlChart",
    "DisconfirmationResult",
    "DurationLike",
    "EWMAChart",
    "KPITable",
    "KPITarget",
    "KanoAnswer",
    "KanoCategory",
    "KanoResult",
    "KanoScores",
    "NPSComparison",
    "NPSResult",
    "NanPolicy",
    "ResolutionTimes",
    "SLACompliance",
    "Scorecard",
    "ScorecardRow",
    "ServqualResult",
    "SpikeReport",
    "StaffingResult",
    "TimeStats",
    "ZeroDivision",
    "abandon_rate",
    "average_handle_time",
    "average_speed_of_answer",
    "backlog",
    "c_chart",
    "ces",
    "compare_nps",
    "complaint_spikes",
    "csat",
    "disconfirmation",
    "erlang_b",
    "erlang_b_capacity",
    "erlang_c",
    "escalation_rate",
    "ewma_chart",
    "first_contact_resolution_rate",
    "first_response_time",
    "follow_up_rate",
    "kano",
    "kano_category",
    "kano_from_counts",
    "kano_scores",
    "kpi_scorecard",
    "np_chart",
    "nps",
    "nps_from_counts",
    "occupancy",
    "p_chart",
    "reopen_rate",
    "required_agents",
    "resolution_rate",
    "resolution_time",
    "satisfaction_index",
    "service_level",
    "servqual",
    "sla_compliance",
    "traffic_intensity",
    "u_chart",
]
