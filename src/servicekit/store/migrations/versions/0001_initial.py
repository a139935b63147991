"""The complaints table and the append-only events table.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from servicekit.store._schema import UTC, Document

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the complaints and events tables."""
    op.create_table(
        "servicekit_complaints",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("owner", sa.String(200)),
        sa.Column("severity", sa.String(20)),
        sa.Column("customer_id", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("received_at", UTC, nullable=False),
        sa.Column("first_response_due", UTC),
        sa.Column("resolution_due", UTC),
        sa.Column("next_update_due", UTC),
        sa.Column("paused_since", UTC),
        sa.Column("document", Document, nullable=False),
    )
    for name, column in (
        ("customer", "customer_id"),
        ("status", "status"),
        ("owner", "owner"),
        ("received", "received_at"),
    ):
        op.create_index(f"ix_servicekit_complaints_{name}", "servicekit_complaints", [column])
    op.create_table(
        "servicekit_complaint_events",
        sa.Column(
            "complaint_id",
            sa.String(200),
            sa.ForeignKey("servicekit_complaints.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("event", sa.String(200), nullable=False),
        sa.Column("from_status", sa.String(20), nullable=False),
        sa.Column("to_status", sa.String(20), nullable=False),
        sa.Column("at", UTC, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("data", Document, nullable=False),
    )
    op.create_index("ix_servicekit_complaint_events_at", "servicekit_complaint_events", ["at"])


def downgrade() -> None:
    """Drop them."""
    op.drop_table("servicekit_complaint_events")
    op.drop_table("servicekit_complaints")
