"""Export and purge against the register of personal data, on the demo's placement where
every feature has been used (the demo's student 5, with what the demo leaves out added
through the services)."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from apps.core import personal_data
from apps.cycle.beroepsvaardigheden.services import PhaseChoice, cbv_place
from apps.cycle.conversations.services import kennismaking_save, sensitive_info_save
from apps.cycle.evidence.services import evidence_add
from apps.cycle.evidence.targets import TARGETS
from apps.cycle.feedback.services import form_correct
from apps.cycle.hours.selectors import placement_weeks
from apps.cycle.hours.services import week_hours_confirm, week_hours_register, week_hours_reopen
from apps.cycle.leerplan.services import leerplan_goal_save, leerplan_reopen
from apps.cycle.logbook.services import (
    guidance_comment_add,
    guidance_log_create,
    guidance_log_update,
)
from apps.cycle.models import (
    CbvMoment,
    CbvPerspective,
    ConversationGuideItem,
    Disagreement,
    FormState,
    FormVersion,
    Leerplan,
    LeerplanStatus,
)
from apps.cycle.observations.services import (
    Seen,
    default_instrument,
    form_observations_take_over,
    observation_record,
    observation_request_create,
)
from apps.cycle.procedure.services import concern_raise, disagreement_post, termination_propose
from apps.cycle.records.dossier import dossier_request, dossier_run
from apps.cycle.records.export import student_export, student_export_zip
from apps.cycle.records.retention import placement_purge
from apps.outcomes.models import Indicator
from apps.placements.models import Placement, TerminationReason
from apps.placements.services import placement_grant_extra
from apps.rubrics.services import phase_rubric

pytestmark = pytest.mark.django_db

# Placement entries that a placement has no row of however much it is used.
NEVER_USED = {"placements.PlacementGroupObjectPermission"}


def enrich(placement: Placement) -> None:
    """Use every feature the demo leaves out on this placement, through the services."""
    student, wpb = placement.student.user, placement.werkplekbegeleider
    items = ConversationGuideItem.objects.filter(kind="kennismaking", is_note=False)[:2]
    kennismaking_save(
        by=student,
        placement=placement,
        lock_version=0,
        values={"days_present": "maandag en dinsdag", "classes": "2B en 3A"},
        agenda_done=list(items),
    )
    sensitive_info_save(
        by=student,
        placement=placement,
        lock_version=0,
        values={"health": "Migraine; ik zeg het als ik een les moet overdragen."},
        visible_to=[wpb],
    )
    # A second leerdoel under one outcome: the approved plan reopens for it (3.4).
    leerplan = Leerplan.objects.get(placement=placement)
    if leerplan.status == LeerplanStatus.APPROVED:
        leerplan = leerplan_reopen(
            by=student, placement=placement, lock_version=leerplan.lock_version
        )
    goal = leerplan.goals.select_related("placement_outcome").first()
    leerplan_goal_save(
        by=student,
        placement=placement,
        placement_outcome=goal.placement_outcome,
        lock_version=leerplan.lock_version,
        values={
            "goal": goal.goal or "Rust in de klas",
            "scale_now": goal.scale_now or 40,
            "more_goals": [{"text": "Ik geef heldere instructies.", "scale_now": 30}],
        },
    )
    log = guidance_log_create(
        by=student,
        placement=placement,
        held=timezone.localdate() - timedelta(days=30),
        values={"what_i_did": "Mijn eigen logboektekst over 2B."},
    )
    guidance_log_update(
        by=student, log=log, lock_version=0, values={"what_i_did": "Mijn logboektekst, beter."}
    )
    guidance_comment_add(by=wpb, log=log, text="Opmerking van de begeleider bij het logboek.")
    # A lesson observation, asked for by the student and taken over into a draft form.
    observation_request_create(by=student, placement=placement, focus="Klassenmanagement")
    po = placement.outcomes.filter(outcome__isnull=False).first()
    indicator = Indicator.objects.filter(
        dimension__outcome=po.outcome, dimension__is_indicative=False
    ).first()
    observation = observation_record(
        by=wpb,
        placement=placement,
        instrument=default_instrument(),
        observed_on=timezone.localdate() - timedelta(days=3),
        group="2B",
        subject="Biologie",
        topic="Fotosynthese",
        seen=[Seen(po.pk, f"i{indicator.pk}", "Zij wachtte tot het stil was; de klas werkte.")],
    )
    sent = FormVersion.objects.filter(
        form__conversation__placement=placement, state=FormState.SENT
    ).last()
    draft = form_correct(by=wpb, version=sent, reason="Het lesbezoek van deze week erbij.")
    form_observations_take_over(by=wpb, version=draft, lock_version=draft.lock_version)
    evidence_add(
        by=student,
        target=TARGETS["logboek"],
        obj=log,
        title="Lesvoorbereiding 2B",
        url="https://school.example/les-2b",
    )
    evidence_add(
        by=student,
        target=TARGETS["lesbezoek"],
        obj=observation,
        title="Lesvoorbereiding van het lesbezoek",
        url="https://school.example/les-fotosynthese",
    )
    # Hours and lessons of two weeks, confirmed; one reopened for a correction (history).
    for week in placement_weeks(placement)[:2]:
        row = week_hours_register(
            by=student, placement=placement, week=week, lessons=4, guidance_minutes=90
        )
        row = week_hours_confirm(by=wpb, row=row, lock_version=row.lock_version)
    week_hours_reopen(by=wpb, row=row, lock_version=row.lock_version, reason="Eén les viel uit.")
    concern_raise(
        by=wpb, placement_outcome=placement.outcomes.first(), text="Een zorg over de verwerking."
    )
    termination_propose(
        by=wpb,
        placement=placement,
        reason=TerminationReason.PERSONAL,
        explanation="Een voorstel tot beëindiging, met toelichting.",
    )
    table = phase_rubric()
    level = table.levels.order_by("position").first()
    choices = {d.pk: PhaseChoice(level.pk, "Toelichting") for d in table.dimensions.all()}
    for by, perspective in ((student, CbvPerspective.STUDENT), (wpb, CbvPerspective.MENTOR)):
        cbv_place(
            by=by,
            placement=placement,
            moment=CbvMoment.START,
            perspective=perspective,
            choices=choices,
        )
    disagreement = Disagreement.objects.get(entry__version__form__conversation__placement=placement)
    disagreement_post(by=wpb, disagreement=disagreement, text="Bericht in de dialoog.")
    placement_grant_extra(
        by=placement.instituutsopleider, placement=placement, user=wpb, reason="Vakdidacticus"
    )
    dossier_run(dossier_request(by=student, placement=placement).pk)
    # Calibration: a sent judgement drawn into the audit sample, with a second judgement.
    from apps.calibration.models import AuditItem, AuditSample

    sample = AuditSample.objects.create(
        school_year="2026-2027", rate="0.1", seed=7, population=1, drawn_by=wpb
    )
    AuditItem.objects.create(
        sample=sample,
        entry=disagreement.entry,
        second_assessor=placement.instituutsopleider,
        judgement="voldaan",
        motivation="Blind tweede oordeel.",
    )


@pytest.fixture(scope="module")
def rich_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo with its richest placement enriched, built once for the module and rolled
    back after it; each test's own transaction nests inside as a savepoint."""
    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("rich-media")),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("seed_demo", verbosity=0)
        placement = Placement.objects.get(student__user__email="student5@demo.test")
        enrich(placement)
        yield placement.pk
        transaction.set_rollback(True)


@pytest.fixture
def rich(rich_once, settings, tmp_path_factory) -> Placement:
    return Placement.objects.select_related("student__user").get(pk=rich_once)


def rows_of(placement_pk: int) -> dict[str, set]:
    return {
        e.label: personal_data.ids_reaching(e.model, e.placement, {placement_pk})
        for e in personal_data.placement_entries()
    }


def test_every_feature_has_been_used_on_the_rich_placement(rich):
    unused = {label for label, ids in rows_of(rich.pk).items() if not ids}
    assert unused == NEVER_USED


def test_purge_leaves_nothing_of_the_placement_not_even_history(rich):
    before = rows_of(rich.pk)
    others = Placement.objects.exclude(pk=rich.pk).count()
    placement_purge(by=None, placement=rich)
    left = {label: ids for label, ids in rows_of(rich.pk).items() if ids}
    assert left == {}
    for entry in personal_data.placement_entries():
        history = personal_data.history_of(entry.model)
        if history is not None:
            ids = before[entry.label]
            assert not history.filter(**{f"{entry.model._meta.pk.attname}__in": ids}).exists()
    assert Placement.objects.count() == others


def test_purge_removes_the_history_of_the_logbook_and_beroepsvaardigheden(rich):
    from apps.cycle.models import CbvPlacement, GuidanceLog

    placement_purge(by=None, placement=rich)
    texts = GuidanceLog.history.values_list("what_i_did", flat=True)
    assert not any("Mijn logboektekst" in t or "Mijn eigen" in t for t in texts)
    assert not CbvPlacement.history.filter(placement_id=rich.pk).exists()


def test_purge_removes_the_stored_files_once_committed(rich, django_capture_on_commit_callbacks):
    from apps.cycle.models import DossierJob, FormVersion

    stored = [v.pdf for v in FormVersion.objects.filter(form__conversation__placement=rich)]
    stored += [j.file for j in DossierJob.objects.filter(placement=rich)]
    stored = [f for f in stored if f]
    assert len(stored) >= 3 and all(f.storage.exists(f.name) for f in stored)
    with django_capture_on_commit_callbacks(execute=True):
        placement_purge(by=None, placement=rich)
    assert not any(f.storage.exists(f.name) for f in stored)


def test_purge_keeps_what_belongs_to_other_placements(rich):
    sanne = Placement.objects.get(student__user__email="student1@demo.test")
    before = rows_of(sanne.pk)
    placement_purge(by=None, placement=rich)
    assert rows_of(sanne.pk) == before and before["cycle.GuidanceLog"]


def test_export_holds_every_exported_row_of_the_placement(rich):
    data = json.loads(json.dumps(student_export(rich.student), default=str))
    (stage,) = data["stages"]
    for entry in personal_data.placement_entries():
        if not entry.export or entry.person:
            continue
        rows = entry.model._default_manager.filter(**{entry.placement: rich.pk})
        ids = set(rows.values_list("pk", flat=True))
        exported = {row[entry.model._meta.pk.attname] for row in stage.get(entry.export, [])}
        assert exported == ids, entry.label


def test_export_holds_what_student_export_left_out(rich):
    (stage,) = student_export(rich.student)["stages"]
    assert stage["logboek"][0]["what_i_did"] == "Mijn logboektekst, beter."
    assert stage["logboek_opmerkingen"][0]["text"].startswith("Opmerking van de begeleider")
    assert stage["complexe_beroepsvaardigheden"]
    assert stage["zorgen"][0]["text"] == "Een zorg over de verwerking."
    assert stage["voorstellen_beeindiging"][0]["explanation"].startswith("Een voorstel")
    assert stage["evaluatie_leerwerkplek"] and stage["evaluatie_leerwerkplek_antwoorden"]
    where = {row["title"]: row["bij"] for row in stage["bewijs"]}
    assert where["Lesvoorbereiding van het lesbezoek"].startswith("lesbezoek van ")
    hours = stage["lessen_en_begeleidingstijd"]
    assert [(h["lessons"], h["guidance_minutes"]) for h in hours] == [(4, 90), (4, 90)]


def test_export_zip_with_ticked_agenda_items_is_json(rich):
    archive = zipfile.ZipFile(io.BytesIO(student_export_zip(rich.student)))
    data = json.loads(archive.read("gegevens.json"))
    (kennismaking,) = data["stages"][0]["kennismaking"]
    assert len(kennismaking["agenda_done"]) == 2
    assert data["persoon"][0]["email"] == "student5@demo.test"
    assert "password" not in data["persoon"][0]


def label(model) -> str:
    return model if isinstance(model, str) else model._meta.label


def test_the_dossier_shows_what_the_register_says_it_shows():
    from apps.cycle.records.dossier import PARTS

    register = {e.label: e.dossier for e in personal_data.entries() if e.dossier}
    dossier = {label(m): part for part, models in PARTS.items() for m in models}
    assert register == dossier
