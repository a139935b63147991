"""Validation rules, privacy and JSON round trips of the core models."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from pydantic import BaseModel, ValidationError

from servicekit import (
    Complaint,
    ComplaintEvent,
    Customer,
    Evidence,
    FollowUp,
    Interaction,
    SurveyResponse,
)
from servicekit import testing as sk
from servicekit.models import json_schema

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
NAIVE = datetime(2026, 3, 2, 9, 0)

VALID: dict[type[BaseModel], dict[str, Any]] = {
    Customer: {
        "id": "C-1",
        "name": "Li Wei",
        "email": "li.wei@example.com",
        "phone": "+8613800138000",
    },
    Interaction: {"id": "I-1", "customer_id": "C-1", "channel": "chat", "opened_at": T0},
    Complaint: {
        "id": "CP-1",
        "customer_id": "C-1",
        "channel": "phone",
        "received_at": T0,
        "subject": "Double charge",
    },
    Evidence: {"kind": "document", "reference": "doc-1", "added_at": T0, "added_by": "a-1"},
    FollowUp: {"at": T0, "by": "a-1", "outcome": "ok"},
    ComplaintEvent: {
        "event": "classify",
        "from_status": "received",
        "to_status": "classified",
        "at": T0,
        "actor": "a-1",
    },
    SurveyResponse: {"id": "S-1", "answered_at": T0, "nps": 9},
}

# (model, field, bad value, words the message must contain besides the field name)
BAD: list[tuple[type[BaseModel], str, object, str]] = [
    (Customer, "id", "", "at least 1 character"),
    (Customer, "id", "   ", "pattern"),
    (Customer, "id", None, "valid string"),
    (Customer, "name", "", "at least 1 character"),
    (Customer, "email", "li.wei@example", "pattern"),
    (Customer, "email", "no-at-sign.example.com", "pattern"),
    (Customer, "phone", "12345", "6 to 15 digits"),
    (Customer, "phone", "call me maybe", "6 to 15 digits"),
    (Customer, "created_at", NAIVE, "timezone"),
    (Customer, "tags", "vip", "tuple"),
    (Interaction, "opened_at", NAIVE, "timezone"),
    (Interaction, "opened_at", None, "datetime"),
    (Interaction, "channel", "pigeon", "'phone'"),
    (Interaction, "direction", "sideways", "'inbound'"),
    (Interaction, "customer_id", "", "at least 1 character"),
    (Interaction, "handle_time", timedelta(seconds=-1), "greater than or equal"),
    (Interaction, "first_response_at", NAIVE, "timezone"),
    (Complaint, "received_at", NAIVE, "timezone"),
    (Complaint, "subject", "", "at least 1 character"),
    (Complaint, "escalation_level", 0, "greater than or equal to 1"),
    (Complaint, "escalation_level", 4, "less than or equal to 3"),
    (Complaint, "escalation_level", True, "valid integer"),
    (Complaint, "status", "lost", "'received'"),
    (Complaint, "severity", "catastrophic", "'general'"),
    (Complaint, "reopen_count", -1, "greater than or equal to 0"),
    (Complaint, "version", -1, "greater than or equal to 0"),
    (Evidence, "kind", "rumour", "'call_recording'"),
    (Evidence, "added_at", NAIVE, "timezone"),
    (FollowUp, "at", NAIVE, "timezone"),
    (ComplaintEvent, "to_status", "nowhere", "'received'"),
    (ComplaintEvent, "actor", "", "at least 1 character"),
    (SurveyResponse, "nps", 11, "less than or equal to 10"),
    (SurveyResponse, "nps", -1, "greater than or equal to 0"),
    (SurveyResponse, "nps", 7.5, "valid integer"),
    (SurveyResponse, "nps", "7", "valid integer"),
    (SurveyResponse, "nps", True, "valid integer"),
    (SurveyResponse, "csat", 0, "greater than or equal to 1"),
    (SurveyResponse, "csat", 6, "less than or equal to 5"),
    (SurveyResponse, "ces", 8, "less than or equal to 7"),
    (SurveyResponse, "answered_at", NAIVE, "timezone"),
]


@pytest.mark.parametrize("model", list(VALID))
def test_valid_example_builds(model: type[BaseModel]) -> None:
    assert model.model_validate(VALID[model]).model_dump()


@pytest.mark.parametrize(
    ("model", "field", "value", "words"),
    BAD,
    ids=[f"{m.__name__}.{f}={v!r}" for m, f, v, _ in BAD],
)
def test_bad_field_is_rejected_naming_the_field(
    model: type[BaseModel], field: str, value: object, words: str
) -> None:
    data = {**VALID[model], field: value}
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    assert isinstance(info.value, ValueError)
    errors = info.value.errors()
    assert [e["loc"][0] for e in errors] == [field]
    message = str(info.value)
    assert field in message
    assert words in message


@pytest.mark.parametrize("model", list(VALID))
def test_unknown_field_is_rejected(model: type[BaseModel]) -> None:
    with pytest.raises(ValidationError, match="colour"):
        model.model_validate({**VALID[model], "colour": "red"})


REQUIRED = [
    (model, field)
    for model in VALID
    for field, info in model.model_fields.items()
    if info.is_required()
]


@pytest.mark.parametrize(
    ("model", "field"), REQUIRED, ids=[f"{m.__name__}.{f}" for m, f in REQUIRED]
)
def test_required_field_cannot_be_missing_or_none(model: type[BaseModel], field: str) -> None:
    for data in (
        {k: v for k, v in VALID[model].items() if k != field},
        {**VALID[model], field: None},
    ):
        with pytest.raises(ValidationError) as info:
            model.model_validate(data)
        assert info.value.errors()[0]["loc"] == (field,)


def test_naive_datetime_message_says_timezone() -> None:
    with pytest.raises(ValidationError, match="should have timezone info"):
        Interaction(id="I-1", customer_id="C-1", channel="web", opened_at=NAIVE)


@pytest.mark.parametrize("field", ["first_response_at", "closed_at"])
def test_interaction_times_may_not_precede_opening(field: str) -> None:
    with pytest.raises(ValidationError) as info:
        Interaction.model_validate({**VALID[Interaction], field: T0 - timedelta(minutes=1)})
    message = str(info.value)
    assert field in message
    assert "opened_at" in message


def test_interaction_times_equal_to_opening_are_fine() -> None:
    i = Interaction.model_validate({**VALID[Interaction], "first_response_at": T0, "closed_at": T0})
    assert i.first_response_at == i.opened_at == i.closed_at


def test_interaction_fcr_contradicting_resolved_is_rejected() -> None:
    with pytest.raises(ValidationError, match="first_contact_resolution=True contradicts"):
        Interaction.model_validate(
            {**VALID[Interaction], "resolved": False, "first_contact_resolution": True}
        )


def test_survey_response_needs_an_answer() -> None:
    with pytest.raises(ValidationError, match="at least one of nps, csat, ces or comment"):
        SurveyResponse(id="S-1", answered_at=T0)


def test_complaint_assignment_is_validated_and_refusal_keeps_the_value() -> None:
    c = Complaint.model_validate(VALID[Complaint])
    with pytest.raises(ValidationError, match="status"):
        c.status = "lost"  # type: ignore[assignment]
    assert c.status == "received"


@pytest.mark.parametrize("model", [Evidence, FollowUp, ComplaintEvent, SurveyResponse])
def test_value_objects_are_frozen(model: type[BaseModel]) -> None:
    obj = model.model_validate(VALID[model])
    field = next(iter(VALID[model]))
    with pytest.raises(ValidationError, match="frozen"):
        setattr(obj, field, VALID[model][field])


# --- personal data -----------------------------------------------------------

SECRETS = ("Li Wei", "li.wei@example.com", "8613800138000")


def test_customer_repr_and_str_hide_personal_data() -> None:
    c = Customer.model_validate(VALID[Customer])
    for text in (repr(c), str(c), f"{c}", repr([c])):
        for secret in SECRETS:
            assert secret not in text
    assert "C-1" in repr(c)


def test_customer_validation_error_does_not_echo_personal_data() -> None:
    with pytest.raises(ValidationError) as info:
        Customer(id="C-1", name="Li Wei", email="li.wei@example")
    assert "li.wei@example" not in str(info.value)
    assert "email" in str(info.value)


def test_redacted_masks_personal_data_and_keeps_the_rest() -> None:
    c = Customer.model_validate({**VALID[Customer], "segment": "retail", "tier": "gold"})
    r = c.redacted()
    dumped = r.model_dump_json()
    for secret in SECRETS:
        assert secret not in dumped
    assert (r.name, r.email, r.phone) == ("***", "l***@example.com", "***00")
    assert (r.id, r.segment, r.tier) == ("C-1", "retail", "gold")
    assert c.name == "Li Wei"  # the original is untouched


def test_redacted_keeps_missing_contacts_missing() -> None:
    r = Customer(id="C-2", name="Zhang San").redacted()
    assert (r.email, r.phone) == (None, None)


def test_free_text_stays_out_of_complaint_repr() -> None:
    c = Complaint.model_validate(
        {**VALID[Complaint], "description": "my card 4111 1111 1111 1111 was charged twice"}
    )
    assert "4111" not in repr(c)


# --- round trips and schemas -------------------------------------------------


def _round_trip(model: BaseModel) -> None:
    cls = type(model)
    again = cls.model_validate_json(model.model_dump_json())
    assert again == model
    assert again.model_dump_json() == model.model_dump_json()
    assert cls.model_validate(model.model_dump()) == model


@given(sk.customers())
def test_customer_round_trip(m: Customer) -> None:
    _round_trip(m)


@given(sk.interactions())
def test_interaction_round_trip(m: Interaction) -> None:
    _round_trip(m)


@given(sk.complaints())
def test_complaint_round_trip(m: Complaint) -> None:
    _round_trip(m)


@given(sk.evidence())
def test_evidence_round_trip(m: Evidence) -> None:
    _round_trip(m)


@given(sk.follow_ups())
def test_follow_up_round_trip(m: FollowUp) -> None:
    _round_trip(m)


@given(sk.complaint_events())
def test_complaint_event_round_trip(m: ComplaintEvent) -> None:
    _round_trip(m)


@given(sk.survey_responses())
def test_survey_response_round_trip(m: SurveyResponse) -> None:
    _round_trip(m)


def test_json_schema_covers_every_public_model_and_states_the_rules() -> None:
    schemas = json_schema()
    assert set(schemas) == {m.__name__ for m in VALID}
    interaction = schemas["Interaction"]
    assert interaction["additionalProperties"] is False
    assert set(interaction["required"]) == {"id", "customer_id", "channel", "opened_at"}
    complaint = schemas["Complaint"]["properties"]
    assert complaint["escalation_level"]["minimum"] == 1
    assert complaint["escalation_level"]["maximum"] == 3
    status_enum = schemas["Complaint"]["$defs"]["ComplaintStatus"]["enum"]
    assert status_enum[0] == "received"
    assert status_enum[-1] == "closed"
    serial = json_schema(mode="serialization")
    assert set(serial) == set(schemas)


# --- survey responses from real data (the contracts issue, point 9) ----------------------


def test_survey_scores_from_real_data() -> None:
    import math

    import numpy as np

    from servicekit.models import survey_columns

    t = datetime(2026, 3, 2, tzinfo=timezone.utc)
    # A CSV column with one blank is read as floats: 9.0 is the integer 9, NaN unanswered.
    r = SurveyResponse(id="S-1", answered_at=t, nps=9.0, csat=np.int64(4), ces=math.nan)
    assert (r.nps, r.csat, r.ces) == (9, 4, None)
    assert SurveyResponse.model_validate_json(r.model_dump_json()) == r
    for bad in (9.5, True, "9", np.bool_(True), np.float64(11.0)):
        with pytest.raises(ValidationError):
            SurveyResponse(id="S-2", answered_at=t, nps=bad)
    cols = survey_columns([r, SurveyResponse(id="S-3", answered_at=t, nps=np.int8(3))])
    assert cols.nps.tolist() == [9.0, 3.0]
    assert cols.csat[0] == 4.0
    assert math.isnan(cols.csat[1])
    assert cols.answered_at.dtype == np.dtype("datetime64[us]")
    assert not cols.nps.flags.writeable
