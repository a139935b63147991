"""Complaints and their history in SQLite or PostgreSQL, with no lost update.

Needs the ``store`` extra (SQLAlchemy 2 and Alembic); PostgreSQL also the
``postgres`` extra (psycopg 3): ``pip install 'servicekit[store]'``.
"""

from __future__ import annotations

try:
    from servicekit.store._store import ERASED, ComplaintStore, Edit
except ModuleNotFoundError as err:  # pragma: no cover - depends on the environment
    if (err.name or "").split(".")[0] not in ("sqlalchemy", "alembic"):
        raise
    raise ImportError(
        "servicekit.store needs SQLAlchemy and Alembic: pip install 'servicekit[store]'"
    ) from err

__all__ = ["ERASED", "ComplaintStore", "Edit"]
