"""The statistics of calibration (calibration-design.md §2): pure functions, no database.

Paired binary data (the audit sample: a first and a blind second judgement) come as the four
cells of the 2 × 2 table, with "voldaan" the positive category:

                      second voldaan   second niet voldaan
    first voldaan           a                  b
    first niet voldaan      c                  d

Multi-rater data (a calibration session: every participant judges every exemplar) come as a
units × raters matrix, one row per exemplar, `None` where a judgement is missing.

Intervals (95%):
* raw agreement p_o: Wilson score interval on (a + d) of N;
* PA, NA, Cohen's κ and Gwet's AC1: percentile bootstrap over the pairs (multinomial
  resampling of the 2 × 2 table, a fixed seed so a page shows the same figure twice);
  the analytic variances of κ (Fleiss, Cohen & Everitt 1969) and of AC1 (Gwet 2008) assume
  large N, which an audit cell of 10–50 pairs is not;
* Krippendorff's α and Fleiss' κ: percentile bootstrap over the units (exemplars), so the
  interval is honest about how few exemplars a session has (Hayes & Krippendorff 2007 resample
  pairable values instead, which gives narrower intervals when units are few).
A statistic that is undefined (no variation at all, fewer than two pairable values) is None.
"""

import math
import random
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache

Z95 = 1.959963984540054
BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_SEED = 20261206

# Minimum cell sizes (§2.3, §3.8): an agreement figure needs 10 paired judgements and 3
# distinct assessors; a count that could single out a person needs at least 5.
MIN_PAIRS = 10
MIN_ASSESSORS = 3
MIN_COUNT = 5


# --- Paired binary ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Paired:
    """The 2 × 2 table of paired binary judgements; a = both voldaan, d = both niet voldaan."""

    a: int
    b: int
    c: int
    d: int

    @property
    def n(self) -> int:
        return self.a + self.b + self.c + self.d

    @property
    def either_negative(self) -> int:
        """Pairs in which at least one assessor judged niet voldaan."""
        return self.b + self.c + self.d


def _ratio(num: float, den: float) -> float | None:
    return None if den == 0 else num / den


def raw_agreement(t: Paired) -> float | None:
    """p_o = (a + d) / N."""
    return _ratio(t.a + t.d, t.n)


def positive_agreement(t: Paired) -> float | None:
    """PA = 2a / (2a + b + c)."""
    return _ratio(2 * t.a, 2 * t.a + t.b + t.c)


def negative_agreement(t: Paired) -> float | None:
    """NA = 2d / (2d + b + c): do the assessors agree on who is not yet ready?"""
    return _ratio(2 * t.d, 2 * t.d + t.b + t.c)


def _margins(t: Paired) -> tuple[float, float]:
    """The share of voldaan of the first and of the second assessor."""
    return (t.a + t.b) / t.n, (t.a + t.c) / t.n


def cohen_kappa(t: Paired) -> float | None:
    """κ = (p_o − p_e) / (1 − p_e), p_e from the two assessors' own margins."""
    if t.n == 0:
        return None
    p1, p2 = _margins(t)
    pe = p1 * p2 + (1 - p1) * (1 - p2)
    return _ratio(raw_agreement(t) - pe, 1 - pe)


def gwet_ac1(t: Paired) -> float | None:
    """AC1 = (p_o − p_e) / (1 − p_e) with p_e = 2π(1 − π), π the mean share of voldaan."""
    if t.n == 0:
        return None
    p1, p2 = _margins(t)
    pi = (p1 + p2) / 2
    pe = 2 * pi * (1 - pi)
    return _ratio(raw_agreement(t) - pe, 1 - pe)


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion."""
    if n == 0:
        return None
    p = successes / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return max(0.0, centre - half), min(1.0, centre + half)


def _percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile of sorted `values`."""
    pos = (len(values) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def _interval(samples: list[float | None]) -> tuple[float, float] | None:
    values = sorted(v for v in samples if v is not None)
    if len(values) < BOOTSTRAP_SAMPLES // 2:
        return None
    return _percentile(values, 0.025), _percentile(values, 0.975)


@lru_cache(maxsize=512)
def _paired_resamples(t: Paired) -> tuple[Paired, ...]:
    rng = random.Random(BOOTSTRAP_SEED)
    cells = (0, 1, 2, 3)
    weights = (t.a, t.b, t.c, t.d)
    out = []
    for _ in range(BOOTSTRAP_SAMPLES):
        counts = Counter(rng.choices(cells, weights=weights, k=t.n))
        out.append(Paired(counts[0], counts[1], counts[2], counts[3]))
    return tuple(out)


def paired_interval(t: Paired, statistic) -> tuple[float, float] | None:
    """Percentile bootstrap 95% interval of `statistic` (PA, NA, κ or AC1) over the pairs."""
    if t.n == 0:
        return None
    if statistic is raw_agreement:
        return wilson(t.a + t.d, t.n)
    return _interval([statistic(s) for s in _paired_resamples(t)])


# --- Multi-rater (units × raters) -------------------------------------------------------------

Matrix = Sequence[Sequence[Hashable | None]]


def _unit_values(matrix: Matrix) -> list[list]:
    return [[v for v in row if v is not None] for row in matrix]


def fleiss_kappa(matrix: Matrix) -> float | None:
    """Fleiss' κ over the units (rows); a unit with fewer than two judgements is left out. With
    the same number of raters per unit this is Fleiss (1971); with missing judgements each
    unit's agreement uses its own number of raters."""
    units = [u for u in _unit_values(matrix) if len(u) >= 2]
    if not units:
        return None
    totals: Counter = Counter()
    agreement = 0.0
    for u in units:
        counts = Counter(u)
        totals.update(counts)
        m = len(u)
        agreement += (sum(c * c for c in counts.values()) - m) / (m * (m - 1))
    p_bar = agreement / len(units)
    all_n = sum(totals.values())
    pe = sum((c / all_n) ** 2 for c in totals.values())
    return _ratio(p_bar - pe, 1 - pe)


def fleiss_kappa_from_counts(rows: Sequence[Sequence[int]]) -> float | None:
    """Fleiss' κ from a units × categories table of counts (the textbook layout)."""
    matrix = [[cat for cat, count in enumerate(row) for _ in range(count)] for row in rows]
    return fleiss_kappa(matrix)


def _coincidences(unit: list) -> Counter:
    """The unit's contribution to the coincidence matrix: each ordered pair of values from
    different raters, weighted 1 / (m − 1)."""
    m = len(unit)
    out: Counter = Counter()
    if m < 2:
        return out
    counts = Counter(unit)
    for c, nc in counts.items():
        for k, nk in counts.items():
            pairs = nc * (nk - 1) if c == k else nc * nk
            if pairs:
                out[(c, k)] += pairs / (m - 1)
    return out


def _alpha_from_coincidences(o: Counter, level: str, order: Sequence | None) -> float | None:
    n_c: Counter = Counter()
    for (c, _k), v in o.items():
        n_c[c] += v
    n = sum(n_c.values())
    if n <= 1 or len(n_c) < 2:
        return None
    if level == "nominal":

        def delta(c, k):
            return 0.0 if c == k else 1.0
    elif level == "ordinal":
        domain = list(order) if order is not None else sorted(n_c)
        rank = {v: i for i, v in enumerate(domain)}
        counts = [n_c.get(v, 0.0) for v in domain]
        cumulative = [0.0]
        for x in counts:
            cumulative.append(cumulative[-1] + x)

        def delta(c, k):
            i, j = sorted((rank[c], rank[k]))
            inner = cumulative[j + 1] - cumulative[i] - (counts[i] + counts[j]) / 2
            return inner * inner
    else:
        raise ValueError(level)
    observed = sum(v * delta(c, k) for (c, k), v in o.items())
    expected = sum(n_c[c] * n_c[k] * delta(c, k) for c in n_c for k in n_c)
    if expected == 0:
        return None
    return 1 - (n - 1) * observed / expected


def krippendorff_alpha(
    matrix: Matrix, *, level: str = "nominal", order: Sequence | None = None
) -> float | None:
    """Krippendorff's α (nominal or ordinal) of a units × raters matrix with `None` for a
    missing judgement. `order` gives the ordinal categories in order (default: sorted)."""
    total: Counter = Counter()
    for unit in _unit_values(matrix):
        total.update(_coincidences(unit))
    return _alpha_from_coincidences(total, level, order)


def _unit_resamples(count: int) -> list[list[int]]:
    rng = random.Random(BOOTSTRAP_SEED)
    return [[rng.randrange(count) for _ in range(count)] for _ in range(BOOTSTRAP_SAMPLES)]


def alpha_interval(
    matrix: Matrix, *, level: str = "nominal", order: Sequence | None = None
) -> tuple[float, float] | None:
    """Percentile bootstrap 95% interval of α, resampling the units."""
    per_unit = [_coincidences(u) for u in _unit_values(matrix)]
    per_unit = [o for o in per_unit if o]
    if len(per_unit) < 2:
        return None
    samples = []
    for picks in _unit_resamples(len(per_unit)):
        total: Counter = Counter()
        for i in picks:
            total.update(per_unit[i])
        samples.append(_alpha_from_coincidences(total, level, order))
    return _interval(samples)


def fleiss_interval(matrix: Matrix) -> tuple[float, float] | None:
    """Percentile bootstrap 95% interval of Fleiss' κ, resampling the units."""
    units = [u for u in _unit_values(matrix) if len(u) >= 2]
    if len(units) < 2:
        return None
    return _interval([fleiss_kappa([units[i] for i in p]) for p in _unit_resamples(len(units))])


# --- Figures and suppression ------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One figure as a page or export shows it: the value with n, the number of distinct
    assessors and the 95% interval, or `suppressed` ("te weinig gegevens")."""

    value: float | None
    n: int
    assessors: int | None = None
    low: float | None = None
    high: float | None = None
    suppressed: bool = False

    @property
    def shown(self) -> bool:
        """Shown only with its interval (criterion 12: every figure with n and a 95%
        interval); a value whose interval cannot be determined reads "niet te bepalen"."""
        return not self.suppressed and self.value is not None and self.interval is not None

    @property
    def interval(self) -> tuple[float, float] | None:
        return None if self.low is None or self.high is None else (self.low, self.high)


def too_little(n: int, assessors: int | None) -> bool:
    """Fewer than 10 paired judgements or fewer than 3 distinct assessors (§2.3)."""
    return n < MIN_PAIRS or (assessors is not None and assessors < MIN_ASSESSORS)


def figure(
    value: float | None,
    *,
    n: int,
    assessors: int | None,
    interval: tuple[float, float] | None,
) -> Figure:
    """An agreement or rate figure, suppressed below the minimum cell size."""
    if too_little(n, assessors):
        return Figure(None, n, assessors, suppressed=True)
    low, high = interval if interval else (None, None)
    return Figure(value, n, assessors, low, high)


def count_suppressed(count: int) -> bool:
    """A count of 1–4 could single out a person (NSE practice: fewer than 5 removed)."""
    return 0 < count < MIN_COUNT


def paired_figures(t: Paired, *, assessors: int) -> dict[str, Figure]:
    """p_o, PA, NA, κ and AC1 of a 2 × 2 table, always together, each with n and interval."""
    out = {}
    for name, stat in (
        ("p_o", raw_agreement),
        ("pa", positive_agreement),
        ("na", negative_agreement),
        ("kappa", cohen_kappa),
        ("ac1", gwet_ac1),
    ):
        if too_little(t.n, assessors):
            out[name] = Figure(None, t.n, assessors, suppressed=True)
        else:
            out[name] = figure(
                stat(t), n=t.n, assessors=assessors, interval=paired_interval(t, stat)
            )
    return out


# --- Multi-rater agreement in plain numbers ---------------------------------------------------


def pairwise_agreement(matrix: Matrix) -> float | None:
    """Raw agreement of a crossed design: the share of agreeing pairs of judgements of the
    same unit (each unordered pair of raters once)."""
    agree = pairs = 0
    for u in _unit_values(matrix):
        m = len(u)
        pairs += m * (m - 1) // 2
        agree += sum(c * (c - 1) // 2 for c in Counter(u).values())
    return _ratio(agree, pairs)


def specific_agreement(matrix: Matrix, category) -> float | None:
    """Specific agreement on one category over all raters (Uebersax): of the judgements in
    `category`, the share whose pair partners agree. For two raters and "niet voldaan" this is
    NA = 2d / (2d + b + c)."""
    num = den = 0
    for u in _unit_values(matrix):
        m = len(u)
        if m < 2:
            continue
        k = Counter(u)[category]
        num += k * (k - 1)
        den += k * (m - 1)
    return _ratio(num, den)


def unit_interval(matrix: Matrix, statistic) -> tuple[float, float] | None:
    """Percentile bootstrap 95% interval of any statistic of a units × raters matrix,
    resampling the units."""
    units = [u for u in _unit_values(matrix) if len(u) >= 2]
    if len(units) < 2:
        return None
    return _interval([statistic([units[i] for i in p]) for p in _unit_resamples(len(units))])


# --- A session's binary figures in one pass ---------------------------------------------------


@lru_cache(maxsize=64)
def _unit_resamples_cached(count: int) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(p) for p in _unit_resamples(count))


def _binary_parts(m: int, k: int) -> tuple[float, ...]:
    """A unit with m judgements of which k negative: its coincidences (nn, pp, np), agreeing
    and all rater pairs, and the NA numerator and denominator."""
    p = m - k
    return (
        k * (k - 1) / (m - 1),
        p * (p - 1) / (m - 1),
        k * p / (m - 1),
        (k * (k - 1) + p * (p - 1)) / 2,
        m * (m - 1) / 2,
        k * (k - 1),
        k * (m - 1),
    )


def _binary_stats(t: Sequence[float]) -> tuple[float | None, float | None, float | None]:
    nn, pp, np_, agree, pairs, na_num, na_den = t
    n_neg, n_pos = nn + np_, pp + np_
    n = n_neg + n_pos
    alpha = None if n_neg * n_pos == 0 else 1 - (n - 1) * np_ / (n_neg * n_pos)
    return alpha, _ratio(agree, pairs), _ratio(na_num, na_den)


def binary_session_statistics(matrix: Matrix, negative) -> dict[str, tuple]:
    """Krippendorff's α (nominal), pairwise raw agreement and NA of a units × raters matrix of
    two categories, each as (value, interval), the intervals from one unit bootstrap. Equal to
    `krippendorff_alpha`, `pairwise_agreement` and `specific_agreement`, computed from each
    unit's two counts so that fifty sessions cost milliseconds, not seconds."""
    units = [u for u in _unit_values(matrix) if len(u) >= 2]
    parts = [_binary_parts(len(u), sum(v == negative for v in u)) for u in units]
    total = [sum(col) for col in zip(*parts, strict=True)] if parts else [0.0] * 7
    values = _binary_stats(total)
    intervals: list = [None, None, None]
    if len(parts) >= 2:
        resampled = [
            _binary_stats(list(map(sum, zip(*[parts[i] for i in picks], strict=True))))
            for picks in _unit_resamples_cached(len(parts))
        ]
        intervals = [_interval([r[i] for r in resampled]) for i in range(3)]
    return {name: (values[i], intervals[i]) for i, name in enumerate(("alpha", "p_o", "na"))}
