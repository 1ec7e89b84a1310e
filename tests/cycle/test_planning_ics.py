"""The conversations of a placement as an iCalendar file (RFC 5545)."""

import pytest
from django.urls import reverse

from apps.cycle.conversations.ics import ics_escape, ics_fold
from apps.cycle.conversations.services import conversations_plan


@pytest.fixture
def ics(client, placement, student):
    # A long name with the characters TEXT values must escape.
    student.user.full_name = "Anne-Marie van der Berg-Oosterhuis; de Vries, Ploeg \\ Ørsted"
    student.user.save()
    conversations_plan(by=None, placement=placement)
    client.force_login(student.user)
    return client.get(reverse("cycle:placement_ics", args=[placement.pk]))


def unfold(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def test_is_a_calendar_attachment(ics):
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    assert ics["Content-Disposition"].startswith('attachment; filename="gesprekken-anne-marie')


def test_every_line_ends_with_crlf(ics):
    body = ics.content.decode()
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")


def test_folded_lines_are_at_most_75_octets(ics):
    lines = ics.content.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # the long summary was folded


def test_one_event_per_conversation_with_a_stable_uid(ics, placement):
    lines = unfold(ics.content.decode())
    uids = {line for line in lines if line.startswith("UID:")}
    assert lines.count("BEGIN:VEVENT") == placement.conversations.count() == 4
    assert uids == {f"UID:conversation-{c.pk}@driehoek" for c in placement.conversations.all()}


def test_all_day_events_with_summary_and_stamp(ics, placement):
    lines = unfold(ics.content.decode())
    start = placement.conversations.get(kind="startgesprek")
    assert f"DTSTART;VALUE=DATE:{start.planned_date:%Y%m%d}" in lines
    assert (
        "SUMMARY:Startgesprek – Anne-Marie van der Berg-Oosterhuis\\; de Vries\\, Ploeg \\\\ Ørsted"
        in lines
    )
    assert sum(line.startswith("DTSTAMP:") and line.endswith("Z") for line in lines) == 4


def test_escaping_covers_backslash_semicolon_comma_and_newline():
    assert ics_escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def test_folding_never_splits_a_multibyte_character():
    folded = ics_fold("SUMMARY:" + "é" * 80).encode().split(b"\r\n")
    assert all(len(part) <= 75 for part in folded)
    assert [part.decode() for part in folded]  # every part is valid UTF-8 on its own


def test_a_moved_date_keeps_its_uid(client, placement, mentor):
    conversations_plan(by=None, placement=placement)
    start = placement.conversations.get(kind="startgesprek")
    client.force_login(mentor)
    client.post(
        reverse("cycle:conversation_reschedule", args=[start.pk]), {"planned_date": "2027-02-17"}
    )
    lines = unfold(client.get(reverse("cycle:placement_ics", args=[placement.pk])).content.decode())
    uid = lines.index(f"UID:conversation-{start.pk}@driehoek")
    assert "DTSTART;VALUE=DATE:20270217" in lines[uid : uid + 4]


def test_outsiders_get_404(client, placement, outsider):
    client.force_login(outsider)
    assert client.get(reverse("cycle:placement_ics", args=[placement.pk])).status_code == 404
