"""The Kano model: categories of needs from paired functional/dysfunctional answers."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from enum import Enum

import numpy as np

from servicekit._params import Numbers, Optional, Summary, validate_params
from servicekit._results import Result, result
from servicekit.errors import InvalidInputError

__all__ = [
    "KanoAnswer",
    "KanoCategory",
    "KanoResult",
    "KanoScores",
    "kano",
    "kano_category",
    "kano_from_counts",
    "kano_scores",
]


class KanoAnswer(str, Enum):
    """An answer to a Kano question ("How do you feel if ... is (not) there?").

    Examples
    --------
    >>> KanoAnswer("must_be")
    <KanoAnswer.MUST_BE: 'must_be'>
    """

    LIKE = "like"
    MUST_BE = "must_be"
    NEUTRAL = "neutral"
    LIVE_WITH = "live_with"
    DISLIKE = "dislike"

    def __str__(self) -> str:
        return str(self.value)


class KanoCategory(str, Enum):
    """Kano categories of a feature.

    A attractive, O one-dimensional, M must-be, I indifferent, R reverse,
    Q questionable.

    Examples
    --------
    >>> KanoCategory.M.value, KanoCategory("A").name
    ('M', 'A')
    """

    A = "A"
    O = "O"  # noqa: E741 - the letter is the category's name
    M = "M"
    I = "I"  # noqa: E741
    R = "R"
    Q = "Q"

    def __str__(self) -> str:
        return str(self.value)


_ORDER = list(KanoAnswer)
_ROWS = {  # functional answer -> categories by dysfunctional answer, in _ORDER
    KanoAnswer.LIKE: "QAAAO",
    KanoAnswer.MUST_BE: "RIIIM",
    KanoAnswer.NEUTRAL: "RIIIM",
    KanoAnswer.LIVE_WITH: "RIIIM",
    KanoAnswer.DISLIKE: "RRRRQ",
}
_TABLE = {(f, d): KanoCategory(_ROWS[f][j]) for f in _ORDER for j, d in enumerate(_ORDER)}
# Tie-break when the top categories are within 5 percentage points: M > O > A > I.
_PRIORITY = [KanoCategory.M, KanoCategory.O, KanoCategory.A, KanoCategory.I]
_PRIORITY += [KanoCategory.R, KanoCategory.Q]
_TIE_POINTS = 5.0


def _answer(name: str, value: object) -> KanoAnswer:
    try:
        return KanoAnswer(value)
    except ValueError:
        raise InvalidInputError(name, value, f"one of {[a.value for a in KanoAnswer]}") from None


@validate_params()
def kano_category(functional: KanoAnswer | str, dysfunctional: KanoAnswer | str) -> KanoCategory:
    """The Kano category of one pair of answers, by the standard evaluation table.

    Parameters
    ----------
    functional : KanoAnswer or str
        The answer when the feature is there.
    dysfunctional : KanoAnswer or str
        The answer when it is not.

    Returns
    -------
    KanoCategory

    Notes
    -----
    ===============  ====  =======  =======  =========  =======
    functional       like  must_be  neutral  live_with  dislike
    ===============  ====  =======  =======  =========  =======
    like             Q     A        A        A          O
    must_be          R     I        I        I          M
    neutral          R     I        I        I          M
    live_with        R     I        I        I          M
    dislike          R     R        R        R          Q
    ===============  ====  =======  =======  =========  =======

    Rows are the functional answer, columns the dysfunctional one.

    References
    ----------
    Berger, C. et al. (1993). Kano's methods for understanding
    customer-defined quality. *Center for Quality of Management Journal*
    2(4), 3-36.

    Examples
    --------
    >>> kano_category("like", "dislike")
    <KanoCategory.O: 'O'>
    >>> kano_category(KanoAnswer.NEUTRAL, KanoAnswer.DISLIKE)
    <KanoCategory.M: 'M'>
    """
    return _TABLE[_answer("functional", functional), _answer("dysfunctional", dysfunctional)]


@result
class KanoResult(Result):
    """The Kano classification of one feature across respondents.

    Attributes
    ----------
    counts : dict
        Answers per category, every category present (zero when none).
    n : int
        All answers, R and Q included.
    category : KanoCategory
        The most frequent category; when several are within 5 percentage
        points of the most frequent, the first of M, O, A, I (then R, Q).
    better : float
        :math:`(A + O) / (A + O + M + I)`, from 0 to 1: how much having the
        feature raises satisfaction.
    worse : float
        :math:`-(O + M) / (A + O + M + I)`, from -1 to 0: how much missing it
        lowers satisfaction.
    significant : bool
        Whether the two most frequent categories differ significantly by
        Fong's test.

    Examples
    --------
    >>> r = kano_from_counts({"A": 5, "O": 10, "M": 30, "I": 5})
    >>> r.category, r.better, r.worse
    (<KanoCategory.M: 'M'>, 0.3, -0.8)
    """

    counts: dict[KanoCategory, int]
    n: int
    category: KanoCategory
    better: float
    worse: float
    significant: bool


@validate_params()
def kano_from_counts(counts: Mapping[KanoCategory, int] | Mapping[str, int]) -> KanoResult:
    r"""Classify a feature from its answer counts per Kano category.

    Parameters
    ----------
    counts : mapping of KanoCategory or str to int
        Answers per category (``"A"``, ``"O"``, ``"M"``, ``"I"``, ``"R"``,
        ``"Q"``); missing categories count zero.

    Returns
    -------
    KanoResult

    Notes
    -----
    Better and worse (satisfaction and dissatisfaction coefficients) follow
    Berger et al. (1993). Fong's test calls the two most frequent counts
    :math:`a \ge b` significantly different when
    :math:`a - b \ge 1.65 \sqrt{(a + b)(2n - a - b) / (2n)}`, with :math:`n`
    all answers (R and Q included).

    References
    ----------
    Berger, C. et al. (1993), *Center for Quality of Management Journal*
    2(4), 3-36. Fong, D. (1996). Using the self-stated importance
    questionnaire to interpret Kano questionnaire results. *Center for
    Quality of Management Journal* 5(3), 21-23.

    Examples
    --------
    >>> kano_from_counts({"A": 20, "O": 18, "M": 2, "I": 10}).category
    <KanoCategory.O: 'O'>
    """
    if not isinstance(counts, Mapping):
        raise InvalidInputError("counts", counts, "a mapping of Kano category to count")
    full = dict.fromkeys(KanoCategory, 0)
    for key, value in counts.items():
        try:
            category = KanoCategory(key)
        except ValueError:
            raise InvalidInputError(
                "counts", key, f"Kano categories {[c.value for c in KanoCategory]}"
            ) from None
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
            raise InvalidInputError(f"counts[{category.value!r}]", value, "a whole number >= 0")
        full[category] += int(value)
    n = sum(full.values())
    a, o, m, i = (full[KanoCategory(c)] for c in "AOMI")
    classified = a + o + m + i
    if classified == 0:
        raise InvalidInputError(
            "counts", counts, "at least one answer in A, O, M or I (better and worse divide by it)"
        )
    top = max(full.values())
    near = [c for c in _PRIORITY if 100.0 * (top - full[c]) / n <= _TIE_POINTS]
    ranked = sorted(full.values(), reverse=True)
    first, second = ranked[0], ranked[1]
    threshold = 1.65 * math.sqrt((first + second) * (2 * n - first - second) / (2 * n))
    return KanoResult(
        counts=full,
        n=n,
        category=near[0],
        better=(a + o) / classified,
        worse=-(o + m) / classified,
        significant=bool(first - second >= threshold),
    )


@validate_params()
def kano(pairs: Iterable[tuple[KanoAnswer | str, KanoAnswer | str]]) -> KanoResult:
    """Classify a feature from (functional, dysfunctional) answer pairs.

    Parameters
    ----------
    pairs : iterable of (answer, answer)
        One pair per respondent; answers as :class:`KanoAnswer` or their
        string values.

    Returns
    -------
    KanoResult

    Examples
    --------
    >>> r = kano([("like", "dislike"), ("like", "dislike"), ("neutral", "dislike"),
    ...           ("like", "neutral")])
    >>> r.category, r.counts[KanoCategory.O], r.n
    (<KanoCategory.O: 'O'>, 2, 4)
    """
    if isinstance(pairs, str | bytes | Mapping):
        raise InvalidInputError("pairs", pairs, "an iterable of (functional, dysfunctional) pairs")
    counts: dict[KanoCategory, int] = dict.fromkeys(KanoCategory, 0)
    for pair in pairs:
        if isinstance(pair, str) or not isinstance(pair, tuple | list) or len(pair) != 2:
            raise InvalidInputError("pairs", pair, "(functional, dysfunctional) pairs")
        counts[kano_category(pair[0], pair[1])] += 1
    if sum(counts.values()) == 0:
        raise InvalidInputError("pairs", Summary("<no pairs>"), "at least one answer pair")
    return kano_from_counts(counts)


FUNCTIONAL_SCORES = {
    KanoAnswer.LIKE: 4.0,
    KanoAnswer.MUST_BE: 2.0,
    KanoAnswer.NEUTRAL: 0.0,
    KanoAnswer.LIVE_WITH: -1.0,
    KanoAnswer.DISLIKE: -2.0,
}
DYSFUNCTIONAL_SCORES = {
    KanoAnswer.LIKE: -2.0,
    KanoAnswer.MUST_BE: -1.0,
    KanoAnswer.NEUTRAL: 0.0,
    KanoAnswer.LIVE_WITH: 2.0,
    KanoAnswer.DISLIKE: 4.0,
}


@result
class KanoScores(Result):
    """Continuous Kano scores of one feature.

    Attributes
    ----------
    functional : float
        Mean functional score, -2 to 4 (satisfaction when present).
    dysfunctional : float
        Mean dysfunctional score, -2 to 4 (dissatisfaction when absent).
    functional_sd, dysfunctional_sd : float
        Their sample standard deviations (NaN for one answer).
    importance : float or None
        Mean self-stated importance, when given.
    n : int
        Number of respondents.

    Examples
    --------
    >>> kano_scores(["like", "like"], ["dislike", "live_with"]).dysfunctional
    3.0
    """

    functional: float
    dysfunctional: float
    functional_sd: float
    dysfunctional_sd: float
    importance: float | None
    n: int


@validate_params(importance=Optional(Numbers(missing=False)))
def kano_scores(
    functional: Iterable[KanoAnswer | str],
    dysfunctional: Iterable[KanoAnswer | str],
    *,
    importance: object = None,
) -> KanoScores:
    """Continuous Kano analysis: mean functional and dysfunctional scores.

    Parameters
    ----------
    functional, dysfunctional : iterable of answers
        Each respondent's two answers, in the same order.
    importance : array-like of float, optional
        Each respondent's self-stated importance of the feature.

    Returns
    -------
    KanoScores

    Notes
    -----
    Answers are scored on the asymmetric scale of Berger et al. (1993):
    functional like 4, must_be 2, neutral 0, live_with -1, dislike -2;
    dysfunctional like -2, must_be -1, neutral 0, live_with 2, dislike 4.
    Plotted as (dysfunctional, functional), features fall in the quadrants of
    the categories: high on both one-dimensional, high functional only
    attractive, high dysfunctional only must-be, low on both indifferent.

    References
    ----------
    Berger, C. et al. (1993), *Center for Quality of Management Journal*
    2(4), 3-36 (the continuous analysis).

    Examples
    --------
    >>> s = kano_scores(["like", "must_be", "like"], ["dislike", "dislike", "neutral"])
    >>> round(s.functional, 3), round(s.dysfunctional, 3), s.n
    (3.333, 2.667, 3)
    """
    if isinstance(functional, str) or isinstance(dysfunctional, str):
        which = "functional" if isinstance(functional, str) else "dysfunctional"
        raise InvalidInputError(which, locals()[which], "an iterable of Kano answers")
    f = [FUNCTIONAL_SCORES[_answer("functional", a)] for a in functional]
    d = [DYSFUNCTIONAL_SCORES[_answer("dysfunctional", a)] for a in dysfunctional]
    if len(f) != len(d):
        raise InvalidInputError(
            "dysfunctional", Summary(f"<{len(d)} answers>"), f"{len(f)} answers, one per functional"
        )
    if not f:
        raise InvalidInputError("functional", Summary("<no answers>"), "at least one answer")
    fa, da = np.asarray(f), np.asarray(d)
    imp: float | None = None
    if importance is not None:
        w = np.asarray(importance, dtype=np.float64)
        if w.size != fa.size or not np.isfinite(w).all():
            raise InvalidInputError(
                "importance",
                Summary(f"<{w.size} values>"),
                f"{fa.size} finite values, one per respondent",
            )
        imp = float(w.mean())
    f_sd = float(fa.std(ddof=1)) if fa.size > 1 else math.nan
    d_sd = float(da.std(ddof=1)) if da.size > 1 else math.nan
    return KanoScores(float(fa.mean()), float(da.mean()), f_sd, d_sd, imp, int(fa.size))
