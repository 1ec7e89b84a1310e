"""The mentor's pitch gets its own fields beside the student's (co-design tool, sessie 3)."""

import pytest
from django.urls import reverse

from apps.core.concurrency import StaleEdit
from apps.cycle.leerplan.selectors import answer_token
from apps.cycle.leerplan.services import leerplan_answer, leerplan_save
from apps.cycle.models import Leerplan, LeerplanVersion
from tests.cycle.test_leerplan_services import submit

# 004, sessie 3, activiteit 4.
PITCH = (
    "De mentor schetst tijdens zijn pitch een beeld van zijn begeleiding. Wie ben ik als "
    "mentor/schoolopleider, welke waarden vind ik belangrijk? Welke methodieken zet ik in of "
    "kan ik inzetten? Wat zijn mijn kwaliteiten en wat zijn mijn valkuilen? Waarvoor kunnen "
    "studenten bij mij terecht? Wat verwacht ik van de student?"
)


@pytest.fixture
def started(cycle_placement, student):
    leerplan_save(
        by=student.user, placement=cycle_placement, lock_version=0, wishes={"qualities": "Rust"}
    )
    return cycle_placement


def test_mentor_writes_their_pitch_beside_the_students(client, started, student, mentor):
    """PITCH: who I am, my values, what I expect, each in its own field."""
    client.force_login(mentor)
    client.post(
        reverse("cycle:leerplan_answer", args=[started.pk]),
        {
            "mentor_who": "Ik ben docent Engels; ik vind eerlijkheid belangrijk.",
            "mentor_expects": "Dat je elke week een vraag meebrengt.",
            "guides_answer": "Elke dinsdag.",
            "seen": answer_token(Leerplan.objects.get()),
        },
    )
    client.force_login(student.user)
    page = client.get(reverse("cycle:leerplan_wishes", args=[started.pk])).content.decode()
    assert "De pitch van de mentor" in page and "eerlijkheid belangrijk" in page
    client.force_login(mentor)
    page = client.get(reverse("cycle:leerplan", args=[started.pk])).content.decode()
    assert "De pitch van de student" in page and "De pitch van de mentor" in page


def test_the_pitch_is_part_of_the_submitted_version(started, student, mentor):
    leerplan_answer(
        by=mentor,
        placement=started,
        answer="Elke dinsdag.",
        seen=answer_token(Leerplan.objects.get()),
        pitch={"mentor_expects": "Een vraag per week."},
    )
    submit(started, student, Leerplan.objects.get().lock_version)
    assert (
        "Wat ik verwacht van de student: Een vraag per week." in LeerplanVersion.objects.get().text
    )


def test_a_pitch_changed_by_the_other_guide_is_not_overwritten(started, mentor, schoolopleider):
    seen = answer_token(Leerplan.objects.get())
    leerplan_answer(
        by=schoolopleider, placement=started, answer="A", seen=seen, pitch={"mentor_who": "So"}
    )
    with pytest.raises(StaleEdit):
        leerplan_answer(by=mentor, placement=started, answer="B", seen=seen, pitch={})
