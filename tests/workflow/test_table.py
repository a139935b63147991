"""The compiled transition table accepts and refuses exactly what the machine does."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st
from statemachine.exceptions import TransitionNotAllowed

from servicekit import ComplaintStatus
from servicekit.workflow import ComplaintMachine
from servicekit.workflow._machine import transition_table

TABLE = transition_table()
EVENTS = [*sorted(e.id for e in ComplaintMachine.events), "fly"]


@given(st.lists(st.sampled_from(EVENTS), max_size=40))
def test_table_and_machine_agree_on_every_event_sequence(events: list[str]) -> None:
    model = SimpleNamespace(status=ComplaintStatus.RECEIVED)
    machine = ComplaintMachine(model=model, state_field="status")
    status = ComplaintStatus.RECEIVED
    for event in events:
        try:
            machine.send(event)
            accepted = True
        except TransitionNotAllowed:
            accepted = False
        assert ((status, event) in TABLE) == accepted, (status, event)
        if accepted:
            status = TABLE[status, event]
        assert ComplaintStatus(model.status) == status


def test_every_state_and_event_is_in_the_table() -> None:
    statuses = {s for s, _ in TABLE}
    assert statuses == set(ComplaintStatus)
    assert {e for _, e in TABLE} == set(EVENTS) - {"fly"}
