"""Complaints and their history in SQLite or PostgreSQL, with no lost update.

Needs the ``store`` extra (SQLAlchemy 2 and Alembic); PostgreSQL also the
``postgres`` extra (psycopg 3): ``pip install 'servicekit[store]'``.
"""

from __future__ import annotations

try:
    import sqlalchemy  # noqa: F401
except ImportError as err:  # pragma: no cover - depends on the environment
    raise ImportError(
        "servicekit.store needs SQLAlchemy and Alembic: pip install 'servicekit[store]'"
    ) from err

from servicekit.store._store import ERASED, ComplaintStore, Edit

__all__ = ["ERASED", "ComplaintStore", "Edit"]
