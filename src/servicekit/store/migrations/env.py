"""Alembic environment for servicekit's store: runs on the connection the store hands it."""

from __future__ import annotations

from alembic import context

from servicekit.store._schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection, target_metadata=metadata, version_table="servicekit_alembic_version"
)
with context.begin_transaction():
    context.run_migrations()
