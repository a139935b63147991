"""Every store test runs on SQLite (a temporary file) and on a real PostgreSQL server.

PostgreSQL's URL comes from SERVICEKIT_TEST_POSTGRES_URL (.ci/postgres.sh starts a
throwaway server and sets it). Without it the PostgreSQL cases skip locally, and fail
under CI=true, so a green CI run cannot hide a missing server.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from servicekit.store import ComplaintStore

POSTGRES_URL = os.environ.get("SERVICEKIT_TEST_POSTGRES_URL")


def postgres_url() -> str:
    if POSTGRES_URL is None:
        if os.environ.get("CI") == "true":
            pytest.fail("SERVICEKIT_TEST_POSTGRES_URL is not set: PostgreSQL is missing under CI")
        pytest.skip("no PostgreSQL server (set SERVICEKIT_TEST_POSTGRES_URL; see .ci/postgres.sh)")
    return POSTGRES_URL


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'helpdesk.db'}"
        return
    base = postgres_url()
    name = f"sk_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    url = base.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[ComplaintStore]:
    s = ComplaintStore(store_url)
    s.create_schema()
    yield s
    s.close()
