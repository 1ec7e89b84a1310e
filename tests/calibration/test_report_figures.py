"""The borgingsrapportage's figures come from apps/calibration/stats.py: the audit's κ beside
AC1 and PA beside NA (criterion 14), each with n and a 95% interval (criterion 12), and α before
and after the discussion per exemplar set (§3.9, section 3)."""

import pytest

from apps.calibration.reports.selectors import audit_figures, session_figures

V, NV = "voldaan", "niet_voldaan"


def test_audit_figures_reproduce_the_driehoek_like_cohort():
    """§2.4: "100 pairs, both voldaan 92, both niet voldaan 2, disagreement 3 + 3. p_o = 0.94,
    κ = 0.37, AC1 = 0.93, PA = 0.97, NA = 0.40"."""
    pairs = [(V, V)] * 92 + [(V, NV)] * 3 + [(NV, V)] * 3 + [(NV, NV)] * 2
    tile = audit_figures(pairs, assessors=12, school_year="2026-2027")
    figures = tile["figures"]
    assert round(figures["p_o"].value, 3) == 0.940 and round(figures["na"].value, 3) == 0.400
    assert round(figures["kappa"].value, 3) == 0.368 and round(figures["ac1"].value, 3) == 0.934
    assert all(f.n == 100 and f.interval for f in figures.values())
    assert "Van de 8 studenten" in tile["sentence"] and "bij 2" in tile["sentence"]


def test_audit_figures_below_the_minimum_are_all_suppressed_together():
    tile = audit_figures([(V, V)] * 9, assessors=5, school_year="2026-2027")
    assert all(f.suppressed for f in tile["figures"].values()) and tile["sentence"] == ""


@pytest.mark.parametrize("assessors", [2, 4])
def test_session_alpha_per_set_before_and_after_needs_three_assessors(assessors):
    rows = [
        (participant, exemplar, phase, V if (exemplar + participant) % 3 else NV)
        for participant in range(assessors)
        for exemplar in range(4)
        for phase in ("voor", "na")
    ]
    figures = session_figures({frozenset(range(4)): rows})[frozenset(range(4))]
    assert figures["voor"].n == 4 * assessors
    assert figures["voor"].suppressed == (assessors < 3)
    assert figures["na"].suppressed == (assessors < 3)
