"""Validate 1,000,000 Interaction dicts and JSON documents: servicekit vs a bare model.

The bare model has the same fields and types and no custom validators, no
constraints and no aware-datetime check. Both go through a ``TypeAdapter`` of
a list built once, the fast path for bulk validation. Prints items/s and the
ratio of servicekit's time to the bare model's (target: at most 1.3).

Run: ``python benchmarks/validation.py [N]``
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta

from _timing import best_of
from pydantic import BaseModel, TypeAdapter

from servicekit import Interaction


class BareInteraction(BaseModel):
    id: str
    customer_id: str
    channel: str
    opened_at: datetime
    first_response_at: datetime | None = None
    closed_at: datetime | None = None
    agent_id: str | None = None
    direction: str = "inbound"
    resolved: bool | None = None
    first_contact_resolution: bool | None = None
    handle_time: timedelta | None = None
    tags: tuple[str, ...] = ()


def make_rows(n: int) -> list[dict[str, object]]:
    channels = ["phone", "email", "web", "chat"]
    rows = []
    for i in range(n):
        minute = i % 50
        rows.append(
            {
                "id": f"I-{i}",
                "customer_id": f"C-{i % 9973}",
                "channel": channels[i % 4],
                "opened_at": f"2026-03-02T09:{minute:02d}:00+08:00",
                "first_response_at": f"2026-03-02T09:{minute + 3:02d}:00+08:00",
                "closed_at": f"2026-03-02T10:{minute:02d}:00+08:00",
                "agent_id": f"A-{i % 40}",
                "resolved": True,
                "first_contact_resolution": i % 3 != 0,
                "handle_time": 240 + i % 600,
                "tags": ["billing"],
            }
        )
    return rows


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rows = make_rows(n)
    payload = json.dumps(rows).encode()
    ours = TypeAdapter(list[Interaction])
    bare = TypeAdapter(list[BareInteraction])
    assert len(ours.validate_python(rows[:10])) == 10
    print(f"{n:,} interactions")
    for label, data, method in (
        ("dicts", rows, "validate_python"),
        ("JSON bytes", payload, "validate_json"),
    ):
        t_ours = best_of(lambda a=ours, d=data, m=method: getattr(a, m)(d))
        t_bare = best_of(lambda a=bare, d=data, m=method: getattr(a, m)(d))
        print(
            f"{label:>10}: servicekit {n / t_ours:>12,.0f} items/s | "
            f"bare pydantic {n / t_bare:>12,.0f} items/s | ratio {t_ours / t_bare:.2f}x"
        )


if __name__ == "__main__":
    main()
