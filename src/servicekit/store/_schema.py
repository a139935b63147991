"""The store's tables, in SQLAlchemy Core (private)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.dialects.postgresql import JSONB

__all__ = ["UTC", "Document", "complaint_events", "complaints", "metadata"]


class UTC(TypeDecorator[datetime]):
    """Aware datetimes stored as UTC and read back aware, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        utc = value.astimezone(timezone.utc)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)  # type: ignore[no-any-return]
        return value.astimezone(timezone.utc)  # type: ignore[no-any-return]


Document = JSON().with_variant(JSONB(), "postgresql")

metadata = MetaData()

complaints = Table(
    "servicekit_complaints",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("owner", String(200)),
    Column("severity", String(20)),
    Column("customer_id", String(200), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("received_at", UTC, nullable=False),
    Column("first_response_due", UTC),
    Column("resolution_due", UTC),
    Column("next_update_due", UTC),
    Column("paused_since", UTC),
    Column("document", Document, nullable=False),
    Index("ix_servicekit_complaints_customer", "customer_id"),
    Index("ix_servicekit_complaints_status", "status"),
    Index("ix_servicekit_complaints_owner", "owner"),
    Index("ix_servicekit_complaints_received", "received_at"),
)

complaint_events = Table(
    "servicekit_complaint_events",
    metadata,
    Column(
        "complaint_id",
        String(200),
        ForeignKey("servicekit_complaints.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("seq", Integer, primary_key=True),
    Column("event", String(200), nullable=False),
    Column("from_status", String(20), nullable=False),
    Column("to_status", String(20), nullable=False),
    Column("at", UTC, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("note", Text),
    Column("data", Document, nullable=False),
    Index("ix_servicekit_complaint_events_at", "at"),
)
