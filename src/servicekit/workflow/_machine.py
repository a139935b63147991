"""The complaint lifecycle as a python-statemachine machine."""

from __future__ import annotations

import importlib.util
import operator
from functools import reduce

from statemachine import State, StateMachine
from statemachine.transition_list import TransitionList

from servicekit.errors import InvalidInputError
from servicekit.models import ComplaintStatus

__all__ = ["ComplaintMachine", "workflow_diagram"]


_S = ComplaintStatus


def _stay(*states: State) -> TransitionList:
    """An event that keeps the status, allowed in each of ``states``."""
    loops: list[TransitionList] = [
        state.to.itself(internal=True)  # type: ignore[no-untyped-call]
        for state in states
    ]
    return reduce(operator.or_, loops)


class ComplaintMachine(StateMachine):
    """The states and transitions of a complaint, bound to its ``status``.

    This is the bare machine: it knows which event may move a complaint from
    which status, and writes the new status into the bound model. The domain
    rules (who, when, what must be known first, the audit history) live in
    :class:`~servicekit.workflow.ComplaintWorkflow`, which drives it; use that.

    ``StateMachine`` rather than ``StateChart`` is deliberate: an event with
    no transition raises instead of being ignored, and errors propagate
    instead of becoming error events.

    The workflow runs a transition table compiled from this definition
    (:func:`transition_table`) instead of building a machine per complaint; a
    property test shows both accept and refuse the same event sequences.

    Examples
    --------
    >>> sorted(e.id for e in ComplaintMachine.events)  # doctest: +NORMALIZE_WHITESPACE
    ['acknowledge', 'add_evidence', 'classify', 'close', 'escalate', 'follow_up',
     'hand_over', 'investigate', 'note', 'pause', 'reclassify', 'reopen', 'reply',
     'resolve', 'resume', 'update_customer']
    """

    received = State(initial=True, value=_S.RECEIVED)
    classified = State(value=_S.CLASSIFIED)
    investigating = State(value=_S.INVESTIGATING)
    resolved = State(value=_S.RESOLVED)
    replied = State(value=_S.REPLIED)
    tracking = State(value=_S.TRACKING)
    closed = State(value=_S.CLOSED)

    classify = received.to(classified)
    investigate = classified.to(investigating)
    resolve = investigating.to(resolved)
    reply = resolved.to(replied)
    follow_up = replied.to(tracking) | _stay(tracking)
    close = replied.to(closed) | tracking.to(closed)
    reopen = replied.to(investigating) | tracking.to(investigating) | closed.to(investigating)
    add_evidence = _stay(investigating, resolved, replied, tracking)
    escalate = _stay(received, classified, investigating, resolved, replied, tracking)
    hand_over = _stay(received, classified, investigating, resolved, replied, tracking)
    acknowledge = _stay(received, classified, investigating, resolved, replied, tracking)
    update_customer = _stay(received, classified, investigating, resolved, replied, tracking)
    pause = _stay(received, classified, investigating, resolved, replied, tracking)
    resume = _stay(received, classified, investigating, resolved, replied, tracking)
    reclassify = _stay(classified, investigating)
    note = _stay(received, classified, investigating, resolved, replied, tracking, closed)


def allowed_events() -> dict[ComplaintStatus, frozenset[str]]:
    """Return, for each status, the events the machine accepts there."""
    return {
        ComplaintStatus(state.value): frozenset(e.id for e in state.transitions.unique_events)
        for state in ComplaintMachine.states
    }


def transition_table() -> dict[tuple[ComplaintStatus, str], ComplaintStatus]:
    """Compile the machine: (status, event) -> the status after it, for every allowed pair.

    Examples
    --------
    >>> table = transition_table()
    >>> table[ComplaintStatus.RECEIVED, "classify"].value
    'classified'
    >>> (ComplaintStatus.CLOSED, "pause") in table
    False
    """
    table: dict[tuple[ComplaintStatus, str], ComplaintStatus] = {}
    for state in ComplaintMachine.states:
        for transition in state.transitions:
            for event in transition.events:
                key = (ComplaintStatus(state.value), str(event))
                table[key] = ComplaintStatus(transition.target.value)
    return table


def workflow_diagram(fmt: str = "mermaid") -> str:
    """Return a diagram of the complaint machine as text.

    Parameters
    ----------
    fmt : {"mermaid", "dot"}, default "mermaid"
        Mermaid ``stateDiagram-v2`` source needs nothing beyond the core
        dependencies (GitHub and most documentation tools render it). Graphviz
        ``dot`` source needs pydot: ``pip install 'servicekit[diagram]'``.

    Returns
    -------
    str
        The diagram's source.

    Raises
    ------
    InvalidInputError
        For an unknown ``fmt``.
    ImportError
        For ``"dot"`` without the ``diagram`` extra.

    Examples
    --------
    >>> diagram = workflow_diagram()
    >>> diagram.splitlines()[0]
    'stateDiagram-v2'
    >>> "closed --> investigating : Reopen" in diagram
    True
    """
    if fmt == "mermaid":
        from statemachine.contrib.diagram import MermaidGraphMachine

        return str(MermaidGraphMachine(ComplaintMachine)())  # type: ignore[no-untyped-call]
    if fmt == "dot":
        if importlib.util.find_spec("pydot") is None:
            raise ImportError("the 'dot' diagram needs pydot: pip install 'servicekit[diagram]'")
        from statemachine.contrib.diagram import DotGraphMachine

        graph = DotGraphMachine(ComplaintMachine)()  # type: ignore[no-untyped-call]
        return str(graph.to_string())
    raise InvalidInputError("fmt", fmt, "'mermaid' or 'dot'")
