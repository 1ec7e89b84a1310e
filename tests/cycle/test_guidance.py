from datetime import date

import pytest
from django.urls import reverse

from apps.cycle.common import CycleError
from apps.cycle.logbook.services import guidance_comment_add, guidance_log_create


def log_week(placement, student, what="Twee lessen gegeven in 2B"):
    return guidance_log_create(
        by=student.user, placement=placement, held=date(2027, 2, 8), values={"what_i_did": what}
    )


def test_each_log_is_the_next_begeleidingsgesprek_on_the_timeline(cycle_placement, student):
    first, second = log_week(cycle_placement, student), log_week(cycle_placement, student)
    assert (first.conversation.sequence, second.conversation.sequence) == (1, 2)
    assert first.conversation.held_date == date(2027, 2, 8)


def test_only_the_student_keeps_the_log(cycle_placement, mentor):
    with pytest.raises(CycleError, match="Alleen de student"):
        guidance_log_create(
            by=mentor, placement=cycle_placement, held=date.today(), values={"what_i_did": "x"}
        )


def test_mentor_comments_and_the_student_is_told(cycle_placement, student, mentor):
    log = log_week(cycle_placement, student)
    guidance_comment_add(by=mentor, log=log, text="Mooi dat je de groepjes hebt gewisseld.")
    assert student.user.notifications.filter(message__contains="reageerde").exists()


def test_log_page_keeps_typed_text_on_an_error(client, cycle_placement, student):
    client.force_login(student.user)
    response = client.post(
        reverse("cycle:logs", args=[cycle_placement.pk]),
        {"held": "niet-een-datum", "what_i_did": "Mijn tekst blijft staan"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Mijn tekst blijft staan" in page and "Vul een geldige datum in" in page


def test_timeline_links_to_the_log(client, cycle_placement, student):
    log = log_week(cycle_placement, student)
    client.force_login(student.user)
    page = client.get(reverse("cycle:placement", args=[cycle_placement.pk])).content.decode()
    assert reverse("cycle:log", args=[log.pk]) in page


def test_stale_edit_of_a_log_is_refused(client, cycle_placement, student):
    log = log_week(cycle_placement, student)
    client.force_login(student.user)
    data = {"held": "2027-02-08", "what_i_did": "Eerste", "lock_version": 0}
    client.post(reverse("cycle:log", args=[log.pk]), data)
    response = client.post(reverse("cycle:log", args=[log.pk]), data | {"what_i_did": "Tweede"})
    assert response.status_code == 409 and "Tweede" in response.content.decode()


def test_a_conversation_is_recorded_as_held_from_the_timeline(client, cycle_placement, mentor):
    kennismaking = cycle_placement.conversations.get(kind="kennismaking")
    client.force_login(mentor)
    client.post(
        reverse("cycle:conversation_held", args=[kennismaking.pk]),
        {"held": "2026-11-02", "participants": ["student", "werkplekbegeleider"]},
    )
    kennismaking.refresh_from_db()
    assert kennismaking.held_date == date(2026, 11, 2)


def test_a_conversation_cannot_be_held_in_the_future(client, cycle_placement, student):
    startgesprek = cycle_placement.conversations.get(kind="startgesprek")
    client.force_login(student.user)
    response = client.post(
        reverse("cycle:conversation_held", args=[startgesprek.pk]),
        {"held": "2099-01-01", "participants": ["student"]},
        follow=True,
    )
    assert "niet in de toekomst" in response.content.decode()
    startgesprek.refresh_from_db()
    assert startgesprek.held_date is None


def test_new_log_date_is_filled_in_the_format_a_date_field_shows(client, cycle_placement, student):
    # A browser's date field only shows an ISO value; a localised 08-02-2027 leaves it empty
    # and the student would get "Dit veld is verplicht" without having touched it.
    client.force_login(student.user)
    page = client.get(reverse("cycle:logs", args=[cycle_placement.pk])).content.decode()
    assert f'type="date" name="held" value="{date.today():%Y-%m-%d}"' in page


def test_saved_log_date_is_shown_in_the_date_field(client, cycle_placement, student):
    log = log_week(cycle_placement, student)
    client.force_login(student.user)
    page = client.get(reverse("cycle:log", args=[log.pk])).content.decode()
    assert 'type="date" name="held" value="2027-02-08"' in page
