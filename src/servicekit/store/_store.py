"""Complaints and their history in SQLite or PostgreSQL, with no lost update (private)."""

from __future__ import annotations

import contextlib
import importlib.resources
import json
import weakref
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any, TypeVar

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from servicekit._params import (
    Duration,
    Instance,
    Instant,
    Integer,
    Optional,
    Options,
    fail,
    validate_params,
)
from servicekit._params import Identifier as IdentifierParam
from servicekit.errors import ConcurrencyError, NotFoundError
from servicekit.models import Complaint, ComplaintEvent
from servicekit.models.types import PERSONAL_FIELDS
from servicekit.sla import BusinessCalendar, SLABatch, SLAClock
from servicekit.sla._batch import Event, evaluate_timelines
from servicekit.store._schema import complaint_events, complaints
from servicekit.workflow import ComplaintPolicy, ComplaintWorkflow

__all__ = ["ERASED", "ComplaintStore"]

T = TypeVar("T")
ERASED = "[erased]"
"""What erase_customer writes in place of every free-text field."""
_PAGE = 25_000
_COMPLAINTS = complaints
NUL_ESCAPE = "\\u0000"  # how JSON writes a NUL character
_COUNTABLE = ("status", "owner", "severity", "customer_id")
_EVENTS = (
    "acknowledge", "add_evidence", "classify", "close", "escalate", "follow_up", "hand_over",
    "investigate", "note", "pause", "reclassify", "reopen", "reply", "resolve", "resume",
    "update_customer",
)  # fmt: skip


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy's recipe for real transactions (and savepoints) on pysqlite: the
    # driver's own implicit BEGIN is switched off, and every transaction begins with
    # BEGIN IMMEDIATE (below), which takes the write lock at once and waits for it
    # (busy_timeout) instead of failing when two writers meet.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable across crashes, fast commits
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite(engine: Engine) -> None:
    sa.event.listen(engine, "connect", _sqlite_pragmas)
    sa.event.listen(engine, "begin", _sqlite_begin)


def _row(c: Complaint) -> dict[str, Any]:
    # A complaint built without validation (model_construct) may not hold together.
    last = c.history[-1].to_status if c.history else "received"
    if c.version != len(c.history) or c.status != last:
        fail(
            "complaint",
            c.id,
            "a complaint whose version is the length of its history and whose status is "
            "the history's last",
        )
    text = c.model_dump_json()
    if NUL_ESCAPE in text:
        fail("complaint", c.id, "text without NUL characters (PostgreSQL cannot store them)")
    return {
        "id": c.id,
        "version": c.version,
        "status": c.status.value,
        "owner": c.owner,
        "severity": None if c.severity is None else c.severity.value,
        "customer_id": c.customer_id,
        "channel": c.channel.value,
        "received_at": c.received_at,
        "first_response_due": c.first_response_due,
        "resolution_due": c.resolution_due,
        "next_update_due": c.next_update_due,
        "paused_since": c.paused_since,
        "document": json.loads(text),
    }


def _event_rows(c: Complaint, start: int) -> list[dict[str, Any]]:
    return [
        {
            "complaint_id": c.id,
            "seq": seq,
            "event": e.event,
            "from_status": e.from_status.value,
            "to_status": e.to_status.value,
            "at": e.at,
            "actor": e.actor,
            "note": e.note,
            "data": json.loads(e.model_dump_json()),
        }
        for seq, e in enumerate(c.history[start:], start=start + 1)
    ]


class _Recording(ComplaintWorkflow):
    """A workflow that remembers the events sent through it, to replay them on a conflict."""

    __slots__ = ("calls",)

    def __init__(self, complaint: Complaint, **options: Any) -> None:
        super().__init__(complaint, **options)
        self.calls: list[tuple[str, dict[str, Any]]] = []


def _recorder(name: str) -> Callable[..., ComplaintEvent]:
    base = getattr(ComplaintWorkflow, name)

    def record(self: _Recording, **kwargs: Any) -> ComplaintEvent:
        entry: ComplaintEvent = base(self, **kwargs)
        self.calls.append((name, kwargs))
        return entry

    record.__name__ = name
    record.__doc__ = base.__doc__
    return record


for _name in _EVENTS:
    setattr(_Recording, _name, _recorder(_name))


class Edit:
    """One edit of a stored complaint: ``with store.edit(id) as workflow: ...``.

    On a clean exit the complaint is saved with the version it was loaded at as
    the expected version; on an exception nothing is written. On a conflict
    (another writer saved first), the events the block sent are replayed on
    the freshly loaded complaint, up to ``retries`` times; after that, or when
    a replayed event is now refused, the error propagates and nothing is
    written. Only the workflow's events are replayed: the block's other side
    effects happen once.
    """

    def __init__(self, store: ComplaintStore, complaint_id: str, options: dict[str, Any],
                 retries: int) -> None:  # fmt: skip
        self._store = store
        self._id = complaint_id
        self._options = options
        self._retries = retries
        self._workflow: _Recording | None = None
        self._version = 0

    def __enter__(self) -> ComplaintWorkflow:
        complaint = self._store.get(self._id)
        self._version = complaint.version
        self._workflow = _Recording(complaint, **self._options)
        return self._workflow

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        workflow, self._workflow = self._workflow, None
        if exc_type is not None or workflow is None:
            return
        calls = workflow.calls
        complaint, version = workflow.complaint, self._version
        for attempt in range(self._retries + 1):
            try:
                self._store.save(complaint, expected_version=version)
                return
            except ConcurrencyError:
                if attempt == self._retries:
                    raise
            complaint = self._store.get(self._id)
            version = complaint.version
            again = ComplaintWorkflow(complaint, **self._options)
            for name, kwargs in calls:
                getattr(again, name)(**kwargs)


class ComplaintStore:
    """Complaints and their history in SQLite or PostgreSQL, with no lost update.

    Each complaint is one row (the whole complaint as JSON, plus the columns
    queries use) and its history is an append-only events table keyed
    ``(complaint_id, seq)``, written in the same transaction. ``save`` writes
    only if the stored version is the one the caller loaded (an ETag):
    otherwise :class:`~servicekit.ConcurrencyError`, and nothing is written.

    Parameters
    ----------
    url_or_engine : str, sqlalchemy.Engine or sqlalchemy.Connection
        A database URL (``"sqlite:///helpdesk.db"``, the embedded default;
        ``"postgresql+psycopg://user@host/db"`` with the ``postgres`` extra),
        an Engine, or a Connection so that a host application saves inside
        its own transaction. SQLite runs with WAL, a busy timeout and foreign
        keys on.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> from servicekit import Complaint
    >>> store = ComplaintStore("sqlite://")                  # in memory, for the example
    >>> store.create_schema()
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> store.add(Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=t0,
    ...                     subject="Late parcel"))
    >>> with store.edit("CP-1") as workflow:
    ...     _ = workflow.acknowledge(actor="agent-7", at=t0)
    >>> store.get("CP-1").version
    1
    """

    def __init__(self, url_or_engine: str | Engine | Connection) -> None:
        self._connection: Connection | None = None
        self._owns_engine = isinstance(url_or_engine, str)
        if isinstance(url_or_engine, str):
            engine = sa.create_engine(url_or_engine)
        elif isinstance(url_or_engine, Engine):
            engine = url_or_engine
        elif isinstance(url_or_engine, Connection):
            self._connection = url_or_engine
            engine = url_or_engine.engine
        else:
            fail(
                "url_or_engine",
                type(url_or_engine).__name__,
                "a database URL, a sqlalchemy Engine or a sqlalchemy Connection",
            )
        if engine.dialect.name == "sqlite" and self._connection is None:
            if engine.url.database in (None, "", ":memory:"):
                # one in-memory database, shared by every use of this store
                engine = sa.create_engine(
                    engine.url,
                    poolclass=sa.pool.StaticPool,
                    connect_args={"check_same_thread": False},
                )
                self._owns_engine = True
            _sqlite(engine)
        self._engine = engine
        # a store of its own engine dropped without close() still closes its connections
        # (Python 3.13's sqlite3 warns about a connection left to the garbage collector)
        self._release = weakref.finalize(self, engine.dispose) if self._owns_engine else None

    def __repr__(self) -> str:
        return f"ComplaintStore({self._engine.url.render_as_string(hide_password=True)!r})"

    def close(self) -> None:
        """Close the store's database connections (not a host's Connection or Engine).

        Examples
        --------
        >>> with ComplaintStore("sqlite://") as store:
        ...     store.create_schema()
        """
        if self._release is not None:
            self._release()

    def __enter__(self) -> ComplaintStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _begin(self) -> Iterator[Connection]:
        if self._connection is not None:
            conn = self._connection
            if conn.in_transaction():
                with conn.begin_nested():
                    yield conn
            else:
                with conn.begin():
                    yield conn
            return
        with self._engine.begin() as conn:
            yield conn

    # -- schema -----------------------------------------------------------------------

    def _alembic(self, conn: Connection) -> Any:
        try:
            from alembic.config import Config
        except ImportError as err:  # pragma: no cover - the store extra pulls alembic
            raise ImportError("migrations need alembic: pip install 'servicekit[store]'") from err
        config = Config()
        location = importlib.resources.files("servicekit.store") / "migrations"
        config.set_main_option("script_location", str(location))
        config.attributes["connection"] = conn
        return config

    def migrate(self) -> None:
        """Bring the database to the current schema (any earlier version, or none).

        Examples
        --------
        >>> store = ComplaintStore("sqlite://")
        >>> store.migrate()
        >>> store.count_by("status")
        {}
        """
        from alembic import command

        with self._begin() as conn:
            command.upgrade(self._alembic(conn), "head")

    def create_schema(self) -> None:
        """Create the tables in a new database (and record the schema version).

        Examples
        --------
        >>> ComplaintStore("sqlite://").create_schema()
        """
        self.migrate()

    # -- one complaint ---------------------------------------------------------------

    @validate_params(complaint=Instance(Complaint, expected="a Complaint"))
    def add(self, complaint: Complaint) -> None:
        """Store a new complaint and its history.

        Parameters
        ----------
        complaint : Complaint
            A complaint whose id is not in the store yet.

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> from servicekit import Complaint
        >>> store = ComplaintStore("sqlite://"); store.create_schema()
        >>> c = Complaint(id="CP-1", customer_id="C-1", channel="web",
        ...               received_at=datetime(2026, 3, 2, tzinfo=timezone.utc), subject="s")
        >>> store.add(c); store.get("CP-1") == c
        True
        """
        try:
            with self._begin() as conn:
                conn.execute(complaints.insert(), [_row(complaint)])
                rows = _event_rows(complaint, 0)
                if rows:
                    conn.execute(complaint_events.insert(), rows)
        except IntegrityError:
            fail("complaint", complaint.id, "a complaint whose id is not in the store yet")

    @validate_params(complaints=Instance(list, tuple, expected="a list of Complaint objects"))
    def add_many(self, complaints: list[Complaint] | tuple[Complaint, ...]) -> None:
        """Store many new complaints in one transaction: all of them, or none.

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> from servicekit import Complaint
        >>> store = ComplaintStore("sqlite://"); store.create_schema()
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> store.add_many([Complaint(id=f"CP-{k}", customer_id="C-1", channel="web",
        ...                           received_at=t0, subject="s") for k in range(3)])
        >>> store.count_by("status")
        {'received': 3}
        """
        for k, c in enumerate(complaints):
            if not isinstance(c, Complaint):
                fail(f"complaints[{k}]", type(c).__name__, "a Complaint")
        try:
            with self._begin() as conn:
                if complaints:
                    conn.execute(_COMPLAINTS.insert(), [_row(c) for c in complaints])
                rows = [row for c in complaints for row in _event_rows(c, 0)]
                if rows:
                    conn.execute(complaint_events.insert(), rows)
        except IntegrityError:
            fail("complaints", f"<{len(complaints)} complaints>", "ids not in the store yet")

    @validate_params(complaint_id=IdentifierParam())
    def get(self, complaint_id: str) -> Complaint:
        """The stored complaint with this id.

        Raises
        ------
        NotFoundError
            When no complaint has this id.

        Examples
        --------
        >>> store = ComplaintStore("sqlite://"); store.create_schema()
        >>> store.get("CP-404")
        Traceback (most recent call last):
        ...
        servicekit.errors.NotFoundError: complaint 'CP-404' is not in the store
        """
        with self._begin() as conn:
            document = conn.execute(
                sa.select(complaints.c.document).where(complaints.c.id == complaint_id)
            ).scalar_one_or_none()
        if document is None:
            raise NotFoundError(f"complaint {complaint_id!r} is not in the store")
        return Complaint.model_validate(document)

    @validate_params(
        complaint=Instance(Complaint, expected="a Complaint"),
        expected_version=Integer(low=0),
    )
    def save(self, complaint: Complaint, *, expected_version: int) -> None:
        """Write the complaint and append its new history entries, if nobody else did first.

        Parameters
        ----------
        complaint : Complaint
            The complaint as the workflow left it.
        expected_version : int
            The version the caller loaded (its ETag). The write happens only if
            the stored complaint is still at this version.

        Raises
        ------
        ConcurrencyError
            When the stored version is not ``expected_version``; nothing is written.
        NotFoundError
            When the complaint is not in the store.

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> from servicekit import Complaint, ComplaintWorkflow
        >>> store = ComplaintStore("sqlite://"); store.create_schema()
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> store.add(Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=t0,
        ...                     subject="s"))
        >>> mine, theirs = store.get("CP-1"), store.get("CP-1")
        >>> _ = ComplaintWorkflow(theirs).note(actor="a-2", text="x", at=t0)
        >>> store.save(theirs, expected_version=0)
        >>> _ = ComplaintWorkflow(mine).note(actor="a-1", text="y", at=t0)
        >>> store.save(mine, expected_version=0)
        Traceback (most recent call last):
        ...
        servicekit.errors.ConcurrencyError: complaint 'CP-1' is at version 1 in the store, \
expected 0: it changed since it was loaded
        """
        if expected_version > complaint.version:
            fail(
                "expected_version",
                expected_version,
                f"at most the complaint's version ({complaint.version})",
            )
        row = _row(complaint)
        with self._begin() as conn:
            done = conn.execute(
                complaints.update()
                .where(complaints.c.id == complaint.id)
                .where(complaints.c.version == expected_version)
                .values({k: v for k, v in row.items() if k != "id"})
            )
            if done.rowcount != 1:
                stored = conn.execute(
                    sa.select(complaints.c.version).where(complaints.c.id == complaint.id)
                ).scalar_one_or_none()
                if stored is None:
                    raise NotFoundError(f"complaint {complaint.id!r} is not in the store")
                raise ConcurrencyError(
                    f"complaint {complaint.id!r} is at version {stored} in the store, "
                    f"expected {expected_version}: it changed since it was loaded"
                )
            rows = _event_rows(complaint, expected_version)
            if rows:
                conn.execute(complaint_events.insert(), rows)

    @validate_params(
        complaint_id=IdentifierParam(),
        policy=Optional(Instance(ComplaintPolicy, expected="a ComplaintPolicy")),
        calendar=Optional(Instance(BusinessCalendar, expected="a BusinessCalendar")),
        retries=Integer(low=0, high=10_000),
    )
    def edit(
        self,
        complaint_id: str,
        *,
        policy: ComplaintPolicy | None = None,
        calendar: BusinessCalendar | None = None,
        clock: Callable[[], datetime] | None = None,
        retries: int = 0,
    ) -> Edit:
        """Load a complaint, yield its workflow, save it on a clean exit.

        Parameters
        ----------
        complaint_id : str
            The complaint to edit.
        policy, calendar, clock : optional
            Passed to :class:`~servicekit.ComplaintWorkflow`.
        retries : int, default 0
            How many times to replay the block's events on a freshly loaded
            complaint when another writer saved first.

        Returns
        -------
        Edit
            A context manager yielding the workflow.

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> from servicekit import Complaint
        >>> store = ComplaintStore("sqlite://"); store.create_schema()
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> store.add(Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=t0,
        ...                     subject="s"))
        >>> with store.edit("CP-1", retries=3) as workflow:
        ...     _ = workflow.note(actor="a-1", text="Called back", at=t0)
        >>> [e.event for e in store.events(complaint_id="CP-1")]
        ['note']
        """
        options = {"policy": policy, "calendar": calendar, "clock": clock}
        return Edit(self, complaint_id, options, retries)

    # -- queries ----------------------------------------------------------------------

    @validate_params(
        status=Optional(IdentifierParam()),
        owner=Optional(IdentifierParam()),
        customer_id=Optional(IdentifierParam()),
        severity=Optional(Options("general", "major", "urgent")),
        received_from=Optional(Instant()),
        received_to=Optional(Instant()),
        limit=Integer(low=1, high=100_000),
        after=Optional(IdentifierParam()),
    )
    def find(
        self,
        *,
        status: str | None = None,
        owner: str | None = None,
        customer_id: str | None = None,
        severity: str | None = None,
        received_from: datetime | None = None,
        received_to: datetime | None = None,
        paused: bool | None = None,
        limit: int = 100,
        after: str | None = None,
    ) -> list[Complaint]:
        """Complaints matching every filter given, by id, a page at a time.

        Parameters
        ----------
        status, owner, customer_id, severity : str, optional
            Equal to.
        received_from, received_to : datetime, optional
            Received at or after, and before.
        paused : bool, optional
            Paused now, or not.
        limit : int, default 100
            The page size.
        after : str, optional
            The last id of the previous page (keyset paging).

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> from servicekit import Complaint
        >>> store = ComplaintStore("sqlite://"); store.create_schema()
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> for k in range(3):
        ...     store.add(Complaint(id=f"CP-{k}", customer_id="C-1", channel="web",
        ...                         received_at=t0, subject="s"))
        >>> [c.id for c in store.find(customer_id="C-1", limit=2)]
        ['CP-0', 'CP-1']
        >>> [c.id for c in store.find(customer_id="C-1", limit=2, after="CP-1")]
        ['CP-2']
        """
        query = sa.select(complaints.c.document).order_by(complaints.c.id).limit(limit)
        for column, value in (
            (complaints.c.status, status),
            (complaints.c.owner, owner),
            (complaints.c.customer_id, customer_id),
            (complaints.c.severity, severity),
        ):
            if value is not None:
                query = query.where(column == value)
        if received_from is not None:
            query = query.where(complaints.c.received_at >= received_from)
        if received_to is not None:
            query = query.where(complaints.c.received_at < received_to)
        if paused is not None:
            if not isinstance(paused, bool):
                fail("paused", paused, "True, False or None")
            flag = complaints.c.paused_since.is_not(None)
            query = query.where(flag if paused else ~flag)
        if after is not None:
            query = query.where(complaints.c.id > after)
        with self._begin() as conn:
            documents = conn.execute(query).scalars().all()
        return [Complaint.model_validate(d) for d in documents]

    @validate_params(complaint_id=Optional(IdentifierParam()), since=Optional(Instant()))
    def events(
        self, *, complaint_id: str | None = None, since: datetime | None = None
    ) -> list[ComplaintEvent]:
        """History entries in time order (then by complaint and sequence).

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> from servicekit import Complaint
        >>> store = ComplaintStore("sqlite://"); store.create_schema()
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> store.add(Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=t0,
        ...                     subject="s"))
        >>> with store.edit("CP-1") as workflow:
        ...     _ = workflow.acknowledge(actor="a-1", at=t0)
        ...     _ = workflow.classify(actor="a-1", severity="general", at=t0)
        >>> [e.event for e in store.events(since=t0)]
        ['acknowledge', 'classify']
        """
        query = sa.select(complaint_events.c.data).order_by(
            complaint_events.c.at, complaint_events.c.complaint_id, complaint_events.c.seq
        )
        if complaint_id is not None:
            query = query.where(complaint_events.c.complaint_id == complaint_id)
        if since is not None:
            query = query.where(complaint_events.c.at >= since)
        with self._begin() as conn:
            rows = conn.execute(query).scalars().all()
        return [ComplaintEvent.model_validate(r) for r in rows]

    @validate_params(
        now=Instant(),
        clock=Instance(SLAClock, expected="an SLAClock"),
        within=Duration(),
    )
    def overdue(
        self, *, now: datetime, clock: SLAClock, within: timedelta = timedelta(0)
    ) -> SLABatch:
        """Open complaints with an SLA target breached at ``now`` or falling due within ``within``.

        The open complaints' timelines are read from the store's columns and
        events table (no complaint document is parsed) and evaluated in batches
        with :meth:`SLAClock.evaluate_many`'s vectorised pass.

        Returns
        -------
        SLABatch
            The overdue complaints only, in id order: their ids, and each
            target's due time and state (``store.get(id)`` loads one).

        Examples
        --------
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicekit import Complaint, SLAClock
        >>> store = ComplaintStore("sqlite://"); store.create_schema()
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> store.add(Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=t0,
        ...                     subject="s"))
        >>> late = store.overdue(now=t0 + timedelta(hours=1), clock=SLAClock())
        >>> late.ids.tolist(), late.first_response_state.tolist()
        (['CP-1'], ['breached'])
        """
        ahead = timedelta(seconds=float(within))  # type: ignore[arg-type]  # given as seconds
        sqlite = self._engine.dialect.name == "sqlite"

        def instant(column: Any) -> Any:
            if sqlite:  # stored as ISO text in UTC: NumPy parses it in one call
                return sa.type_coerce(column, sa.String)
            return sa.cast(sa.extract("epoch", column) * 1_000_000, sa.BigInteger)

        def microseconds(values: list[Any]) -> list[int]:
            if not sqlite:
                return [int(v) for v in values]
            parsed = np.array(values, dtype="datetime64[us]").view(np.int64)
            return [int(v) for v in parsed.tolist()]

        c, e = complaints, complaint_events
        open_now = sa.and_(c.c.status != "closed", c.c.received_at <= now)
        pages: list[SLABatch] = []
        after: str | None = None
        while True:
            query = (
                sa.select(c.c.id, c.c.severity, c.c.channel, instant(c.c.received_at))
                .where(open_now)
                .order_by(c.c.id)
                .limit(_PAGE)
            )
            if after is not None:
                query = query.where(c.c.id > after)
            with self._begin() as conn:
                rows = conn.execute(query).all()
                if not rows:
                    break
                first, last = rows[0][0], rows[-1][0]
                events = conn.execute(
                    sa.select(e.c.complaint_id, e.c.event, e.c.to_status, instant(e.c.at))
                    .join(c, c.c.id == e.c.complaint_id)
                    .where(open_now, c.c.id >= first, c.c.id <= last)
                    .order_by(e.c.complaint_id, e.c.seq)
                ).all()
            received = microseconds([r[3] for r in rows])
            times = microseconds([r[3] for r in events])
            by_id: dict[str, list[Event]] = {}
            for (cid, name, status, _), at in zip(events, times, strict=True):
                by_id.setdefault(cid, []).append(Event(name, status, at))
            timelines = (
                (cid, severity, channel, rec, by_id.get(cid, ()))
                for (cid, severity, channel, _), rec in zip(rows, received, strict=True)
            )
            batch = evaluate_timelines(clock, timelines, now)
            pages.append(batch.where(batch.overdue(within=ahead)))
            after = last
        return SLABatch.concatenate(pages, now=now)

    @validate_params(field=Options(*_COUNTABLE))
    def count_by(self, field: str) -> dict[str | None, int]:
        """How many complaints per status, owner, severity or customer, for dashboards.

        Examples
        --------
        >>> store = ComplaintStore("sqlite://"); store.create_schema()
        >>> store.count_by("status")
        {}
        """
        column = complaints.c[field]
        with self._begin() as conn:
            rows = conn.execute(sa.select(column, sa.func.count()).group_by(column)).all()
        return {key: int(count) for key, count in rows}

    @validate_params(customer_id=IdentifierParam())
    def erase_customer(self, customer_id: str) -> int:
        """Replace every free-text field of a customer's complaints with a marker.

        The right to be forgotten: subjects, descriptions, findings,
        resolutions, replies, follow-up outcomes, and the notes and free text
        of their history entries become ``"[erased]"``, in one transaction.
        Times, statuses, severities and counts stay, so metrics still hold.

        Returns
        -------
        int
            How many complaints were erased.

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> from servicekit import Complaint
        >>> store = ComplaintStore("sqlite://"); store.create_schema()
        >>> store.add(Complaint(id="CP-1", customer_id="C-1", channel="web",
        ...                     received_at=datetime(2026, 3, 2, tzinfo=timezone.utc),
        ...                     subject="Li Wei's card 4111"))
        >>> store.erase_customer("C-1"), store.get("CP-1").subject
        (1, '[erased]')
        """
        with self._begin() as conn:
            documents = (
                conn.execute(
                    sa.select(complaints.c.document).where(complaints.c.customer_id == customer_id)
                )
                .scalars()
                .all()
            )
            for document in documents:
                erased = Complaint.model_validate(_erase(document))
                conn.execute(
                    complaints.update()
                    .where(complaints.c.id == erased.id)
                    .values(document=json.loads(erased.model_dump_json()))
                )
                conn.execute(
                    complaint_events.delete().where(complaint_events.c.complaint_id == erased.id)
                )
                rows = _event_rows(erased, 0)
                if rows:
                    conn.execute(complaint_events.insert(), rows)
        return len(documents)


def _erase(value: Any, key: str | None = None) -> Any:
    """A JSON document with every non-empty personal or free-text string replaced."""
    if isinstance(value, dict):
        return {k: _erase(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_erase(v, key) for v in value]
    if key in PERSONAL_FIELDS and isinstance(value, str) and value:
        return ERASED
    return value
