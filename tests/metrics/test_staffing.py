"""Erlang B, Erlang C and required agents against published values and mpmath."""

from __future__ import annotations

import math
from datetime import timedelta

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit import InvalidInputError
from servicekit.metrics import (
    StaffingResult,
    average_speed_of_answer,
    erlang_b,
    erlang_b_capacity,
    erlang_c,
    occupancy,
    required_agents,
    service_level,
    traffic_intensity,
)

AHT = timedelta(seconds=180)
ASA = timedelta(seconds=20)
HALF_HOUR = timedelta(minutes=30)
CCH = {"handle_time": AHT, "target_service_level": 0.80, "target_answer_time": ASA}

# --- published values --------------------------------------------------------------

# Erlang B table, traffic (Erlangs) carried at 1%, 2% and 5% blocking, as printed to
# 3 significant figures in the standard tables (ITU-T E.520 tables; the same table is
# reproduced in Wikipedia's "Erlang (unit)" article and every call-centre handbook).
ERLANG_B_TABLE = [
    (1, 0.0101, 0.0204, 0.0526),
    (2, 0.153, 0.223, 0.381),
    (5, 1.36, 1.66, 2.22),
    (10, 4.46, 5.08, 6.22),
    (20, 12.0, 13.2, 15.2),
    (50, 37.9, 40.3, 44.5),
    (100, 84.1, 88.0, 95.2),
]


@pytest.mark.parametrize(("servers", "at1", "at2", "at5"), ERLANG_B_TABLE)
def test_erlang_b_capacity_matches_the_published_table(
    servers: int, at1: float, at2: float, at5: float
) -> None:
    for blocking, printed in ((0.01, at1), (0.02, at2), (0.05, at5)):
        carried = erlang_b_capacity(servers, blocking=blocking)
        assert float(f"{carried:.3g}") == pytest.approx(printed, rel=1e-9)
        assert erlang_b(carried, servers) == pytest.approx(blocking, rel=1e-10)


def test_call_centre_helper_worked_example() -> None:
    # Call Centre Helper, "Erlang C Formula - Made Simple with an Easy Worked Example":
    # 100 calls in 30 minutes, AHT 180 s, 80% answered in 20 s, 30% shrinkage.
    # Traffic 10 Erlangs; 14 agents; probability of waiting 0.1741; occupancy 71.4%;
    # 20 agents scheduled after shrinkage.
    traffic = traffic_intensity(100, period=timedelta(minutes=30), handle_time=AHT)
    assert traffic == 10.0
    result = required_agents(traffic, **CCH, shrinkage=0.30)
    assert result.agents == 14
    assert result.scheduled_agents == 20
    assert round(result.wait_probability, 4) == 0.1741
    assert round(result.occupancy, 3) == 0.714
    assert round(result.service_level, 3) == 0.888
    assert service_level(traffic, 13, handle_time=AHT, target_answer_time=ASA) < 0.80  # not 13


def test_occupancy_cap_raises_the_count() -> None:
    # The same example with occupancy capped at 70%: 10 / 0.7 = 14.3, so 15 agents.
    result = required_agents(10.0, **CCH, max_occupancy=0.70, shrinkage=0.30)
    assert (result.agents, result.scheduled_agents) == (15, 22)
    assert result.occupancy <= 0.70
    assert round(result.wait_probability, 3) == 0.102


# --- a high-precision reference ----------------------------------------------------


def _mp_erlang_b(traffic: float, servers: int) -> mpmath.mpf:
    """B = (A^N / N!) / sum_{k<=N} A^k / k!, summed term by term at 60 digits."""
    with mpmath.workdps(60):
        a = mpmath.mpf(traffic)
        term = mpmath.mpf(1)
        total = mpmath.mpf(1)
        for k in range(1, servers + 1):
            term = term * a / k
            total += term
        return term / total


@pytest.mark.parametrize(
    ("traffic", "servers"),
    [
        (0.5, 1),
        (3.7, 5),
        (48.0, 55),
        (100.0, 90),
        (1000.0, 1030),
        (10_000.0, 10_100),
        (10_000.0, 9_800),
    ],
)
def test_erlang_b_and_c_within_1e_9_of_60_digit_arithmetic(traffic: float, servers: int) -> None:
    b = _mp_erlang_b(traffic, servers)
    assert abs(erlang_b(traffic, servers) - float(b)) <= 1e-9 * float(b)
    if servers > traffic:
        with mpmath.workdps(60):
            c = servers * b / (servers - traffic * (1 - b))
        assert abs(erlang_c(traffic, servers) - float(c)) <= 1e-9 * float(c)


@settings(max_examples=40)
@given(
    traffic=st.floats(min_value=150.0, max_value=3000.0),
    offset=st.floats(min_value=-20.0, max_value=10.0),
)
def test_erlang_b_near_the_traffic_matches_60_digit_arithmetic(
    traffic: float, offset: float
) -> None:
    # Covers the shortcut that starts the recursion 12 standard deviations below the
    # traffic: from there it must agree with the sum over every term from k = 0.
    servers = max(1, round(traffic + offset * math.sqrt(traffic)))
    b = float(_mp_erlang_b(traffic, servers))
    assert abs(erlang_b(traffic, servers) - b) <= 1e-9 * b
    assert abs(erlang_b([traffic], servers)[0] - b) <= 1e-9 * b


# --- the unstable queue ----------------------------------------------------------


@pytest.mark.parametrize("agents", [0, 5, 10])
def test_agents_at_or_below_traffic_mean_an_unstable_queue(agents: int) -> None:
    assert erlang_c(10.0, agents) == 1.0
    assert service_level(10.0, agents, handle_time=AHT, target_answer_time=ASA) == 0.0
    assert average_speed_of_answer(10.0, agents, handle_time=AHT) == math.inf


def test_occupancy_is_capped_at_one() -> None:
    assert occupancy(10.0, 8) == 1.0
    assert occupancy(10.0, 20) == 0.5


# --- properties ------------------------------------------------------------------

traffics = st.floats(min_value=0.01, max_value=300.0)


@given(traffic=traffics, agents=st.integers(0, 400))
def test_probabilities_are_probabilities(traffic: float, agents: int) -> None:
    assert 0.0 <= erlang_b(traffic, agents) <= 1.0
    assert 0.0 <= erlang_c(traffic, agents) <= 1.0
    assert 0.0 <= service_level(traffic, agents, handle_time=AHT, target_answer_time=ASA) <= 1.0
    assert erlang_c(traffic, agents) >= erlang_b(traffic, agents)


@given(traffic=traffics, agents=st.integers(0, 400))
def test_more_agents_never_hurt(traffic: float, agents: int) -> None:
    assert erlang_b(traffic, agents + 1) <= erlang_b(traffic, agents)
    assert erlang_c(traffic, agents + 1) <= erlang_c(traffic, agents)
    assert service_level(
        traffic, agents + 1, handle_time=AHT, target_answer_time=ASA
    ) >= service_level(traffic, agents, handle_time=AHT, target_answer_time=ASA)
    assert average_speed_of_answer(traffic, agents + 1, handle_time=AHT) <= average_speed_of_answer(
        traffic, agents, handle_time=AHT
    )


@given(traffic=traffics, extra=st.floats(min_value=0.001, max_value=50), agents=st.integers(1, 400))
def test_more_traffic_never_helps(traffic: float, extra: float, agents: int) -> None:
    more = traffic + extra
    assert erlang_b(more, agents) >= erlang_b(traffic, agents)
    assert erlang_c(more, agents) >= erlang_c(traffic, agents)
    assert service_level(more, agents, handle_time=AHT, target_answer_time=ASA) <= service_level(
        traffic, agents, handle_time=AHT, target_answer_time=ASA
    )


@given(
    traffic=st.floats(min_value=0.05, max_value=2000.0),
    target=st.floats(min_value=0.0, max_value=0.99),
    answer=st.floats(min_value=0.0, max_value=120.0),
    max_occ=st.none() | st.floats(min_value=0.3, max_value=1.0),
)
def test_required_agents_is_the_smallest_count_meeting_every_target(
    traffic: float, target: float, answer: float, max_occ: float | None
) -> None:
    four = timedelta(minutes=4)
    wait = timedelta(seconds=answer)
    r = required_agents(
        traffic,
        handle_time=four,
        target_service_level=target,
        target_answer_time=wait,
        max_occupancy=max_occ,
    )
    assert r.agents > traffic
    assert r.service_level >= target
    assert r.service_level == pytest.approx(
        service_level(traffic, r.agents, handle_time=four, target_answer_time=wait)
    )
    if max_occ is not None:
        assert r.occupancy <= max_occ
    fewer = r.agents - 1
    fails_sl = (
        fewer <= traffic
        or service_level(traffic, fewer, handle_time=four, target_answer_time=wait) < target
    )
    fails_occ = max_occ is not None and (fewer == 0 or traffic / fewer > max_occ)
    assert fails_sl or fails_occ


def test_arrays_give_the_scalar_answers_interval_by_interval() -> None:
    day = 5.0 + 40.0 * np.sin(np.linspace(0.1, math.pi - 0.1, 48)) ** 2  # 48 half-hours
    plan = required_agents(
        day,
        handle_time=timedelta(minutes=4),
        target_service_level=0.8,
        target_answer_time=ASA,
        shrinkage=0.35,
    )
    assert isinstance(plan, StaffingResult)
    assert plan.agents.shape == (48,)
    for i, a in enumerate(day):
        one = required_agents(
            float(a),
            handle_time=timedelta(seconds=240),
            target_service_level=0.8,
            target_answer_time=ASA,
            shrinkage=0.35,
        )
        assert plan.agents[i] == one.agents
        assert plan.scheduled_agents[i] == one.scheduled_agents
        assert plan.service_level[i] == pytest.approx(one.service_level, rel=1e-12)
        assert plan.wait_probability[i] == pytest.approx(one.wait_probability, rel=1e-12)
    b = erlang_b(day, 40)
    assert b == pytest.approx([erlang_b(float(a), 40) for a in day], rel=1e-12)
    c = erlang_c(day, plan.agents)
    assert c == pytest.approx(plan.wait_probability, rel=1e-12)


def test_shrinkage_rounding_is_not_fooled_by_floats() -> None:
    # 7 / (1 - 0.3) is 10.000000000000002 in floating point: 10 agents, not 11.
    r = required_agents(4.0, **CCH, shrinkage=0.3)
    assert r.agents == 7
    assert r.scheduled_agents == 10


def test_every_duration_unit_agrees() -> None:
    # numpy.timedelta64 carries its unit: 5 minutes is 300 seconds, never 5 seconds.
    common = {"target_service_level": 0.9}
    a = required_agents(
        25.0, handle_time=timedelta(minutes=5), target_answer_time=timedelta(seconds=15), **common
    )
    b = required_agents(
        25.0,
        handle_time=np.timedelta64(5, "m"),
        target_answer_time=np.timedelta64(15_000, "ms"),
        **common,
    )
    assert a == b
    # The example: 100 calls in 30 minutes at 180 s is 10 Erlangs, not 600.
    thirty = np.timedelta64(30, "m")
    assert traffic_intensity(100, period=thirty, handle_time=AHT) == 10.0


# --- bad input -------------------------------------------------------------------

BAD = [
    (lambda: erlang_b(-1.0, 5), "traffic"),
    (lambda: erlang_b(float("nan"), 5), "traffic"),
    (lambda: erlang_b(float("inf"), 5), "traffic"),
    (lambda: erlang_b([1.0, -1.0], 5), "traffic"),
    (lambda: erlang_b(2e7, 5), "traffic"),
    (lambda: erlang_b("ten", 5), "traffic"),
    (lambda: erlang_b(True, 5), "traffic"),
    (lambda: erlang_b(1.0, 2.5), "agents"),
    (lambda: erlang_b(1.0, -1), "agents"),
    (lambda: erlang_b(1.0, 10**8), "agents"),
    (lambda: erlang_b(1.0, 2**70), "agents"),
    (lambda: erlang_c(1.0, [3, -2]), "agents"),
    (lambda: erlang_c(1.0, [[3], [2, 1]]), "agents"),
    (
        lambda: service_level(1.0, 3, handle_time=timedelta(0), target_answer_time=ASA),
        "handle_time",
    ),
    (lambda: service_level(1.0, 3, handle_time=AHT, target_answer_time=-ASA), "target_answer_time"),
    (lambda: service_level(1.0, 3, handle_time="3 min", target_answer_time=ASA), "handle_time"),
    (lambda: service_level(1.0, 3, handle_time=180, target_answer_time=ASA), "handle_time"),
    (lambda: service_level(1.0, 3, AHT, ASA), "agents"),  # type: ignore[misc]
    (lambda: average_speed_of_answer(1.0, 3, handle_time=timedelta(0)), "handle_time"),
    (lambda: traffic_intensity(-5, period=HALF_HOUR, handle_time=AHT), "calls"),
    (lambda: traffic_intensity(5, period=timedelta(0), handle_time=AHT), "period"),
    (lambda: traffic_intensity(5, period=np.timedelta64("NaT", "us"), handle_time=AHT), "period"),
    (lambda: traffic_intensity(100, HALF_HOUR, AHT), "calls"),  # type: ignore[misc]
    (lambda: traffic_intensity(1e9, period=HALF_HOUR, handle_time=AHT), "calls"),
    (lambda: required_agents(-1.0, **CCH), "traffic"),
    (lambda: required_agents(10.0, **{**CCH, "target_service_level": 1.0}), "target_service_level"),
    (
        lambda: required_agents(10.0, **{**CCH, "target_service_level": -0.1}),
        "target_service_level",
    ),
    (lambda: required_agents(10.0, **CCH, shrinkage=1.0), "shrinkage"),
    (lambda: required_agents(10.0, **CCH, shrinkage=-0.1), "shrinkage"),
    (lambda: required_agents(10.0, **CCH, max_occupancy=0.0), "max_occupancy"),
    (lambda: required_agents(10.0, **CCH, min_agents=-1), "min_agents"),
    (lambda: required_agents(10.0, **{**CCH, "handle_time": -AHT}), "handle_time"),
    (lambda: erlang_b_capacity(0, blocking=0.01), "agents"),
    (lambda: erlang_b_capacity(10, blocking=1.0), "blocking"),
    (lambda: erlang_b_capacity(10, blocking=0.0), "blocking"),
]


@pytest.mark.parametrize(("call", "argument"), BAD)
def test_bad_input_names_the_argument(call: object, argument: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()  # type: ignore[operator]
    assert info.value.argument == argument
    assert str(info.value).startswith(f"{info.value.function}(): {argument}=")


# --- zero traffic: a quiet night interval -----------------------------------------


def test_zero_traffic_is_a_quiet_interval() -> None:
    assert erlang_b(0.0, 3) == 0.0
    assert erlang_c(0.0, 0) == 0.0
    assert erlang_c(0.0, 3) == 0.0
    assert service_level(0.0, 0, handle_time=AHT, target_answer_time=ASA) == 1.0
    assert average_speed_of_answer(0.0, 2, handle_time=AHT) == 0.0
    assert occupancy(0.0, 4) == 0.0
    quiet = required_agents(0.0, **CCH)
    assert (quiet.agents, quiet.wait_probability, quiet.service_level) == (0, 0.0, 1.0)


def test_a_day_with_quiet_nights_plans_every_interval() -> None:
    # 48 half-hours; the first and last eight carry no calls at all.
    day = np.concatenate([np.zeros(8), np.linspace(2.0, 30.0, 32), np.zeros(8)])
    plan = required_agents(day, **CCH, min_agents=1)
    assert plan.agents.shape == (48,)
    assert (plan.agents[:8] == 1).all()
    assert (plan.agents[-8:] == 1).all()
    assert plan.service_level.min() >= 0.80
    busy = required_agents(day[8:40], **CCH)
    assert (plan.agents[8:40] == np.maximum(busy.agents, 1)).all()


def test_min_agents_raises_the_count_and_reports_what_it_achieves() -> None:
    r = required_agents(10.0, **CCH, min_agents=20)
    assert r.agents == 20
    assert r.service_level == pytest.approx(
        service_level(10.0, 20, handle_time=AHT, target_answer_time=ASA)
    )
    assert r.wait_probability == pytest.approx(erlang_c(10.0, 20))


@settings(max_examples=60)
@given(
    traffic=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(min_value=-(2**80), max_value=2**80),
        st.booleans(),
        st.text(max_size=3),
        st.none(),
    ),
    agents=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(min_value=-(2**80), max_value=2**80),
        st.booleans(),
    ),
)
def test_garbage_gives_invalid_input_never_a_crash(traffic: object, agents: object) -> None:
    for call in (erlang_b, erlang_c, occupancy):
        try:
            out = call(traffic, agents)  # type: ignore[operator]
        except InvalidInputError:
            continue
        assert 0.0 <= out <= 1.0
