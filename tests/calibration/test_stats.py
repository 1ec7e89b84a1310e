"""The statistics of calibration against the design's test vectors (§2.4) and against the
`krippendorff` package as reference implementation (criterion 11)."""

import math

import krippendorff
import pytest

from apps.calibration import stats
from apps.calibration.stats import Paired


def r3(x):
    return round(x, 3)


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (Paired(130, 56, 9, 5), dict(p_o=0.675, kappa=0.022, ac1=0.533, pa=0.800, na=0.133)),
        (Paired(92, 3, 3, 2), dict(p_o=0.940, kappa=0.368, ac1=0.934, pa=0.968, na=0.400)),
    ],
)
def test_paired_statistics_reproduce_the_design_vectors(table, expected):
    """Criterion 11: "a = 130, b = 56, c = 9, d = 5: p_o 0.675, κ 0.022, AC1 0.533, PA 0.800,
    NA 0.133; 92/3/3/2: p_o 0.940, κ 0.368, AC1 0.934, PA 0.968, NA 0.400"."""
    assert r3(stats.raw_agreement(table)) == expected["p_o"]
    assert r3(stats.cohen_kappa(table)) == expected["kappa"]
    assert r3(stats.gwet_ac1(table)) == expected["ac1"]
    assert r3(stats.positive_agreement(table)) == expected["pa"]
    assert r3(stats.negative_agreement(table)) == expected["na"]


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [(2, 2, 0.342, 1.000), (9, 10, 0.596, 0.982), (18, 20, 0.699, 0.972), (45, 50, 0.786, 0.957)],
)
def test_wilson_interval_reproduces_the_design_vectors(k, n, low, high):
    """Criterion 11: "Wilson 2/2: 0.342–1.000"."""
    lo, hi = stats.wilson(k, n)
    assert (r3(lo), r3(hi)) == (low, high)


def test_paired_intervals_contain_the_figure_and_repeat_exactly():
    t = Paired(92, 3, 3, 2)
    for stat in (stats.cohen_kappa, stats.gwet_ac1, stats.positive_agreement):
        lo, hi = stats.paired_interval(t, stat)
        assert lo <= stat(t) <= hi
    assert stats.paired_interval(t, stats.negative_agreement) == stats.paired_interval(
        t, stats.negative_agreement
    )


def test_fleiss_kappa_matches_the_hand_computed_textbook_example():
    """Fleiss (1971) layout, the worked example of 10 subjects × 14 raters × 5 categories:
    P̄ = 0.378, P̄e = 0.213, κ = 0.210 (computed by hand)."""
    counts = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    assert r3(stats.fleiss_kappa_from_counts(counts)) == 0.210


def test_fleiss_kappa_of_two_raters_equals_scotts_pi():
    """With two raters and no missing values, Fleiss' κ is Scott's π; for 92/3/3/2 π equals
    (p_o − p_e) / (1 − p_e) with the pooled margins: 0.368 (computed by hand)."""
    matrix = [["v", "v"]] * 92 + [["v", "n"]] * 3 + [["n", "v"]] * 3 + [["n", "n"]] * 2
    assert r3(stats.fleiss_kappa(matrix)) == 0.368


V, N = "voldaan", "niet_voldaan"
DATASETS = {
    # Krippendorff's own example (Content Analysis, 2004): 4 coders × 12 units, with gaps.
    "krippendorff_missing": [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ],
    "session_binary": [
        [V, V, N, V, N, V, V, N],
        [V, V, N, V, V, V, V, N],
        [V, N, N, V, N, V, V, N],
        [V, V, N, N, N, V, V, V],
        [V, V, V, V, N, V, V, N],
    ],
    "session_binary_missing": [
        [V, V, N, None, N, V, V, N],
        [V, None, N, V, V, V, None, N],
        [V, N, N, V, N, V, V, None],
    ],
    "three_point_scale": [
        [1, 2, 3, 3, 1, 2, 2, 3, 1, 1],
        [1, 2, 3, 2, 1, 2, 3, 3, 1, 2],
        [2, 2, 3, 3, 1, 1, 2, 3, 1, 1],
    ],
    "four_levels_many_raters": [
        [(u * 7 + r * 3) % 4 if (u + r) % 5 else (u % 4) for u in range(15)] for r in range(6)
    ],
    "skewed_mostly_voldaan": [
        [V] * 18 + [N, V],
        [V] * 18 + [N, N],
        [V] * 17 + [N, V, V],
    ],
}


def _units(reliability):
    """The package takes raters × units; stats takes units × raters."""
    return [list(col) for col in zip(*reliability, strict=True)]


def _numeric(reliability):
    codes = {V: 1, N: 0}
    return [[math.nan if v is None else codes.get(v, v) for v in row] for row in reliability]


@pytest.mark.parametrize("name", sorted(DATASETS))
@pytest.mark.parametrize(
    ("level", "package_level"), [("nominal", "nominal"), ("ordinal", "ordinal")]
)
def test_alpha_matches_the_krippendorff_package(name, level, package_level):
    """Criterion 11: "Fleiss' κ and Krippendorff's α (nominal and ordinal) match a reference
    implementation (R irr, or the Python krippendorff package) to 3 decimals on at least 5
    datasets, including one with missing judgements"."""
    reliability = DATASETS[name]
    numeric = _numeric(reliability)
    expected = krippendorff.alpha(reliability_data=numeric, level_of_measurement=package_level)
    ours = stats.krippendorff_alpha(_units(numeric_to_none(numeric)), level=level)
    assert r3(ours) == r3(expected)


def numeric_to_none(rows):
    return [[None if isinstance(v, float) and math.isnan(v) else v for v in row] for row in rows]


@pytest.mark.parametrize("name", ["session_binary", "three_point_scale", "skewed_mostly_voldaan"])
def test_fleiss_kappa_matches_alpha_in_the_large_sample_limit(name):
    """Without missing values α = 1 − (1 − κ_Fleiss)·(nN − 1)/(nN) ... both computed from the
    same coincidences; the reference package gives α, the identity gives Fleiss' κ:
    κ = 1 − (1 − α) · nN / (nN − 1) with nN the number of pairable values."""
    reliability = DATASETS[name]
    alpha = krippendorff.alpha(
        reliability_data=_numeric(reliability), level_of_measurement="nominal"
    )
    values = sum(len(row) for row in reliability)
    expected = 1 - (1 - alpha) * values / (values - 1)
    assert r3(stats.fleiss_kappa(_units(reliability))) == r3(expected)


def test_alpha_interval_is_reproducible_and_contains_alpha():
    units = _units(DATASETS["session_binary"])
    lo, hi = stats.alpha_interval(units)
    assert lo <= stats.krippendorff_alpha(units) <= hi
    assert stats.alpha_interval(units) == (lo, hi)
    assert stats.fleiss_interval(units) is not None


def test_alpha_is_undefined_without_variation():
    assert stats.krippendorff_alpha([[V, V], [V, V]]) is None


def test_a_figure_from_too_few_pairs_or_assessors_is_suppressed():
    """Criterion 13: "Cells with fewer than 10 paired judgements or fewer than 3 distinct
    assessors show 'te weinig gegevens'"."""
    assert stats.figure(0.9, n=9, assessors=5, interval=(0.5, 1)).suppressed
    assert stats.figure(0.9, n=40, assessors=2, interval=(0.5, 1)).suppressed
    shown = stats.figure(0.9, n=10, assessors=3, interval=(0.5, 1))
    assert shown.shown and shown.interval == (0.5, 1)
    assert all(f.suppressed for f in stats.paired_figures(Paired(8, 1, 0, 0), assessors=9).values())


def test_counts_below_five_are_suppressed():
    """Criterion 13: "Counts below 5 that could single out a person are suppressed"."""
    assert [stats.count_suppressed(n) for n in (0, 1, 4, 5)] == [False, True, True, False]


def test_paired_figures_come_as_the_five_together_with_n_and_interval():
    """Criterion 14: κ always beside AC1, PA beside NA; criterion 12: each with n and interval."""
    figures = stats.paired_figures(Paired(92, 3, 3, 2), assessors=12)
    assert set(figures) == {"p_o", "pa", "na", "kappa", "ac1"}
    assert all(f.n == 100 and f.interval for f in figures.values())


def test_specific_agreement_of_two_raters_is_na_and_pa():
    matrix = [[V, V]] * 92 + [[V, N]] * 3 + [[N, V]] * 3 + [[N, N]] * 2
    assert r3(stats.specific_agreement(matrix, N)) == 0.400
    assert r3(stats.specific_agreement(matrix, V)) == 0.968
    assert r3(stats.pairwise_agreement(matrix)) == 0.940
    lo, hi = stats.unit_interval(matrix, stats.pairwise_agreement)
    assert lo <= 0.94 <= hi


@pytest.mark.parametrize(
    "name", ["session_binary", "session_binary_missing", "skewed_mostly_voldaan"]
)
def test_the_one_pass_session_statistics_equal_the_general_ones(name):
    units = _units(DATASETS[name])
    fast = stats.binary_session_statistics(units, N)
    assert fast["alpha"][0] == pytest.approx(stats.krippendorff_alpha(units))
    assert fast["p_o"][0] == pytest.approx(stats.pairwise_agreement(units))
    assert fast["na"][0] == pytest.approx(stats.specific_agreement(units, N))
    assert fast["alpha"][1] == pytest.approx(stats.alpha_interval(units))
    assert fast["na"][1] == pytest.approx(
        stats.unit_interval(units, lambda m: stats.specific_agreement(m, N))
    )


def test_a_value_whose_interval_cannot_be_determined_is_not_shown():
    """Criterion 12: no figure without n and a 95% interval; it reads "niet te bepalen"."""
    undetermined = stats.figure(0.8, n=12, assessors=4, interval=None)
    assert not undetermined.shown and not undetermined.suppressed
    assert stats.figure(0.8, n=12, assessors=4, interval=(0.5, 0.9)).shown
