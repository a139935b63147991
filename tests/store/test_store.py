"""servicekit.store on SQLite and PostgreSQL: round trips, no lost update, erasure, reliability."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings

from servicekit import (
    Complaint,
    ComplaintPolicy,
    ComplaintWorkflow,
    ConcurrencyError,
    InvalidInputError,
    InvalidTransition,
    NotFoundError,
    SLAClock,
    SLAPolicy,
)
from servicekit import testing as sk
from servicekit.store import ERASED, ComplaintStore

T0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
MIN = timedelta(minutes=1)


def new(k: int = 1, **extra: object) -> Complaint:
    data: dict[str, object] = {
        "id": f"CP-{k}",
        "customer_id": "C-1",
        "channel": "web",
        "received_at": T0,
        "subject": "Charged twice",
    }
    data.update(extra)
    return Complaint.model_validate(data)


def test_add_get_and_a_missing_id(store: ComplaintStore) -> None:
    c = new()
    ComplaintWorkflow(c).acknowledge(actor="a-1", at=T0 + MIN)
    store.add(c)
    assert store.get("CP-1") == c
    with pytest.raises(NotFoundError, match="CP-9") as info:
        store.get("CP-9")
    assert isinstance(info.value, LookupError)
    with pytest.raises(InvalidInputError, match="complaint"):
        store.add(new())  # the id is taken
    assert [e.event for e in store.events(complaint_id="CP-1")] == ["acknowledge"]


def test_a_stale_writer_gets_concurrency_error_and_writes_nothing(store: ComplaintStore) -> None:
    store.add(new())
    mine, theirs = store.get("CP-1"), store.get("CP-1")
    ComplaintWorkflow(theirs).note(actor="a-2", text="first", at=T0)
    store.save(theirs, expected_version=0)
    ComplaintWorkflow(mine).classify(actor="a-1", severity="major", at=T0)
    with pytest.raises(ConcurrencyError) as info:
        store.save(mine, expected_version=0)
    assert "CP-1" in str(info.value)
    assert "version 1" in str(info.value)
    assert "expected 0" in str(info.value)
    assert store.get("CP-1") == theirs
    assert [e.event for e in store.events(complaint_id="CP-1")] == ["note"]


def test_the_events_key_refuses_a_second_writer(store: ComplaintStore, store_url: str) -> None:
    # Even if the version check were bypassed, (complaint_id, seq) cannot be written twice.
    store.add(new())
    engine = sa.create_engine(store_url)
    from servicekit.store._schema import complaint_events

    row = {"complaint_id": "CP-1", "seq": 1, "event": "note", "from_status": "received",
           "to_status": "received", "at": T0, "actor": "a", "note": None, "data": {}}  # fmt: skip
    with engine.begin() as conn:
        conn.execute(complaint_events.insert(), [row])
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(complaint_events.insert(), [row])
    engine.dispose()


def test_a_crash_inside_the_transaction_leaves_nothing_half_written(
    store: ComplaintStore,
) -> None:
    store.add(new())
    c = store.get("CP-1")
    ComplaintWorkflow(c).note(actor="a", text="x", at=T0)

    def crash(conn: object, clause: object, *args: object) -> None:
        if "servicekit_complaint_events" in str(clause) and "INSERT" in str(clause):
            raise RuntimeError("the server went away right after the events insert")

    sa.event.listen(store._engine, "after_execute", crash)
    try:
        with pytest.raises(RuntimeError):
            store.save(c, expected_version=0)
    finally:
        sa.event.remove(store._engine, "after_execute", crash)
    assert store.get("CP-1").version == 0
    assert store.events(complaint_id="CP-1") == []


def test_bad_input_is_refused_and_nothing_is_written(store: ComplaintStore) -> None:
    store.add(new())
    c = store.get("CP-1")
    ComplaintWorkflow(c).note(actor="a", text="x", at=T0)
    for bad in ("0", True, -1, 2.0):
        with pytest.raises(InvalidInputError, match="expected_version"):
            store.save(c, expected_version=bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="expected_version"):
        store.save(c, expected_version=5)  # beyond the complaint's own version
    with pytest.raises(InvalidInputError, match="complaint"):
        store.save({"id": "CP-1"}, expected_version=0)  # type: ignore[arg-type]
    with pytest.raises(NotFoundError):
        store.save(new(7), expected_version=0)
    with pytest.raises(InvalidInputError, match="url_or_engine"):
        ComplaintStore(42)  # type: ignore[arg-type]
    inconsistent = Complaint.model_construct(**{**c.__dict__, "version": 7})
    with pytest.raises(InvalidInputError, match="length of its history"):
        store.save(inconsistent, expected_version=0)
    assert store.get("CP-1").version == 0


def test_edit_saves_on_a_clean_exit_and_nothing_on_an_exception(store: ComplaintStore) -> None:
    store.add(new())
    with store.edit("CP-1", clock=lambda: T0 + MIN) as wf:
        wf.acknowledge(actor="a-1")
    with pytest.raises(InvalidTransition), store.edit("CP-1") as wf:  # noqa: PT012
        wf.note(actor="a-1", text="kept only if the block ends well", at=T0 + MIN)
        wf.close(actor="a-1", at=T0 + MIN)
    assert [e.event for e in store.get("CP-1").history] == ["acknowledge"]


def test_edit_replays_its_events_on_a_conflict(store: ComplaintStore) -> None:
    store.add(new())
    with store.edit("CP-1", retries=2) as wf:
        wf.acknowledge(actor="a-1", at=T0 + MIN)
        other = store.get("CP-1")  # someone else saves in between
        ComplaintWorkflow(other).note(actor="a-2", text="meanwhile", at=T0 + MIN)
        store.save(other, expected_version=0)
    assert [e.event for e in store.get("CP-1").history] == ["note", "acknowledge"]
    with pytest.raises(ConcurrencyError), store.edit("CP-1") as wf:  # noqa: PT012 (no retries)
        wf.note(actor="a-1", text="x", at=T0 + MIN)
        other = store.get("CP-1")
        ComplaintWorkflow(other).note(actor="a-2", text="y", at=T0 + MIN)
        store.save(other, expected_version=other.version - 1)


def test_eight_threads_fifty_edits_each_lose_nothing(store: ComplaintStore) -> None:
    store.add(new())
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            for _ in range(50):
                with store.edit("CP-1", retries=1000) as wf:
                    wf.note(actor=f"agent-{k}", text="ping", at=T0 + MIN)
        except BaseException as err:  # pragma: no cover - what this test catches
            errors.append(err)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    c = store.get("CP-1")
    assert c.version == len(c.history) == 400
    assert len(store.events(complaint_id="CP-1")) == 400


def _process_edits(url: str, k: int) -> None:
    with ComplaintStore(url) as s:
        for _ in range(50):
            with s.edit("CP-1", retries=1000) as wf:
                wf.note(actor=f"process-{k}", text="ping", at=T0 + MIN)


def test_four_processes_on_one_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    s = ComplaintStore(url)
    s.create_schema()
    request_close = s.close
    s.add(new())
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_process_edits, args=(url, k)) for k in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    c = s.get("CP-1")
    request_close()
    assert c.version == len(c.history) == 200


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sk.complaints())
def test_loading_and_saving_round_trip_every_complaint(store: ComplaintStore, c: Complaint) -> None:
    try:
        store.add(c)
    except InvalidInputError as err:  # the same id twice, or a NUL no database can store
        assert "NUL" in str(err) or "not in the store yet" in str(err)
        return
    assert store.get(c.id) == c


def test_queries(store: ComplaintStore) -> None:
    for k in range(6):
        c = new(k, customer_id=f"C-{k % 2}", received_at=T0 + k * MIN)
        wf = ComplaintWorkflow(c)
        wf.acknowledge(actor=f"agent-{k % 3}", at=T0 + k * MIN)
        if k % 2:
            wf.classify(actor=f"agent-{k % 3}", severity="urgent", at=T0 + k * MIN)
        if k == 5:
            wf.pause(actor="agent-2", reason="waiting", at=T0 + k * MIN)
        store.add(c)
    assert [c.id for c in store.find(customer_id="C-1")] == ["CP-1", "CP-3", "CP-5"]
    assert [c.id for c in store.find(status="classified", severity="urgent")] == [
        "CP-1", "CP-3", "CP-5",
    ]  # fmt: skip
    assert [c.id for c in store.find(paused=True)] == ["CP-5"]
    assert [c.id for c in store.find(received_from=T0 + 2 * MIN, received_to=T0 + 4 * MIN)] == [
        "CP-2", "CP-3",
    ]  # fmt: skip
    page = store.find(limit=4)
    assert [c.id for c in store.find(limit=4, after=page[-1].id)] == ["CP-4", "CP-5"]
    assert store.count_by("status") == {"received": 3, "classified": 3}
    assert store.count_by("owner") == {"agent-0": 2, "agent-1": 2, "agent-2": 2}
    with pytest.raises(InvalidInputError, match="field"):
        store.count_by("subject")
    events = store.events(since=T0 + 4 * MIN)
    assert [e.at for e in events] == sorted(e.at for e in events)


def test_overdue_in_one_batch(store: ComplaintStore) -> None:
    clock = SLAClock(SLAPolicy())
    late, answered, fresh = new(1), new(2), new(3, received_at=T0 + 9 * MIN)
    ComplaintWorkflow(answered).acknowledge(actor="a", at=T0 + MIN)
    for c in (late, answered, fresh):
        store.add(c)
    now = T0 + 10 * MIN
    late = store.overdue(now=now, clock=clock)
    assert late.ids.tolist() == ["CP-1"]
    assert late.first_response_state.tolist() == ["breached"]
    soon = store.overdue(now=now, clock=clock, within=timedelta(minutes=5))
    assert soon.ids.tolist() == ["CP-1", "CP-3"]
    # the same answer as evaluating the loaded complaints
    everyone = clock.evaluate_many([store.get(i) for i in ("CP-1", "CP-2", "CP-3")], now=now)
    assert soon == everyone.where(everyone.overdue(within=timedelta(minutes=5)))


def test_erase_customer_keeps_times_and_counts(store: ComplaintStore) -> None:
    policy = ComplaintPolicy(sla=SLAPolicy())
    c = new(1, description="Li Wei, card 4111", customer_id="C-42")
    wf = ComplaintWorkflow(c, policy=policy)
    wf.acknowledge(actor="a", message="Hello Li Wei", at=T0 + MIN)
    wf.classify(actor="a", severity="major", at=T0 + MIN)
    wf.investigate(actor="a", at=T0 + MIN)
    wf.resolve(actor="a", resolution="Refunded Li Wei", findings="Li Wei's card charged twice",
               at=T0 + 2 * MIN)  # fmt: skip
    wf.reply(actor="a", message="Dear Li Wei", at=T0 + 3 * MIN)
    wf.follow_up(actor="a", outcome="Li Wei is happy", customer_satisfied=True, at=T0 + 4 * MIN)
    store.add(c)
    store.add(new(2, customer_id="C-7", subject="Someone else's"))
    assert store.erase_customer("C-42") == 1
    erased = store.get("CP-1")
    dump = erased.model_dump_json() + repr([e.model_dump() for e in store.events()])
    assert "Li Wei" not in dump
    assert "4111" not in dump
    assert (erased.subject, erased.description, erased.resolution) == (ERASED, ERASED, ERASED)
    assert [e.at for e in erased.history] == [e.at for e in c.history]
    assert (erased.status, erased.severity, erased.version) == (c.status, c.severity, c.version)
    assert store.get("CP-2").subject == "Someone else's"


def test_a_host_connection_saves_inside_its_own_transaction(store_url: str) -> None:
    engine = sa.create_engine(store_url)
    ComplaintStore(engine).create_schema()
    with engine.connect() as conn:
        outer = conn.begin()
        ComplaintStore(conn).add(new())
        outer.rollback()  # the host changes its mind: the complaint goes too
    with pytest.raises(NotFoundError):
        ComplaintStore(engine).get("CP-1")
    engine.dispose()


def test_migrate_brings_a_new_database_to_the_schema_and_is_idempotent(store_url: str) -> None:
    with ComplaintStore(store_url) as s:
        s.migrate()
        s.migrate()
        s.add(new())
        assert s.count_by("status") == {"received": 1}
