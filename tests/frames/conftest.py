"""Every frames test runs on each engine: pandas, polars (eager and lazy), PyArrow, DuckDB, Spark.

Spark runs in local mode (``local[2]``, UI off, on 127.0.0.1), one session for the
whole run. It needs Java: without it the Spark cases skip locally and fail under
CI=true (.ci/run installs Debian's openjdk-17-jre-headless when java is missing).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from typing import Any

import duckdb
import polars as pl
import pytest

ENGINES = ["pandas", "polars", "polars-lazy", "pyarrow", "duckdb", "spark"]

_SPARK: Any = None
_DUCKDB = duckdb.connect()  # one connection, so that relations can be joined


def spark_session() -> Any:
    global _SPARK
    if _SPARK is None:
        if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
            if os.environ.get("CI") == "true":
                pytest.fail("Java is missing under CI: PySpark cannot start")
            pytest.skip("no Java: install openjdk-17-jre-headless to run the Spark cases")
        from pyspark.sql import SparkSession

        # the workers must run the tests' own Python, not whichever python3 is on PATH
        os.environ["PYSPARK_PYTHON"] = sys.executable
        os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
        _SPARK = (
            SparkSession.builder.master("local[2]")
            .appName("servicekit-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .getOrCreate()
        )
        _SPARK.sparkContext.setLogLevel("OFF")
    return _SPARK


@pytest.fixture(scope="session", autouse=True)
def _stop_spark() -> Iterator[None]:
    yield
    if _SPARK is not None:
        _SPARK.stop()


def to_engine(frame: pl.DataFrame, engine: str) -> Any:
    """The same data as the engine's native frame."""
    if engine == "pandas":
        return frame.to_pandas()
    if engine == "polars":
        return frame
    if engine == "polars-lazy":
        return frame.lazy()
    if engine == "pyarrow":
        return frame.to_arrow()
    if engine == "duckdb":
        return _DUCKDB.from_arrow(frame.to_arrow())
    if engine == "spark":
        return spark_session().createDataFrame(frame.to_arrow())
    raise AssertionError(engine)


def to_polars(result: Any, engine: str) -> pl.DataFrame:
    """Any engine's result as a polars frame with plain types (for comparing engines)."""
    if engine == "pandas":
        out = pl.from_pandas(result)
    elif engine == "polars":
        assert isinstance(result, pl.DataFrame)
        out = result
    elif engine == "polars-lazy":
        assert isinstance(result, pl.LazyFrame), "a lazy frame in gives a lazy frame out"
        out = result.collect()
    elif engine == "pyarrow":
        import pyarrow as pa

        assert isinstance(result, pa.Table)
        out = pl.from_arrow(result)  # type: ignore[assignment]
    elif engine == "duckdb":
        assert isinstance(result, duckdb.DuckDBPyRelation)
        out = pl.from_arrow(result.to_arrow_table())  # type: ignore[assignment]
    else:
        from pyspark.sql import DataFrame

        assert isinstance(result, DataFrame)
        out = pl.from_arrow(result.toArrow())  # type: ignore[assignment]
    casts = {}
    for name, dtype in out.schema.items():
        if dtype.is_integer() or isinstance(dtype, pl.Decimal):
            casts[name] = pl.Int64
        elif dtype.is_float():
            casts[name] = pl.Float64
        elif dtype in (pl.String, pl.Utf8):
            casts[name] = pl.String
        elif isinstance(dtype, pl.Datetime):
            casts[name] = pl.Datetime("us", None if dtype.time_zone is None else "UTC")
    return out.with_columns(pl.col(k).cast(v) for k, v in casts.items())


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    if request.param == "spark":
        spark_session()
    return str(request.param)
