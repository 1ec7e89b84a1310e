"""The preferences page: each person chooses how their own reminders arrive."""

from django.urls import reverse

from apps.accounts.models import AuditEvent, ReminderMode


def test_shows_the_current_choice(client, mentor):
    client.force_login(mentor)
    response = client.get(reverse("preferences"))
    assert response.context["form"].initial["reminder_mode"] == ReminderMode.DIGEST
    assert "Eén dagelijks overzicht" in response.content.decode()


def test_saves_my_choice_and_records_it(client, mentor):
    client.force_login(mentor)
    response = client.post(reverse("preferences"), {"reminder_mode": "direct"})
    mentor.refresh_from_db()
    assert response.status_code == 302 and mentor.reminder_mode == ReminderMode.IMMEDIATE
    assert AuditEvent.objects.filter(actor=mentor, action="preferences.reminder_mode").exists()


def test_changes_only_my_own_preferences(client, mentor, student):
    client.force_login(mentor)
    client.post(reverse("preferences"), {"reminder_mode": "direct"})
    student.user.refresh_from_db()
    assert student.user.reminder_mode == ReminderMode.DIGEST


def test_an_unknown_choice_is_refused(client, mentor):
    client.force_login(mentor)
    response = client.post(reverse("preferences"), {"reminder_mode": "elk-uur"})
    mentor.refresh_from_db()
    assert response.status_code == 400 and mentor.reminder_mode == ReminderMode.DIGEST


def test_needs_a_login(client):
    assert client.get(reverse("preferences")).status_code == 302
