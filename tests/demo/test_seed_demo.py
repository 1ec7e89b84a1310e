"""The demo partnership: believable, spread over the cycle, safe to run twice."""

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from apps.accounts.models import User
from apps.cycle.models import (
    CbvPerspective,
    CbvPlacement,
    Concern,
    ConcernStatus,
    Disagreement,
    DossierJob,
    DossierStatus,
    FormState,
    FormVersion,
    GuidanceComment,
    GuidanceLog,
    TerminationProposal,
    TerminationStatus,
)
from apps.placements.models import Placement, PlacementStatus, School
from apps.rubrics.models import HeatmapConsent, SelfAssessment
from apps.rubrics.selfassessment.selectors import team_heatmap

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, built once for the module and rolled back after it (like tests/test_crawl.py);
    each test's own transaction nests inside as a savepoint."""
    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media")),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("seed_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_once, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_demo_builds_the_partnership(demo):
    assert School.objects.count() == 3
    assert Placement.objects.count() == 13
    assert (
        User.objects.filter(email__in=["admin@demo.test", "so2@demo.test", "io2@demo.test"]).count()
        == 3
    )


def test_demo_logins_use_password_demo(demo):
    for email in (
        "admin@demo.test",
        "student1@demo.test",
        "wpb1@demo.test",
        "so1@demo.test",
        "io1@demo.test",
    ):
        assert User.objects.get(email=email).check_password("demo")


def test_demo_placements_are_spread_over_the_cycle(demo):
    statuses = set(Placement.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in PlacementStatus}
    assert FormVersion.objects.filter(state=FormState.SENT).exists()
    assert FormVersion.objects.filter(state=FormState.SUBMITTED).exists()
    assert Disagreement.objects.filter(status="open").count() == 1


def placement_of(n: int) -> Placement:
    return Placement.objects.get(student__user__email=f"student{n}@demo.test")


def test_demo_student1_has_a_logbook_with_a_comment_and_the_cbv_at_the_start(demo):
    sanne = placement_of(1)
    assert GuidanceLog.objects.filter(conversation__placement=sanne).count() == 2
    comment = GuidanceComment.objects.get(log__conversation__placement=sanne)
    assert comment.author.email == "wpb1@demo.test"
    columns = {
        perspective: dict(
            CbvPlacement.objects.filter(
                placement=sanne, moment="start", perspective=perspective
            ).values_list("dimension_id", "level__position")
        )
        for perspective in CbvPerspective.values
    }
    student, mentor = columns["student"], columns["werkplekbegeleider"]
    assert student and student.keys() == mentor.keys()
    assert any(student[d] != mentor[d] for d in student)


def test_demo_has_a_concern_at_the_tussenevaluatie_and_a_termination_proposal(demo):
    concern = Concern.objects.get()
    assert concern.placement_outcome.placement == placement_of(3)
    assert concern.status == ConcernStatus.OPEN
    proposal = TerminationProposal.objects.get()
    assert proposal.placement == placement_of(7)
    assert proposal.status == TerminationStatus.PROPOSED
    assert placement_of(7).status == PlacementStatus.ACTIVE


def test_demo_has_self_assessments_for_a_growth_line_and_the_team_heatmap(demo):
    moments = SelfAssessment.objects.filter(person__email="wpb1@demo.test")
    assert len({a.created_at.date() for a in moments}) == 2
    lorentz = team_heatmap(School.objects.filter(name__startswith="Lorentz"))
    rows = [row for heatmap in lorentz for row in heatmap.rows if row.respondents]
    assert rows and all(row.respondents == 2 for row in rows)
    names = {name for row in rows for cell in row.cells for name in cell.names}
    assert names == {"Wendy de Boer"}  # wpb4 filled it in too, without consent: only counted
    assert not HeatmapConsent.objects.filter(person__email="wpb4@demo.test").exists()


def test_demo_student4_has_a_finished_dossier(demo):
    job = DossierJob.objects.get()
    assert job.student == placement_of(4).student
    assert job.status == DossierStatus.DONE
    assert job.file


def demo_counts() -> list[int]:
    models = [
        User,
        Placement,
        FormVersion,
        GuidanceLog,
        GuidanceComment,
        Concern,
        TerminationProposal,
        CbvPlacement,
        CbvPlacement.history.model,
        SelfAssessment,
        HeatmapConsent,
        HeatmapConsent.history.model,
        DossierJob,
    ]
    return [model.objects.count() for model in models]


def test_running_it_twice_duplicates_nothing(demo):
    counts = demo_counts()
    call_command("seed_demo", verbosity=0)
    assert demo_counts() == counts


def test_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError, match="alleen met DEBUG aan"):
        call_command("seed_demo")


def vakdidactiek_of(n: int) -> dict[str, bool]:
    """{title: wpb judges} of demo student n's vakdidactiek outcomes."""
    outcomes = placement_of(n).outcomes.exclude(subject_outcome=None)
    return {
        po.subject_outcome.title: po.wpb_judges for po in outcomes.select_related("subject_outcome")
    }


def test_demo_english_students_have_teaching_grammar_judged_only_in_the_pilot(demo):
    # Handbook 5.5: "Bij Biologie, *een deel van de studenten NaSk en Engels (Teaching grammar)
    # heeft u als werkplekbegeleider ook een beoordelende rol."
    assert vakdidactiek_of(2)["Teaching Grammar"] is False
    assert vakdidactiek_of(10)["Teaching Grammar"] is True


def test_demo_wi_and_nask_students_show_two_outcomes_in_year_two(demo):
    # Handbook 5.5: "*studenten tonen 2 luks aan in jaar 2 en de overige in jaar 3".
    assert vakdidactiek_of(4) == {"Vakdidactiek algebra": False, "vakdidactiek meetkunde": False}
    assert vakdidactiek_of(13) == {
        "Rekendidactiek in NaSk-onderwijs gebruiken": True,
        "Vaktaal analyseren en onderwijzen": True,
    }
