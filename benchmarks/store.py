"""servicekit.store on SQLite (and PostgreSQL when SERVICEKIT_TEST_POSTGRES_URL is set).

Each against a hand-written baseline on the same database in the same run:
- one ``edit`` with one event (load, event, save with the version check) against a raw
  SELECT + UPDATE of the same JSON document (target: median at most 2 ms on SQLite);
- ``add_many`` of 100,000 complaints against one raw executemany INSERT of the same rows
  (target: at most 15 s);
- ``overdue`` over 100,000 open complaints (target: at most 1 s).

Run: ``python benchmarks/store.py [N]`` (needs the store extra).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from servicekit import Complaint, ComplaintWorkflow, SLAClock
from servicekit.store import ComplaintStore
from servicekit.store._schema import complaints as table

T0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)


def make(n: int) -> list[Complaint]:
    out = []
    for k in range(n):
        c = Complaint(
            id=f"CP-{k:07d}", customer_id=f"C-{k % 997}", channel="web",
            received_at=T0 + timedelta(seconds=k), subject="Late parcel",
        )  # fmt: skip
        ComplaintWorkflow(c).acknowledge(actor="agent-1", at=c.received_at + timedelta(minutes=2))
        out.append(c)
    return out


def run(label: str, url: str, n: int) -> None:
    store = ComplaintStore(url)
    with store._engine.begin() as conn:  # a fresh schema every run
        for name in ("servicekit_complaint_events", "servicekit_complaints",
                     "servicekit_alembic_version"):  # fmt: skip
            conn.execute(sa.text(f"DROP TABLE IF EXISTS {name}"))
    store.create_schema()
    items = make(n)
    t = time.perf_counter()
    store.add_many(items)
    t_add = time.perf_counter() - t
    raw = sa.create_engine(url)
    rows = [{"id": "R" + c.id[1:], "version": c.version, "status": c.status.value,
             "customer_id": c.customer_id, "channel": c.channel.value, "received_at": c.received_at,
             "document": c.model_dump(mode="json")} for c in items]  # fmt: skip
    t = time.perf_counter()
    with raw.begin() as conn:
        conn.execute(table.insert(), rows)
    t_raw = time.perf_counter() - t
    print(f"{label}: add_many {n:,}: {t_add:6.2f} s | raw INSERT {t_raw:6.2f} s | "
          f"ratio {t_add / t_raw:.2f}x (target <= 15 s)")  # fmt: skip

    edits, raws = [], []
    for k in range(300):
        cid = items[k].id
        t = time.perf_counter()
        with store.edit(cid) as wf:
            wf.note(actor="agent-1", text="called back", at=T0 + timedelta(hours=1))
        edits.append(time.perf_counter() - t)
        t = time.perf_counter()
        with raw.begin() as conn:
            doc = conn.execute(sa.select(table.c.document).where(table.c.id == cid)).scalar_one()
            conn.execute(
                table.update().where(table.c.id == cid).where(table.c.version == 2)
                .values(document=doc, version=3)
            )  # fmt: skip
        raws.append(time.perf_counter() - t)
    e, r = statistics.median(edits), statistics.median(raws)
    print(f"{label}: edit, one event: median {e * 1e3:.2f} ms | raw SELECT+UPDATE "
          f"{r * 1e3:.2f} ms | ratio {e / r:.2f}x (target <= 2 ms on SQLite)")  # fmt: skip
    with raw.begin() as conn:
        conn.execute(table.delete().where(table.c.id.like("R%")))
    t = time.perf_counter()
    late = store.overdue(now=T0 + timedelta(days=3), clock=SLAClock())
    t_over = time.perf_counter() - t
    print(f"{label}: overdue over {n:,} open: {t_over:6.2f} s, {len(late):,} found (target <= 1 s)")
    raw.dispose()
    store.close()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", f"sqlite:///{tmp}/bench.db", n)
    url = os.environ.get("SERVICEKIT_TEST_POSTGRES_URL")
    if url:
        run("PostgreSQL", url, n)


if __name__ == "__main__":
    main()
