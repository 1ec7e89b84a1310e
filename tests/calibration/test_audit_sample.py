"""The random audit sample (calibration-design.md §3.4; criteria 19, 20 and 21)."""

import random
from decimal import Decimal

import pytest

from apps.accounts.models import AuditEvent, Role
from apps.calibration.audit.evidence import deidentified_texts
from apps.calibration.audit.selectors import audit_pairs, eligible_entries, population
from apps.calibration.audit.services import (
    AuditError,
    AuditLocked,
    audit_item_assign,
    audit_item_submit,
    audit_sample_draw,
    audit_sample_export,
    draw_entry_ids,
    excluded_assessors,
)
from apps.calibration.models import AuditItem
from apps.cycle.models import Disagreement, DoubtCategory, FormEntry
from apps.cycle.procedure.selectors import effective_judgement
from apps.placements.models import Placement
from tests.calibration.audit_world import assessors, new_schools, sent_eindbeoordelingen
from tests.factories import UserFactory, make_placement

pytestmark = pytest.mark.django_db

YEAR = "2026-2027"


@pytest.fixture
def office():
    return UserFactory(roles=[Role.ADMIN])


def _item(sample):
    return AuditItem.objects.filter(sample=sample).select_related("entry").first()


def test_rate_ten_percent_of_200_draws_exactly_20(office):
    """Criterion 19: "With rate 10% and 200 eligible sent eindbeoordelingen, exactly 20 are
    drawn (plus one per school for any school that would otherwise have none)." """
    school = new_schools(1)[0]
    sent_eindbeoordelingen(200, schools=[school])
    assessors(2)
    sample = audit_sample_draw(by=office, school_year=YEAR, rate=Decimal("0.10"))
    assert sample.population == 200
    assert sample.items.count() == 20


def test_a_school_the_draw_missed_gets_one(office):
    """Criterion 19: "(plus one per school for any school that would otherwise have none)" —
    ceil(10% × 13) = 2 drawn from 13 judgements at 12 schools leaves at least 10 schools
    without one; each gets one."""
    schools = new_schools(12)
    sent_eindbeoordelingen(13, schools=schools)
    sample = audit_sample_draw(by=office, school_year=YEAR, rate=Decimal("0.10"), seed=7)
    drawn_schools = set(
        sample.items.values_list("entry__version__form__conversation__placement__school", flat=True)
    )
    assert drawn_schools == {s.pk for s in schools}
    assert sample.items.count() == 2 + 10  # the two schools of the 13th and 1st share


def test_the_stored_seed_draws_the_same_list(office):
    """Criterion 19: "Rerunning with the stored seed gives the same list." """
    sent_eindbeoordelingen(60, schools=new_schools(4))
    sample = audit_sample_draw(by=office, school_year=YEAR, rate=Decimal("0.15"))
    drawn = list(sample.items.order_by("id").values_list("entry_id", flat=True))
    assert draw_entry_ids(population(YEAR), sample.rate, sample.seed) == drawn
    assert draw_entry_ids(population(YEAR), sample.rate, sample.seed + 1) != drawn


def test_the_draw_is_logged_and_exported_without_names(office):
    placements = sent_eindbeoordelingen(30, schools=new_schools(2))
    sample = audit_sample_draw(by=office, school_year=YEAR, rate=Decimal("0.2"))
    assert AuditEvent.objects.filter(action="audit.draw", detail__seed=sample.seed).exists()
    text = audit_sample_export(by=office, sample=sample).decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 1 + sample.items.count()
    for p in Placement.objects.filter(pk__in=[p.pk for p in placements]).select_related(
        "student__user", "school"
    ):
        assert p.student.user.full_name not in text
        assert p.school.name not in text
    assert AuditEvent.objects.filter(action="audit.export").exists()


def test_population_is_the_latest_sent_wpb_judged_summative_judgement():
    """Drafts, formative outcomes and outcomes the mentor does not judge are not drawn."""
    placements = sent_eindbeoordelingen(3)
    placements[1].outcomes.update(wpb_judges=False)
    assert eligible_entries(YEAR).count() == 2
    assert eligible_entries("2025-2026").count() == 0


def test_second_assessor_is_never_on_the_placement_over_100_draws(office):
    """Criterion 20: "The second assessor is never the placement's wpb, so or io (0 violations
    over 100 draws)." The people of the placements are the candidates themselves."""
    schools = new_schools(3)
    pool = assessors(4, schools=schools)
    placements = sent_eindbeoordelingen(12, schools=schools)
    rng = random.Random(1)
    for p in placements:
        io, so, opleider = rng.sample(pool, 3)
        Placement.objects.filter(pk=p.pk).update(
            instituutsopleider=io, schoolopleider=so, opleider=opleider
        )
    violations = 0
    for _ in range(100):
        sample = audit_sample_draw(by=office, school_year=YEAR, rate=Decimal("0.5"))
        for item in sample.items.select_related(
            "entry__version__form__conversation__placement__student"
        ):
            placement = item.entry.version.form.conversation.placement
            assert item.second_assessor_id is not None
            violations += item.second_assessor_id in excluded_assessors(placement)
        AuditItem.objects.filter(sample=sample).update(submitted_at="2027-06-01T10:00Z")
    assert violations == 0


def test_assignment_is_balanced_and_prefers_another_school(office):
    schools = new_schools(2)
    sos = assessors(2, schools=schools)[2:]
    sent_eindbeoordelingen(8, schools=[schools[0]])
    sample = audit_sample_draw(by=office, school_year=YEAR, rate=Decimal("0.5"))
    chosen = list(sample.items.values_list("second_assessor_id", flat=True))
    # sos[0] works at the placements' school; the two instituutsopleiders and the other
    # school's schoolopleider share the 4 evenly.
    assert sos[0].pk not in chosen
    counts = sorted(chosen.count(pk) for pk in set(chosen))
    assert counts[-1] - counts[0] <= 1


def test_praktijkbureau_changes_the_assessor_but_never_to_someone_on_the_placement(office):
    placement = sent_eindbeoordelingen(1)[0]
    io = UserFactory(roles=[Role.INSTITUUTSOPLEIDER])
    Placement.objects.filter(pk=placement.pk).update(instituutsopleider=io)
    assessors(1)
    item = _item(audit_sample_draw(by=office, school_year=YEAR, rate=Decimal("1")))
    with pytest.raises(AuditError):
        audit_item_assign(by=office, item=item, assessor=io)
    other = UserFactory(roles=[Role.SCHOOLOPLEIDER])
    assert audit_item_assign(by=office, item=item, assessor=other).second_assessor == other
    exam = UserFactory(roles=[Role.EXAMENCOMMISSIE])
    with pytest.raises(AuditError):
        audit_item_assign(by=exam, item=item, assessor=other)


def _judged_item(office, first="voldaan"):
    placement = sent_eindbeoordelingen(1, judgement=first)[0]
    opleider = UserFactory(roles=[Role.INSTITUUTSOPLEIDER])
    Placement.objects.filter(pk=placement.pk).update(opleider=opleider)
    pool = assessors(1)
    item = _item(audit_sample_draw(by=office, school_year=YEAR, rate=Decimal("1")))
    assert item.second_assessor in pool
    return item, item.second_assessor


def test_a_differing_second_judgement_opens_a_doubt_and_changes_no_result(office):
    """Criterion 21: "A second judgement never changes the student's result. Where it
    disagrees with the first, a doubt is opened in the existing procedure with the reason
    category "steekproef"." """
    item, second = _judged_item(office)
    item = audit_item_submit(
        by=second, item=item, lock_version=0, judgement="niet_voldaan", motivation="Te weinig."
    )
    entry = FormEntry.objects.get(pk=item.entry_id)
    doubt = Disagreement.objects.get(entry=entry)
    assert item.disagreement == doubt
    assert doubt.category == DoubtCategory.AUDIT
    assert doubt.raised_by == entry.version.form.conversation.placement.opleider
    assert "Te weinig." in doubt.reason and second.full_name not in doubt.reason
    assert entry.judgement == "voldaan"
    assert effective_judgement(entry, list(entry.disagreements.all())) == "voldaan"
    assert AuditEvent.objects.filter(action="disagreement.open_from_audit", actor=second).exists()


def test_an_agreeing_second_judgement_opens_nothing(office):
    item, second = _judged_item(office)
    audit_item_submit(by=second, item=item, lock_version=0, judgement="voldaan", motivation="Goed.")
    assert not Disagreement.objects.exists()
    assert audit_pairs(school_year=YEAR) == [("voldaan", "voldaan")]


def test_a_submitted_second_judgement_is_locked(office):
    """Criterion 20 (and 2): after submitting, the second judgement cannot change."""
    item, second = _judged_item(office)
    audit_item_submit(by=second, item=item, lock_version=0, judgement="voldaan", motivation="Goed.")
    with pytest.raises(AuditLocked):
        audit_item_submit(
            by=second, item=item, lock_version=1, judgement="niet_voldaan", motivation="Toch niet."
        )
    assert AuditItem.objects.get(pk=item.pk).judgement == "voldaan"


def test_only_the_assigned_assessor_submits_and_motivation_is_required(office):
    item, second = _judged_item(office)
    with pytest.raises(AuditError):
        audit_item_submit(by=office, item=item, lock_version=0, judgement="voldaan", motivation="x")
    with pytest.raises(AuditError):
        audit_item_submit(by=second, item=item, lock_version=0, judgement="voldaan", motivation=" ")


def test_audit_pairs_hold_only_blind_submitted_pairs(office):
    """Criterion 15: doubt/final-decision pairs never enter the rate; only blind, submitted
    second judgements do."""
    item, second = _judged_item(office)
    assert audit_pairs(school_year=YEAR) == []
    audit_item_submit(
        by=second, item=item, lock_version=0, judgement="niet_voldaan", motivation="Nee."
    )
    assert audit_pairs(school_year=YEAR) == [("voldaan", "niet_voldaan")]
    AuditItem.objects.filter(pk=item.pk).update(blind=False)
    assert audit_pairs(item.sample) == []


def test_evidence_is_deidentified_and_never_shows_the_judgement(office):
    item, _second = _judged_item(office)
    placement = item.entry.version.form.conversation.placement
    texts = deidentified_texts(item.entry)
    shown = " ".join(texts.values())
    assert "feedback" in texts and "motivation" not in texts
    assert "MOTIVATIE-EERSTE" not in shown
    assert "06-12345678" not in shown and "sanne@school.test" not in shown
    assert placement.student.user.full_name not in shown
    assert "[telefoon]" in shown and "[e-mail]" in shown


def test_evidence_replaces_the_names_of_the_placement():
    student_name = "Sanne Student"
    placement = make_placement()
    placement.student.user.full_name = student_name
    placement.student.user.save()
    entry = FormEntry(
        version=placement.conversations.get(kind="eindbeoordeling").form.versions.get(),
        placement_outcome=None,
        feedback=f"{student_name} deed het goed op {placement.school.name}; Sanne leerde veel.",
    )
    texts = deidentified_texts(entry)
    assert "Sanne" not in texts["feedback"] and placement.school.name not in texts["feedback"]
    assert "[student]" in texts["feedback"] and "[school]" in texts["feedback"]
