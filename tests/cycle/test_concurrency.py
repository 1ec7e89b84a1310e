"""Two people saving the same form: the second is refused, keeps what they typed, and sees the
first person's change. Runs on SQLite and on PostgreSQL (CI runs the suite on both)."""

import re

from django.test import Client
from django.urls import reverse

from apps.cycle.models import FormEntry

LOCK = re.compile(r'name="lock_version" value="(\d+)"')


def open_form(user, version) -> tuple[Client, str]:
    client = Client()
    client.force_login(user)
    page = client.get(reverse("cycle:form", args=[version.pk])).content.decode()
    return client, LOCK.search(page).group(1)


def save(client, version, lock, entry, text):
    return client.post(
        reverse("cycle:form_feedback", args=[version.pk]),
        {"lock_version": lock, f"e{entry.pk}-feedback": text},
    )


def test_second_of_two_concurrent_saves_is_refused_with_its_input_kept(
    eind, mentor, schoolopleider
):
    entry = eind.entries.get(placement_outcome__outcome__code="5.1")
    wendy, wendy_lock = open_form(mentor, eind)
    sandra, sandra_lock = open_form(schoolopleider, eind)
    assert save(wendy, eind, wendy_lock, entry, "Feedback van Wendy").status_code == 302
    refused = save(sandra, eind, sandra_lock, entry, "Feedback van Sandra")
    page = refused.content.decode()
    assert refused.status_code == 409
    assert "Feedback van Sandra" in page
    assert "Feedback van Wendy" in page and "Wendy Werkplek" in page
    assert FormEntry.objects.get(pk=entry.pk).feedback == "Feedback van Wendy"
