"""The disagreement map, the kalibratie-agenda, the consistency signals and the agreement
dashboard: aggregates only, suppressed below the minimum cell size, the same in the CSV."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Role
from apps.calibration.insight import selectors
from apps.calibration.insight.selectors import Filters, YearUse, names_an_indicator, trend_markers
from apps.calibration.models import Participant
from apps.cycle.models import DoubtCategory
from apps.outcomes.models import Indicator, KijkkaderDimension
from apps.placements.models import School, SchoolAssignment, SchoolRole
from tests.calibration.insight_world import (
    SENT_AT,
    N,
    V,
    audit_items,
    doubt,
    judged,
    session_with,
    wpbs,
)
from tests.factories import (
    ExemplarFactory,
    LearningOutcomeFactory,
    ProgrammeFactory,
    SchoolFactory,
    UserFactory,
)
from tests.querycount import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def outcome():
    o = LearningOutcomeFactory(code="1.1", title="Pedagogisch handelen", asks_confidence=True)
    dim = KijkkaderDimension.objects.create(outcome=o, position=1, name="Klassenklimaat")
    Indicator.objects.create(dimension=dim, position=1, text="Creëert een veilig klassenklimaat")
    Indicator.objects.create(dimension=dim, position=2, text="Differentieert tussen leerlingen")
    return o


@pytest.fixture
def programme(outcome):
    return ProgrammeFactory(default_outcomes=[outcome])


@pytest.fixture
def admin():
    return UserFactory(roles=[Role.ADMIN], is_superuser=True)


def test_map_cells_equal_the_database_counts_per_outcome_and_indicator(programme, outcome):
    """Criterion 22: "Map cells equal the database counts per outcome and indicator × cohort,
    and every map has a table alternative"."""
    school = SchoolFactory()
    entries = []
    for w in wpbs(3):
        entries += judged(5, programme=programme, school=school, wpb=w)
    indicator = Indicator.objects.filter(dimension__outcome=outcome).first()
    for e in entries[:3]:
        doubt(e)
    doubt(entries[3], category=DoubtCategory.INDICATOR, indicator=indicator)
    doubt(entries[4], category=DoubtCategory.AUDIT)  # the audit's own: not on the map
    dmap = selectors.disagreement_map(School.objects.all(), Filters())
    assert dmap.columns == ["2026-2027"]
    outcome_row, indicator_row = dmap.rows
    assert (outcome_row.doubts, outcome_row.cells[0].n) == ([4], 15)
    assert round(outcome_row.cells[0].value, 1) == round(400 / 15, 1)
    assert (indicator_row.indicator_id, indicator_row.doubts) == (indicator.pk, [1])


def test_a_cell_with_fewer_than_ten_judgements_or_three_assessors_shows_too_little(
    client, admin, programme
):
    """Criterion 13: "Cells with fewer than 10 paired judgements or fewer than 3 distinct
    assessors show 'te weinig gegevens', and the CSV cell is empty"."""
    school = SchoolFactory()
    (w,) = wpbs(1)
    doubt(judged(12, programme=programme, school=school, wpb=w)[0])  # 12 judgements, 1 assessor
    client.force_login(admin)
    page = client.get(reverse("calibration:insight_map")).content.decode()
    assert "te weinig gegevens" in page and "<svg" in page and "<table" in page
    assert "waar we verschillen, niet hoe vaak" in page.lower()
    csv = client.get(reverse("calibration:insight_map_csv")).content.decode("utf-8-sig")
    assert csv.splitlines()[1].split(";")[2:] == ["", "", "", ""]


def test_direction_columns_count_changed_judgements_each_way(programme):
    school = SchoolFactory()
    entries = []
    for w in wpbs(3):
        entries += judged(4, programme=programme, school=school, wpb=w)
    doubt(entries[0], final=N)
    doubt(entries[1], final=N)
    doubt(entries[2], final=V)  # unchanged: in neither column
    dmap = selectors.disagreement_map(School.objects.all(), Filters(), "richting")
    assert dmap.columns[0] == "wpb voldaan → io niet voldaan"
    assert dmap.rows[0].doubts == [2, 0]


def test_school_columns_suppress_a_small_school(programme):
    big, small = SchoolFactory(name="Groot"), SchoolFactory(name="Klein")
    for w in wpbs(3):
        judged(4, programme=programme, school=big, wpb=w)
    (w,) = wpbs(1)
    judged(4, programme=programme, school=small, wpb=w)
    dmap = selectors.disagreement_map(School.objects.all(), Filters(), "school")
    assert dmap.columns == ["Groot", "Klein"]
    assert [c.suppressed for c in dmap.rows[0].cells] == [False, True]


def test_the_agenda_lists_the_three_highest_cells_with_enough_data(programme):
    """Criterion 23: "The kalibratie-agenda lists the three highest-rate outcome/indicator
    cells that have n ≥ 10"."""
    school = SchoolFactory()
    outcomes = [LearningOutcomeFactory(code=f"2.{i}") for i in range(5)]
    programme.default_outcomes.add(*outcomes)
    entries = []
    for w in wpbs(3):
        entries += judged(4, programme=programme, school=school, wpb=w)
    by_outcome = {}
    for e in entries:
        by_outcome.setdefault(e.placement_outcome.outcome_id, []).append(e)
    for count, o in zip([1, 5, 3, 4, 0], outcomes, strict=True):
        for e in by_outcome[o.pk][:count]:
            doubt(e)
    agenda = selectors.calibration_agenda(
        selectors.disagreement_map(School.objects.all(), Filters())
    )
    assert [a["row"].code for a in agenda] == ["2.1", "2.3", "2.2"]
    # The sessions feature is not merged on this branch: no link yet.
    assert all(a["url"] == selectors.session_new_url(a["row"].outcome_id) for a in agenda)


def test_consistency_signals_are_aggregate_rates_per_outcome(programme, outcome):
    school = SchoolFactory()

    def two_without_confidence(entries):
        entries.filter(pk__in=list(entries.values_list("pk", flat=True)[:2])).update(
            confidence_year3=False
        )

    for w in wpbs(3):
        judged(
            4,
            programme=programme,
            school=school,
            wpb=w,
            motivation="Prima.",
            edit=two_without_confidence,
        )
    (row,) = selectors.consistency_signals(School.objects.all(), Filters())
    signals = {s["key"]: s["figure"] for s in row["signals"]}
    assert signals["zonder_vertrouwen"].value == 50
    assert signals["niets_voldaan"].value == 100
    assert signals["motivatie"].value == 100


def test_a_motivation_names_an_indicator_by_its_long_words():
    texts = ["Creëert een veilig pedagogisch klassenklimaat"]
    assert names_an_indicator("Het pedagogisch klassenklimaat is goed.", texts)
    assert names_an_indicator("Zie indicator 2.", texts)
    assert not names_an_indicator("Prima gedaan.", texts)


def test_doubt_based_pairs_never_enter_the_audit_statistics(programme):
    """Criterion 15: "Doubt-based pairs are never included in an agreement rate. Unit test:
    adding 50 doubt/final-decision pairs leaves the audit statistics unchanged"."""
    school = SchoolFactory()
    entries = []
    for w in wpbs(3):
        entries += judged(20, programme=programme, school=school, wpb=w)
    ios = UserFactory.create_batch(3, roles=[Role.INSTITUUTSOPLEIDER])
    audit_items([(e, V if i % 6 else N) for i, e in enumerate(entries[:12])], second=ios)
    before = selectors.audit_tiles(School.objects.all(), Filters(), per_school=False)
    for e in entries[12:62]:
        doubt(e, final=N)
    after = selectors.audit_tiles(School.objects.all(), Filters(), per_school=False)
    assert before == after
    assert before[0]["table"].n == 12


def test_a_non_blind_second_judgement_is_no_pair(programme):
    school = SchoolFactory()
    entries = []
    for w in wpbs(3):
        entries += judged(4, programme=programme, school=school, wpb=w)
    ios = UserFactory.create_batch(3, roles=[Role.INSTITUUTSOPLEIDER])
    audit_items([(e, V) for e in entries], second=ios, blind=False)
    assert selectors.audit_tiles(School.objects.all(), Filters(), per_school=False) == []


def test_audit_tile_shows_the_five_together_and_the_plain_sentence(client, admin, programme):
    """Criterion 14: "Paired statistics always show κ and AC1 together, and PA and NA
    together"; §3.6: "Van de 8 studenten die minstens één beoordelaar niet voldaan gaf, waren
    beide het eens bij 2"."""
    school = SchoolFactory()

    def fail_all(entries):
        entries.update(judgement=N)

    people = wpbs(3)
    entries = judged(4, programme=programme, school=school, wpb=people[0], edit=fail_all)
    for w in people[1:]:
        entries += judged(4, programme=programme, school=school, wpb=w)
    seconds = [N, N, V, V, N, N, *[V] * 6]
    ios = UserFactory.create_batch(3, roles=[Role.INSTITUUTSOPLEIDER])
    audit_items(list(zip(entries, seconds, strict=True)), second=ios)
    client.force_login(admin)
    page = client.get(reverse("calibration:insight_dashboard") + "?tab=steekproef").content
    page = page.decode()
    for label in ("Cohens κ", "Gwets AC1", "(PA)", "(NA)", "n = 12", "95%-interval"):
        assert label in page
    assert (
        "Van de 6 studenten die minstens één beoordelaar niet voldaan gaf, "
        "waren beide het eens bij 2." in page
    )


def test_session_tiles_use_only_revealed_sessions_and_show_alpha(client, admin):
    school = SchoolFactory()
    session_with([[V, V, N, V]] * 3 + [[V, N, N, V]], school=school)
    session_with([[N, N, N, N]] * 4, school=school, revealed=False)
    data = selectors.session_tiles(School.objects.all(), Filters(), everywhere=True)
    (tile,) = data["sessions"]
    assert (tile["n"], tile["participants"], tile["exemplars"]) == (16, 4, 4)
    assert tile["figures"]["reference"].value == 11 / 16
    assert tile["figures"]["alpha"].shown and tile["figures"]["alpha"].interval
    client.force_login(admin)
    page = client.get(reverse("calibration:insight_dashboard")).content.decode()
    assert "Krippendorffs α" in page and "Van de 16 oordelen kwamen er 11 overeen" in page


def test_coverage_per_school_is_calibrated_active_wpbs_over_active_wpbs(programme):
    """Criterion 25: "The coverage figure per school equals calibrated active wpbs divided by
    active wpbs, checked on seeded data"; a school below 5 active wpbs shows no figure."""
    big, small = SchoolFactory(name="Groot"), SchoolFactory(name="Klein")
    people = wpbs(6)
    for w in people:
        judged(1, programme=programme, school=big, wpb=w)
    for w in wpbs(2):
        judged(1, programme=programme, school=small, wpb=w)
    session = session_with([[V]], school=big)
    for w in people[:3]:
        Participant.objects.create(
            session=session, user=w, role="werkplekbegeleider", submitted_at=timezone.now()
        )
    data = selectors.coverage(School.objects.all(), Filters(school_year="2026-2027"))
    groot, klein = data["per_school"]
    assert (groot["figure"].value, groot["figure"].n) == (0.5, 6)
    assert klein["figure"].suppressed
    assert data["judgements"].n == 8  # below 10: suppressed
    assert data["judgements"].suppressed


def test_base_rates_are_pass_rates_per_outcome_and_year(programme):
    school = SchoolFactory()
    for w in wpbs(3):
        judged(3, programme=programme, school=school, wpb=w)
    (w,) = wpbs(1)
    judged(3, programme=programme, school=school, wpb=w, judgement=N)
    data = selectors.base_rates(School.objects.all(), Filters())
    assert data["years"] == ["2026-2027"]
    assert data["rows"][0]["figures"][0].value == 0.75


def test_a_schoolopleider_sees_only_their_own_schools(client, programme):
    mine, other = SchoolFactory(name="Mijn school"), SchoolFactory(name="Andere school")
    so = UserFactory(roles=[Role.SCHOOLOPLEIDER])
    SchoolAssignment.objects.create(school=mine, user=so, role=SchoolRole.SCHOOLOPLEIDER)
    for school in (mine, other):
        for w in wpbs(3):
            judged(4, programme=programme, school=school, wpb=w)
    client.force_login(so)
    page = client.get(reverse("calibration:insight_map") + "?kolommen=school").content.decode()
    assert "Mijn school" in page and "Andere school" not in page
    page = client.get(reverse("calibration:insight_map") + f"?school={other.pk}&kolommen=school")
    page = page.content.decode()
    assert "Andere school" not in page and "het filter is niet toegepast" in page


def test_no_staff_name_appears_beside_a_figure(client, admin, programme):
    """Criterion 16: no table row or list item contains a staff member's name together with
    an agreement, leniency or pass-rate figure."""
    school = SchoolFactory()
    people = [
        UserFactory(full_name=f"Mentor Uniek{i}", roles=[Role.WERKPLEKBEGELEIDER]) for i in range(3)
    ]
    entries = []
    for w in people:
        entries += judged(4, programme=programme, school=school, wpb=w)
    doubt(entries[0])
    client.force_login(admin)
    for url in (
        reverse("calibration:insight_map"),
        reverse("calibration:insight_map_csv"),
        *(
            reverse("calibration:insight_dashboard") + f"?tab={t}"
            for t in ("sessies", "steekproef", "basis", "deelname")
        ),
        *(
            reverse("calibration:insight_dashboard_csv") + f"?tab={t}"
            for t in ("sessies", "steekproef", "basis", "deelname")
        ),
    ):
        body = client.get(url).content.decode("utf-8-sig")
        assert "Uniek" not in body, url


def grow(count, programme, school):
    for i, w in enumerate(wpbs(3)):
        entries = judged(count // 3 + (i < count % 3), programme=programme, school=school, wpb=w)
        if entries:
            doubt(entries[0])


@pytest.mark.parametrize(
    "url",
    [
        reverse("calibration:insight_map"),
        reverse("calibration:insight_map") + "?kolommen=school",
        reverse("calibration:insight_dashboard") + "?tab=steekproef&per_school=1",
        reverse("calibration:insight_dashboard") + "?tab=sessies",
        reverse("calibration:insight_dashboard") + "?tab=basis",
        reverse("calibration:insight_dashboard") + "?tab=deelname",
    ],
)
def test_pages_cost_the_same_at_5_and_500_placements(client, admin, programme, url):
    school = SchoolFactory()
    client.force_login(admin)
    grow(5, programme, school)
    at_5 = queries_for(client, url)
    grow(495, programme, SchoolFactory())
    assert queries_for(client, url) == at_5


# --- Trend over time (§3.6: "A marker appears wherever the exemplar set or kijkkader
# version changed") -------------------------------------------------------------------------


def test_a_marker_names_a_new_kijkkader_version_and_another_exemplar_set():
    markers = trend_markers(
        {
            "2025-2026": YearUse({"1.1": frozenset({1})}, frozenset({1, 2, 3})),
            "2026-2027": YearUse({"1.1": frozenset({1, 2})}, frozenset({2, 3, 4, 5})),
        }
    )
    assert markers == {
        "2025-2026": [],
        "2026-2027": [
            "⚑ kijkkader gewijzigd: 1.1 (versie 2)",
            "⚑ andere voorbeeldset: 2 nieuw, 1 niet meer gebruikt",
        ],
    }


def test_no_marker_for_the_same_instrument_or_an_outcome_judged_in_one_year_only():
    markers = trend_markers(
        {
            "2024-2025": YearUse({"1.1": frozenset({2})}),
            "2025-2026": YearUse({"1.1": frozenset({2}), "2.1": frozenset({3})}),
            "2026-2027": YearUse({"2.1": frozenset({3})}),
        }
    )
    assert markers == {"2024-2025": [], "2025-2026": [], "2026-2027": []}


def test_a_year_without_figures_is_skipped_when_comparing():
    markers = trend_markers(
        {"2023-2024": YearUse({"1.1": frozenset({1})}, frozenset({1})),
         "2025-2026": YearUse({"1.1": frozenset({1})}, frozenset({1}))}
    )  # fmt: skip
    assert markers["2025-2026"] == []


@pytest.fixture
def outcome_v2(outcome):
    return LearningOutcomeFactory(
        code=outcome.code, version=2, previous=outcome, title=outcome.title
    )


def audited_year(programme, *, year, sent_at, failing=2):
    """12 blind pairs of three wpbs' judgements in `year`, `failing` of them niet voldaan by
    the second assessor."""
    school = SchoolFactory()
    entries = []
    for w in wpbs(3):
        entries += judged(4, programme=programme, school=school, wpb=w, sent_at=sent_at)
    ios = UserFactory.create_batch(3, roles=[Role.INSTITUUTSOPLEIDER])
    seconds = [N] * failing + [V] * (len(entries) - failing)
    audit_items(list(zip(entries, seconds, strict=True)), second=ios, school_year=year)


def test_the_audit_trend_marks_the_year_a_new_kijkkader_version_was_judged(
    client, admin, programme, outcome_v2
):
    audited_year(programme, year="2025-2026", sent_at=SENT_AT - datetime.timedelta(days=365))
    audited_year(ProgrammeFactory(default_outcomes=[outcome_v2]), year="2026-2027", sent_at=SENT_AT)
    trend = selectors.audit_overview(School.objects.all(), Filters(), per_school=False)["trend"]
    assert [(t["school_year"], t["markers"]) for t in trend] == [
        ("2025-2026", []),
        ("2026-2027", ["⚑ kijkkader gewijzigd: 1.1 (versie 2)"]),
    ]
    assert all(t["figures"]["kappa"].shown and t["figures"]["ac1"].shown for t in trend)
    client.force_login(admin)
    url = reverse("calibration:insight_dashboard") + "?tab=steekproef&jaar=2026-2027"
    page = client.get(url).content.decode()
    assert "Verloop per schooljaar" in page and "2025-2026" in page  # the trend ignores the year
    assert "⚑ kijkkader gewijzigd: 1.1 (versie 2)" in page
    csv = client.get(reverse("calibration:insight_dashboard_csv") + "?tab=steekproef")
    assert csv.content.decode("utf-8-sig").splitlines()[2].endswith("1.1 (versie 2)")


def test_the_session_trend_pools_each_year_and_marks_another_exemplar_set(client, admin):
    school = SchoolFactory()
    people = UserFactory.create_batch(4)
    kept = ExemplarFactory.create_batch(2, reference_judgement=V)
    grid = [[V, V, N], [V, N, N], [V, V, N], [N, V, N]]
    for year in ("2025-2026", "2026-2027"):
        exemplars = [*kept, ExemplarFactory()]
        session_with(grid, school=school, year=year, exemplars=exemplars, people=people)
    trend = selectors.session_tiles(School.objects.all(), Filters(), everywhere=True)["trend"]
    assert [(t["school_year"], t["n"], t["participants"]) for t in trend] == [
        ("2025-2026", 12, 4),
        ("2026-2027", 12, 4),
    ]
    assert trend[1]["markers"] == ["⚑ andere voorbeeldset: 1 nieuw, 1 niet meer gebruikt"]
    client.force_login(admin)
    page = client.get(reverse("calibration:insight_dashboard")).content.decode()
    assert "⚑ andere voorbeeldset: 1 nieuw, 1 niet meer gebruikt" in page
    assert 'data-figure="alpha" data-n="12" data-ci="' in page


def test_the_same_people_in_two_sessions_count_once_as_assessors():
    """Two people in two sessions of the same set are two assessors, not four: the pooled
    figure stays suppressed (fewer than 3 assessors)."""
    school = SchoolFactory()
    people = UserFactory.create_batch(2)
    same = ExemplarFactory.create_batch(3, reference_judgement=V)
    for _ in range(2):
        session_with([[V, N, V], [V, V, V]], school=school, exemplars=same, people=people)
    data = selectors.session_tiles(School.objects.all(), Filters(), everywhere=True)
    (per_set,) = data["sets"]
    assert (per_set["n"], per_set["participants"], per_set["suppressed"]) == (12, 2, True)
    assert data["trend"][0]["figures"]["alpha"].suppressed


def grow_years(count, programmes, school):
    """`count` judgements over two school years (a new kijkkader version in the second), each
    with a blind second judgement, and a revealed session per year on new exemplars."""
    for year, programme, exemplar_outcome in zip(
        ("2025-2026", "2026-2027"), programmes, [p.default_outcomes.get() for p in programmes],
        strict=True,
    ):  # fmt: skip
        people = wpbs(3)
        entries = []
        for i, w in enumerate(people):
            size = count // 6 + (i < (count // 2) % 3)
            if size:
                entries += judged(size, programme=programme, school=school, wpb=w)
        audit_items([(e, V) for e in entries], second=people, school_year=year)
        exemplars = ExemplarFactory.create_batch(2, outcome=exemplar_outcome)
        session_with([[V, N], [V, V], [N, N]], school=school, year=year, exemplars=exemplars)


@pytest.mark.parametrize(
    "query",
    ["tab=sessies", "tab=sessies&jaar=2026-2027", "tab=steekproef&per_school=1&jaar=2026-2027"],
)
def test_trend_tabs_cost_the_same_at_5_and_500_placements(
    client, admin, programme, outcome_v2, query
):
    programmes = [programme, ProgrammeFactory(default_outcomes=[outcome_v2])]
    url = reverse("calibration:insight_dashboard") + "?" + query
    client.force_login(admin)
    grow_years(5, programmes, SchoolFactory())
    at_5 = queries_for(client, url)
    grow_years(495, programmes, SchoolFactory())
    page = client.get(url).content.decode()
    assert "⚑" in page
    assert queries_for(client, url) == at_5


def test_a_figure_is_rounded_not_cut_off():
    from apps.calibration.templatetags.calibration_insight import format_value

    assert [format_value(2 / 3, k) for k in ("pct", "coef")] == ["67%", "0,67"]
    assert (format_value(0.999, "coef"), format_value(12.96, "rate")) == ("1,00", "13,0")
