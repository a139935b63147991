"""Kano and SERVQUAL: one valid call each."""

from __future__ import annotations

from servicekit.metrics import kano, kano_category, kano_from_counts, kano_scores, servqual
from tests.registry import Case

CASES = [
    Case(kano_category, ("like", "dislike")),
    Case(kano_from_counts, ({"A": 5, "O": 10, "M": 30, "I": 5},)),
    Case(kano, ([("like", "dislike"), ("like", "neutral"), ("neutral", "dislike")],)),
    Case(
        kano_scores,
        (["like", "like", "neutral"], ["dislike", "live_with", "dislike"]),
        {"importance": [3.0, 4.0, 5.0]},
    ),
    Case(servqual, ([6.0] * 22, [5.0] * 11 + [6.5] * 11)),
]
