"""The public names are a contract: adding or removing one is a deliberate change."""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect

import pytest

import servicekit

PUBLIC = {
    "servicekit": {
        "BusinessCalendar",
        "Channel",
        "Complaint",
        "ComplaintEvent",
        "ComplaintPolicy",
        "ComplaintStatus",
        "ComplaintWorkflow",
        "ConcurrencyError",
        "Customer",
        "Direction",
        "Evidence",
        "EvidenceKind",
        "FollowUp",
        "Interaction",
        "InvalidInputError",
        "InvalidTransition",
        "NotFoundError",
        "NoticePlan",
        "ProgressNotices",
        "SLAClock",
        "SLAPolicy",
        "SLATargets",
        "ServiceKitError",
        "Severity",
        "SurveyResponse",
        "__version__",
        "progress_notices",
    },
    "servicekit.errors": {
        "ConcurrencyError",
        "InvalidInputError",
        "InvalidTransition",
        "NotFoundError",
        "ServiceKitError",
    },
    "servicekit.models": {
        "Channel",
        "Complaint",
        "ComplaintEvent",
        "ComplaintStatus",
        "Customer",
        "Direction",
        "Evidence",
        "EvidenceKind",
        "FollowUp",
        "Interaction",
        "Severity",
        "SurveyColumns",
        "SurveyResponse",
        "json_schema",
        "survey_columns",
    },
    "servicekit.io": {
        "read_freshdesk",
        "read_jsm",
        "read_servicekit",
        "read_zammad",
        "read_zendesk",
    },
    "servicekit.report": {"PRIORITY_SLA", "REPORT_TARGETS", "Report", "build_report"},
    "servicekit.cli": {"main"},
    "servicekit.datasets": {
        "HELPDESK_TARGETS",
        "Helpdesk",
        "load_helpdesk",
        "make_helpdesk",
        "save_helpdesk",
    },
    "servicekit.metrics": {
        "ArrayLike",
        "DurationLike",
        "NanPolicy",
        "ZeroDivision",
        "Backlog",
        "CESResult",
        "CSATResult",
        "ControlChart",
        "DEFAULT_TARGETS",
        "DisconfirmationResult",
        "EWMAChart",
        "KPITable",
        "KPITarget",
        "KanoAnswer",
        "KanoCategory",
        "KanoResult",
        "KanoScores",
        "NPSComparison",
        "NPSResult",
        "ResolutionTimes",
        "SERVQUAL_DIMENSIONS",
        "SLACompliance",
        "Scorecard",
        "ScorecardRow",
        "ServqualResult",
        "SpikeReport",
        "StaffingResult",
        "TimeStats",
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
        "BGNBD",
        "KeyDrivers",
        "MysteryShopperPlan",
        "MysteryShopperScores",
        "OutcomeLink",
        "churn_rate",
        "customer_lifetime_value",
        "fit_bgnbd",
        "key_drivers",
        "mystery_shopper_plan",
        "mystery_shopper_scores",
        "repurchase_rate",
        "retention_rate",
        "satisfaction_outcome_link",
    },
    "servicekit.charts": {
        "bar_chart",
        "control_chart",
        "hourly_profile",
        "nps_trend",
        "rate_trend",
        "staffing_curve",
        "time_distribution",
        "to_svg",
    },
    "servicekit.frames": {
        "KPI_COLUMNS",
        "ces_by",
        "cohort_retention",
        "complaints_frame",
        "csat_by",
        "events_frame",
        "kpi_table",
        "nps_by",
        "rfm",
        "sla_events",
        "ticket_metrics",
    },
    "servicekit.sla": {
        "CUSTOMER_CONTACT_EVENTS",
        "DEFAULT_PAUSE_STATUSES",
        "DEFAULT_RESOLVED_STATUSES",
        "DEFAULT_SLA_TARGETS",
        "BusinessCalendar",
        "OpenIntervals",
        "SLABatch",
        "SLAClock",
        "SLAPolicy",
        "SLAReport",
        "SLAState",
        "SLATargets",
        "TargetStatus",
    },
    "servicekit.testing": {
        "TIME_ZONES",
        "business_calendars",
        "complaint_events",
        "complaints",
        "customers",
        "evidence",
        "follow_ups",
        "interactions",
        "survey_responses",
    },
    "servicekit.workflow": {
        "DEFAULT_ESCALATION_LEVELS",
        "DEFAULT_MILESTONES",
        "ComplaintMachine",
        "ComplaintPolicy",
        "ComplaintWorkflow",
        "NoticePlan",
        "ComplaintFacts",
        "ProgressNotices",
        "complaint_facts",
        "progress_notices",
        "workflow_diagram",
    },
}


@pytest.mark.parametrize("module_name", sorted(PUBLIC))
def test_all_is_pinned_and_importable(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert set(module.__all__) == PUBLIC[module_name]
    assert len(module.__all__) == len(set(module.__all__))
    for name in module.__all__:
        assert getattr(module, name) is not None


@pytest.mark.parametrize("module_name", sorted(PUBLIC))
def test_every_public_callable_has_a_doctested_docstring(module_name: str) -> None:
    module = importlib.import_module(module_name)
    for name in module.__all__:
        obj = getattr(module, name)
        if not (inspect.isclass(obj) or inspect.isroutine(obj)):
            continue  # constants and type aliases are documented where they are defined
        doc = obj.__doc__ or ""
        assert "Examples" in doc, f"{module_name}.{name} has no Examples section"
        assert ">>>" in doc, f"{module_name}.{name} has no doctest"


@pytest.mark.parametrize("module_name", sorted(PUBLIC))
def test_nothing_public_leaks_beyond_all(module_name: str) -> None:
    module = importlib.import_module(module_name)
    for name in module.__all__:
        getattr(module, name)  # lazy re-exports land in vars() too
    leaked = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and not isinstance(value, type(importlib) | type(annotations))
    } - set(module.__all__)
    assert not leaked, f"{module_name} exposes {sorted(leaked)} beyond __all__"


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        servicekit.Nope  # noqa: B018


def test_version_is_the_installed_distribution_s() -> None:
    assert servicekit.__version__ == importlib.metadata.version("servicekit")
