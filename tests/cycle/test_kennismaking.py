import pytest
from django.urls import reverse

from apps.accounts.models import AuditEvent
from apps.cycle.models import ConversationGuideItem, KennismakingRecord


@pytest.fixture
def agenda(db):
    return [
        ConversationGuideItem.objects.create(kind="kennismaking", position=1, text="Dagen"),
        ConversationGuideItem.objects.create(
            kind="kennismaking", position=2, text="Overige informatie", is_sensitive=True
        ),
    ]


def save(client, placement, lock=0, **values):
    data = {"lock_version": lock, **values}
    return client.post(reverse("cycle:kennismaking", args=[placement.pk]), data)


def test_student_records_and_mentor_sees_the_same(client, placement, student, mentor, agenda):
    client.force_login(student.user)
    save(client, placement, days_present="maandag en dinsdag", agenda_done=[agenda[0].pk])
    client.force_login(mentor)
    page = client.get(reverse("cycle:kennismaking", args=[placement.pk])).content.decode()
    assert 'value="maandag en dinsdag"' in page


def test_sensitive_agenda_point_is_not_a_checklist_item(client, placement, mentor, agenda):
    client.force_login(mentor)
    response = save(client, placement, agenda_done=[agenda[1].pk])
    assert response.status_code == 400
    assert not KennismakingRecord.objects.exists()


def test_concurrent_save_is_refused_and_shows_the_other_text(client, placement, student, mentor):
    client.force_login(student.user)
    save(client, placement, classes="2B en 3A")
    client.force_login(mentor)
    response = save(client, placement, lock=0, classes="4V")
    page = response.content.decode()
    assert response.status_code == 409
    assert "2B en 3A" in page and "4V" in page
    assert KennismakingRecord.objects.get().classes == "2B en 3A"


def test_instituutsopleider_reads_but_cannot_record(client, placement, instituutsopleider):
    client.force_login(instituutsopleider)
    assert client.get(reverse("cycle:kennismaking", args=[placement.pk])).status_code == 200
    assert save(client, placement, classes="x").status_code == 403


def share(client, placement, student, readers):
    client.force_login(student.user)
    return client.post(
        reverse("cycle:sensitive", args=[placement.pk]),
        {"lock_version": 0, "health": "Migraine", "visible_to": [r.pk for r in readers]},
    )


def test_only_chosen_people_read_sensitive_information(
    client, placement, student, mentor, instituutsopleider
):
    share(client, placement, student, [mentor])
    client.force_login(mentor)
    assert (
        "Migraine" in client.get(reverse("cycle:sensitive", args=[placement.pk])).content.decode()
    )
    client.force_login(instituutsopleider)
    assert client.get(reverse("cycle:sensitive", args=[placement.pk])).status_code == 404


def test_every_read_of_sensitive_information_is_audited(client, placement, student, mentor):
    share(client, placement, student, [mentor])
    client.force_login(mentor)
    client.get(reverse("cycle:sensitive", args=[placement.pk]))
    assert AuditEvent.objects.filter(action="sensitive_info.read", actor=mentor).count() == 1


def test_student_cannot_share_with_an_outsider(client, placement, student, outsider):
    response = share(client, placement, student, [outsider])
    assert response.status_code == 400
    assert "eigen begeleiders" in response.content.decode()


def test_a_long_agenda_point_is_cut_between_words_on_its_checkbox(client, placement, mentor):
    text = "Vraag de student naar de contactgegevens van de opleiders die de volgende " * 2
    ConversationGuideItem.objects.create(kind="kennismaking", position=1, text=text)
    client.force_login(mentor)
    page = client.get(reverse("cycle:kennismaking", args=[placement.pk])).content.decode()
    assert "opleiders die de volgende Vraag de…\n" in page


def test_a_section_shared_by_agenda_points_is_named_once(client, placement, mentor):
    for position, text in enumerate(["Allergieën", "Reistijd"], start=1):
        ConversationGuideItem.objects.create(
            kind="kennismaking", position=position, section="Wat is nog belangrijk?", text=text
        )
    client.force_login(mentor)
    page = client.get(reverse("cycle:kennismaking", args=[placement.pk])).content.decode()
    assert page.count("<strong>Wat is nog belangrijk?</strong>") == 1


def test_an_agenda_point_keeps_its_line_breaks(client, placement, mentor):
    text = "Vraag naar wie deze bijeenkomsten verzorgen:\n- Afstemmen en creëren\n- Leerstof"
    ConversationGuideItem.objects.create(kind="kennismaking", position=1, text=text)
    client.force_login(mentor)
    page = client.get(reverse("cycle:kennismaking", args=[placement.pk])).content.decode()
    assert "verzorgen:<br>- Afstemmen en creëren<br>- Leerstof" in page


@pytest.fixture
def agenda_with_notes(db):
    section = "Welke andere informatie is belangrijk om uit te wisselen?"
    return {
        "point": ConversationGuideItem.objects.create(
            kind="kennismaking", position=1, section=section, text="Vraag naar contactgegevens"
        ),
        "note": ConversationGuideItem.objects.create(
            kind="kennismaking", position=2, section=section, text="Reistijd", is_note=True
        ),
    }


def test_a_side_note_renders_as_text_without_an_input(client, placement, mentor, agenda_with_notes):
    client.force_login(mentor)
    page = client.get(reverse("cycle:kennismaking", args=[placement.pk])).content.decode()
    note = agenda_with_notes["note"]
    assert (
        'class="guide-note small mb-1"><span class="visually-hidden">Toelichting: </span>' in page
    )
    assert f'name="agenda_done" value="{note.pk}"' not in page


def test_an_agenda_point_has_its_checkbox(client, placement, mentor, agenda_with_notes):
    client.force_login(mentor)
    page = client.get(reverse("cycle:kennismaking", args=[placement.pk])).content.decode()
    assert f'name="agenda_done" value="{agenda_with_notes["point"].pk}"' in page


def test_a_side_note_cannot_be_ticked_off(client, placement, mentor, agenda_with_notes):
    client.force_login(mentor)
    response = save(client, placement, agenda_done=[agenda_with_notes["note"].pk])
    assert response.status_code == 400 and not KennismakingRecord.objects.exists()
