"""The audit sample's pages and the reports (criteria 20, 21, 27; 12–14 for these pages)."""

import hashlib
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import Role
from apps.calibration.audit.services import audit_item_submit, audit_sample_draw
from apps.calibration.models import AuditItem
from apps.cycle.models import Disagreement, DoubtCategory
from apps.placements.models import Placement
from tests.calibration.audit_world import assessors, new_schools, sent_eindbeoordelingen
from tests.factories import UserFactory
from tests.querycount import queries_for

pytestmark = pytest.mark.django_db

YEAR = "2026-2027"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def office():
    return UserFactory(full_name="Annelies Admin", roles=[Role.ADMIN])


@pytest.fixture
def exam():
    return UserFactory(full_name="Erik Examen", roles=[Role.EXAMENCOMMISSIE])


@pytest.fixture
def drawn(office):
    """A draw of 4 placements at two schools, each with its named people, and assessors."""
    schools = new_schools(2)
    placements = sent_eindbeoordelingen(4, schools=schools)
    for n, p in enumerate(placements):
        Placement.objects.filter(pk=p.pk).update(
            werkplekbegeleider=UserFactory(full_name=f"Wessel Mentor{n}"),
            opleider=UserFactory(full_name=f"Olga Opleider{n}", roles=[Role.INSTITUUTSOPLEIDER]),
        )
    assessors(2, schools=schools)
    sample = audit_sample_draw(by=office, school_year=YEAR, rate=Decimal("1"))
    return sample


def _names() -> set[str]:
    """Every seeded person and school name: none may be in a report."""
    from apps.accounts.models import User

    return {u.full_name for u in User.objects.exclude(full_name="")} - {""}


def test_second_assessor_sees_no_first_judgement_before_submitting(drawn):
    """Criterion 20: "Before submitting, the second assessor sees no first judgement, ticks or
    final decision (crawl check as in criterion 1)." """
    item = drawn.items.select_related("second_assessor", "entry").first()
    client = client_for(item.second_assessor)
    pages = [
        reverse("calibration:audit_my_items"),
        reverse("calibration:audit_judge", args=[item.pk]),
    ]
    placement = item.entry.version.form.conversation.placement
    people = Placement.objects.select_related("student__user", "werkplekbegeleider", "school").get(
        pk=placement.pk
    )
    for url in pages:
        html = client.get(url).content.decode()
        assert "MOTIVATIE-EERSTE" not in html
        assert people.student.user.full_name not in html
        assert people.werkplekbegeleider.full_name not in html
        assert people.school.name not in html
        assert not re.search(r"\bchecked\b", html)  # no ticks, no judgement preselected
    assert "[telefoon]" in client.get(pages[1]).content.decode()


def test_submitting_through_the_page_locks_with_409(drawn):
    """Criterion 20/2: after submitting, a POST returns 409 and the judgement is unchanged."""
    item = drawn.items.select_related("second_assessor").first()
    client = client_for(item.second_assessor)
    url = reverse("calibration:audit_judge", args=[item.pk])
    data = {"lock_version": 0, "judgement": "niet_voldaan", "motivation": "Te weinig gezien."}
    assert client.post(url, data).status_code == 302
    again = client.post(url, {**data, "judgement": "voldaan", "lock_version": 1})
    assert again.status_code == 409
    stored = AuditItem.objects.get(pk=item.pk)
    assert stored.judgement == "niet_voldaan"
    doubt = Disagreement.objects.get(pk=stored.disagreement_id)
    assert doubt.category == DoubtCategory.AUDIT


def test_a_bad_submission_keeps_what_was_typed(drawn):
    item = drawn.items.select_related("second_assessor").first()
    client = client_for(item.second_assessor)
    url = reverse("calibration:audit_judge", args=[item.pk])
    response = client.post(url, {"lock_version": 0, "motivation": "Mijn getypte tekst"})
    assert response.status_code == 400
    assert "Mijn getypte tekst" in response.content.decode()


def test_a_second_assessor_reaches_only_their_own_items(drawn):
    items = list(drawn.items.all())
    other = next(i for i in items if i.second_assessor_id != items[0].second_assessor_id)
    client = client_for(items[0].second_assessor)
    assert client.get(reverse("calibration:audit_judge", args=[other.pk])).status_code == 404
    student = UserFactory(roles=[Role.STUDENT])
    for name in ("calibration:audit_list", "calibration:report_borging"):
        assert client_for(student).get(reverse(name)).status_code == 404


def test_draw_through_the_page(office):
    sent_eindbeoordelingen(10, schools=new_schools(1))
    assessors(1)
    client = client_for(office)
    response = client.post(
        reverse("calibration:audit_draw"), {"school_year": YEAR, "percentage": "10"}
    )
    assert response.status_code == 302
    assert AuditItem.objects.count() == 1
    bad = client.post(reverse("calibration:audit_draw"), {"school_year": "2026", "percentage": "x"})
    assert bad.status_code == 400 and 'value="2026"' in bad.content.decode()


def _submit_all(sample, judgements):
    for item, judgement in zip(
        sample.items.select_related("second_assessor").order_by("id"), judgements, strict=False
    ):
        audit_item_submit(
            by=item.second_assessor,
            item=item,
            lock_version=item.lock_version,
            judgement=judgement,
            motivation="Gezien in de les.",
        )


def test_borgingsrapportage_has_sections_1_to_7_and_no_names(drawn, exam):
    """Criterion 27: "The examencommissie report contains sections 1–7 of §3.9 … and contains
    no staff or student names (checked against the seeded names)." """
    _submit_all(drawn, ["voldaan", "niet_voldaan", "voldaan", "voldaan"])
    client = client_for(exam)
    html = client.get(reverse("calibration:report_borging"), {"schooljaar": YEAR}).content.decode()
    for number in range(1, 8):
        assert f"{number}. " in html
    body = re.search(r'<section aria-labelledby="s1">.*</section>', html, re.S).group(0)
    for name in _names():
        assert name not in body, name
    pdf = client.get(reverse("calibration:report_borging_pdf"), {"schooljaar": YEAR})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_report_fingerprint_is_the_sha256_of_its_content(drawn, exam):
    from django.template.loader import render_to_string

    from apps.calibration.reports.selectors import borging_report

    html = client_for(exam).get(reverse("calibration:report_borging"), {"schooljaar": YEAR})
    body = render_to_string("calibration/reports/_borging_body.html", borging_report(YEAR))
    assert hashlib.sha256(body.encode()).hexdigest() in html.content.decode()


def test_report_counts_equal_database_counts(drawn):
    """Criterion 21: "Counts in the report equal the database counts." """
    from apps.calibration.reports.selectors import audit_results

    _submit_all(drawn, ["niet_voldaan", "niet_voldaan", "voldaan", "voldaan"])
    results = audit_results(YEAR)
    assert results["overall"]["n"] == AuditItem.objects.filter(submitted_at__isnull=False).count()
    assert results["doubts"]["total"] == Disagreement.objects.filter(category="steekproef").count()
    assert results["differing"] == 2 == results["overall"]["b"]


def test_per_school_cells_below_the_minimum_show_too_little_data(drawn, exam):
    """Criterion 13: "Cells with fewer than 10 paired judgements or fewer than 3 distinct
    assessors show "te weinig gegevens"." """
    _submit_all(drawn, ["voldaan"] * 4)
    html = client_for(exam).get(reverse("calibration:report_borging"), {"schooljaar": YEAR})
    assert "te weinig gegevens" in html.content.decode()


def test_praktijkbureau_report_and_csv(drawn, office):
    client = client_for(office)
    assert client.get(reverse("calibration:report_praktijkbureau")).status_code == 200
    csv = client.get(reverse("calibration:report_praktijkbureau_csv"), {"schooljaar": YEAR})
    assert csv.content.startswith(b"\xef\xbb\xbf")


def _csv(client) -> list[list[str]]:
    from apps.core.excel_csv import read_rows

    response = client.get(reverse("calibration:report_borging_csv"), {"schooljaar": YEAR})
    assert response["Content-Type"].startswith("text/csv")
    return read_rows(response.content)


def test_borging_csv_leaves_suppressed_cells_empty_and_names_no_one(drawn, exam):
    """Criterion 13: "the CSV cell is empty"; criterion 27: no staff or student names."""
    _submit_all(drawn, ["voldaan", "niet_voldaan", "voldaan", "voldaan"])
    response = client_for(exam).get(reverse("calibration:report_borging_csv"), {"schooljaar": YEAR})
    text = response.content.decode("utf-8-sig")
    for name in _names():
        assert name not in text, name
    rows = _csv(client_for(exam))
    kappa = [r for r in rows if r[0] == "2" and r[4] == "Cohens κ"]
    assert kappa and all(r[5:9] == ["", "", "", ""] for r in kappa)


def test_borging_csv_ends_with_the_fingerprint_of_the_rows_above(drawn, exam):
    content = client_for(exam).get(reverse("calibration:report_borging_csv")).content
    above, last = content.rsplit(b"\r\n", 2)[0] + b"\r\n", content.decode("utf-8-sig")
    assert hashlib.sha256(above.decode("utf-8").encode()).hexdigest() in last.splitlines()[-1]


@pytest.fixture
def twelve_pairs(office):
    """12 blind pairs of one cohort and outcome by 4 second assessors: two differ."""
    sent_eindbeoordelingen(12, schools=new_schools(2))
    assessors(2)
    sample = audit_sample_draw(by=office, school_year=YEAR, rate=Decimal("1"))
    _submit_all(sample, ["niet_voldaan", "niet_voldaan"] + ["voldaan"] * 10)
    return sample


def test_audit_results_per_cohort_and_outcome_with_resolution_counts(twelve_pairs, exam):
    """§3.9 section 2: n, p_o, PA, NA, κ, AC1 with 95% intervals and a plain reading, and the
    second niet voldaan against voldaan with how each was resolved (counts only)."""
    from apps.calibration.reports.selectors import audit_results
    from apps.cycle.procedure.services import disagreement_resolve

    doubt = Disagreement.objects.filter(category=DoubtCategory.AUDIT).first()
    disagreement_resolve(
        by=doubt.raised_by,
        disagreement=doubt,
        agreed=True,
        judgement="niet_voldaan",
        rationale="Eens.",
    )
    (cell,) = audit_results(YEAR)["cells"]
    assert cell["shown"] and cell["n"] == 12 and cell["b"] == 2
    assert cell["second_nv"] == {"open": 1, "kept": 0, "changed": 1}
    assert all(f.n == 12 and f.interval for f in cell["tile"]["figures"].values())
    assert "Bij 10 van de 12 paren" in cell["reading"]
    html = client_for(exam).get(reverse("calibration:report_borging"), {"schooljaar": YEAR})
    assert "Tweede oordeel niet voldaan tegen eerste voldaan: 2" in html.content.decode()
    rows = [r for r in _csv(client_for(exam)) if r[0] == "2" and r[1]]
    figures = [r for r in rows if r[4] in ("Cohens κ", "Gwets AC1", "eens over niet voldaan (NA)")]
    assert len(figures) == 3 and all(r[5] == "12" and r[7] and r[8] for r in figures)


def test_base_rates_count_every_judgement_of_an_outcome_once(twelve_pairs):
    """Section 4 groups by outcome: 12 judgements of one outcome are one row of n = 12 (not
    twelve rows of 1 merged into one)."""
    from apps.calibration.reports.selectors import base_rates

    (row,) = base_rates(YEAR)
    assert row["n"] == 12 and row["voldaan_pct"] == 100.0
    assert row["doubts_per_100"] == round(100 * 2 / 12, 1)


def test_a_cohort_cell_below_three_assessors_shows_too_little_data(office):
    sent_eindbeoordelingen(12, schools=new_schools(1))
    assessors(1)  # one io and one schoolopleider: two second assessors
    sample = audit_sample_draw(by=office, school_year=YEAR, rate=Decimal("1"))
    _submit_all(sample, ["voldaan"] * 12)
    from apps.calibration.reports.selectors import audit_results

    (cell,) = audit_results(YEAR)["cells"]
    assert not cell["shown"] and all(f.suppressed for f in cell["tile"]["figures"].values())
    assert "b" not in cell


@pytest.mark.parametrize(
    "name",
    ["audit_list", "audit_sample", "report_borging", "report_borging_csv", "report_praktijkbureau"],
)
def test_query_budget_is_the_same_at_5_and_500_placements(office, name):
    counts = []
    assessors(2)
    for size in (5, 500):
        Placement.objects.update(start="2020-01-01")  # earlier sets leave the year
        sent_eindbeoordelingen(size)
        sample = audit_sample_draw(by=office, school_year=YEAR, rate=Decimal("0.1"))
        _submit_all(sample, ["voldaan"] * 3)
        args = [sample.pk] if name == "audit_sample" else []
        counts.append(queries_for(client_for(office), reverse(f"calibration:{name}", args=args)))
    assert counts[0] == counts[1]
