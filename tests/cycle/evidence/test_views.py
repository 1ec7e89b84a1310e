import pytest
from django.urls import reverse

from apps.accounts.models import AuditEvent
from apps.cycle.evidence.services import evidence_add
from apps.cycle.evidence.targets import TARGETS
from apps.cycle.models import Evidence, FormState, FormVersion
from tests.cycle.evidence.files import PDF, photo_bytes, upload
from tests.factories import make_placements
from tests.querycount import queries_for


def post_evidence(client, slug, pk, **data):
    return client.post(reverse("cycle:evidence_new", args=[slug, pk]), data)


# A real transaction: the file is written when the request's transaction commits, as in
# production (captured on-commit callbacks would run after the request closed the upload).
def test_the_student_attaches_a_lesson_plan_and_the_mentor_opens_it(
    transactional_db, client, student, mentor, log
):
    client.force_login(student.user)
    response = post_evidence(
        client, "logboek", log.pk, title="Lesplan 2B", file=upload("les.pdf", PDF)
    )
    assert response.status_code == 302 and response.url == reverse("cycle:log", args=[log.pk])
    evidence = Evidence.objects.get()
    client.force_login(mentor)
    assert "Lesplan 2B" in client.get(reverse("cycle:log", args=[log.pk])).content.decode()
    download = client.get(reverse("cycle:evidence_file", args=[evidence.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert "no-store" in download["Cache-Control"]
    assert AuditEvent.objects.filter(action="evidence.downloaded", actor=mentor).count() == 1


def test_a_bad_file_is_refused_in_dutch_and_nothing_is_kept(client, student, log, private_root):
    client.force_login(student.user)
    response = post_evidence(
        client, "logboek", log.pk, title="Les", file=upload("les.pdf", b"MZ not a pdf")
    )
    assert response.status_code == 400
    assert "Dit bestandstype kan niet" in response.content.decode()
    assert not Evidence.objects.exists() and not private_root.exists()


def test_the_upload_page_warns_about_pupils_privacy(client, student, log):
    client.force_login(student.user)
    page = client.get(reverse("cycle:evidence_new", args=["logboek", log.pk])).content.decode()
    assert "Let op de privacy van leerlingen" in page and "minderjarig" in page


def test_evidence_on_a_draft_reflection_is_the_students_own_until_submitted(
    client, student, mentor, eind, django_capture_on_commit_callbacks
):
    entry = eind.entries.first()
    with django_capture_on_commit_callbacks(execute=True):
        evidence = evidence_add(
            by=student.user,
            target=TARGETS["reflectie"],
            obj=entry,
            title="Foto van het bord",
            upload=upload("bord.jpg", photo_bytes()),
        )
    client.force_login(mentor)
    url = reverse("cycle:evidence_file", args=[evidence.pk])
    assert client.get(url).status_code == 404
    eind.state = FormState.SUBMITTED
    eind.save(update_fields=["state"])
    assert client.get(url).status_code == 200
    assert "Foto van het bord" in client.get(reverse("cycle:form", args=[eind.pk])).content.decode()


def test_the_student_sees_evidence_per_learning_outcome(client, student, eind, log):
    entry = eind.entries.first()
    for target, obj in (("reflectie", entry), ("logboek", log)):
        evidence_add(
            by=student.user,
            target=TARGETS[target],
            obj=obj,
            title=f"Bij-{target}",
            url="https://a.nl",
        )
    client.force_login(student.user)
    page = client.get(reverse("cycle:evidence", args=[eind.form.conversation.placement_id]))
    text = page.content.decode()
    assert text.index(str(entry.placement_outcome)) < text.index("Bij-reflectie")
    assert text.index("Zonder leeruitkomst") < text.index("Bij-logboek")


def test_an_outsider_gets_404_for_a_file(client, outsider, student, log):
    evidence = evidence_add(
        by=student.user, target=TARGETS["logboek"], obj=log, title="x", url="https://a.nl"
    )
    client.force_login(outsider)
    assert client.get(reverse("cycle:evidence_file", args=[evidence.pk])).status_code == 404


@pytest.mark.parametrize("page", ["cycle:log", "cycle:evidence", "cycle:form"])
def test_pages_with_evidence_cost_the_same_at_5_and_500_placements(
    client, student, mentor, log, eind, page
):
    def add_evidence(n):
        FormVersion.objects.filter(pk=eind.pk).update(state=FormState.DRAFT)
        for i in range(n):
            for slug, obj in (("logboek", log), ("reflectie", eind.entries.first())):
                evidence_add(
                    by=student.user, target=TARGETS[slug], obj=obj, title=f"{i}", url="https://a.nl"
                )
        FormVersion.objects.filter(pk=eind.pk).update(state=FormState.SUBMITTED)

    arg = {"cycle:log": log.pk, "cycle:evidence": log.conversation.placement_id}.get(page, eind.pk)
    url = reverse(page, args=[arg])
    client.force_login(mentor)
    make_placements(4, werkplekbegeleider=mentor)
    add_evidence(1)
    budget = queries_for(client, url)
    make_placements(495, werkplekbegeleider=mentor)
    add_evidence(20)
    assert queries_for(client, url) == budget


def test_evidence_on_a_goal_shows_on_the_leerplan(client, student, mentor, cycle_placement):
    from apps.cycle.models import Leerplan, LeerplanGoal

    leerplan = Leerplan.objects.create(placement=cycle_placement)
    goal = LeerplanGoal.objects.create(
        leerplan=leerplan, placement_outcome=cycle_placement.outcomes.first(), goal="Rust"
    )
    client.force_login(student.user)
    response = post_evidence(client, "leerdoel", goal.pk, title="Lesplan rust", url="https://a.nl")
    assert response.status_code == 302
    assert Evidence.objects.get().placement_outcome == goal.placement_outcome
    client.force_login(mentor)
    page = client.get(reverse("cycle:leerplan", args=[cycle_placement.pk])).content.decode()
    assert "Lesplan rust" in page
