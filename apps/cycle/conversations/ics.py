"""A placement's conversations as an iCalendar file (RFC 5545)."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone as dj_timezone

from apps.cycle.models import Conversation, ConversationKind
from apps.placements.models import Placement

# iCalendar (RFC 5545), written by hand: CRLF line endings, lines folded at 75 octets, TEXT
# values escaped.
ICS_LINE_OCTETS = 75


def ics_escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def ics_fold(line: str) -> str:
    """Fold a content line into parts of at most 75 octets (RFC 5545 3.1); a continuation
    starts with one space. A multi-byte character is never split."""
    parts, current, size = [], "", 0
    for char in line:
        octets = len(char.encode())
        if size + octets > ICS_LINE_OCTETS:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += octets
    parts.append(current)
    return "\r\n".join(parts)


def conversation_summary(conversation: Conversation, student_name: str) -> str:
    kind = conversation.get_kind_display()
    if conversation.kind == ConversationKind.BEGELEIDING:
        kind = f"{kind} {conversation.sequence}"
    return f"{kind} – {student_name}"


def placement_ics(
    placement: Placement, conversations: list[Conversation], now: datetime | None = None
) -> str:
    """The placement's conversations as a VCALENDAR: one all-day VEVENT per dated conversation
    (the held date, else the planned date), with a UID that stays the same when it moves."""
    stamp = (now or dj_timezone.now()).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    student = placement.student.user.full_name
    url = f"{settings.SITE_URL}{reverse('cycle:placement', args=[placement.pk])}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Driehoek//Gesprekscyclus//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_escape(f'Gesprekken {student}')}",
    ]
    for conversation in conversations:
        day = conversation.held_date or conversation.planned_date
        if day is None:
            continue
        description = f"Stage van {student} bij {placement.school.name}.\nDriehoek: {url}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:conversation-{conversation.pk}@driehoek",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ics_escape(conversation_summary(conversation, student))}",
            f"LOCATION:{ics_escape(str(placement.school.name))}",
            f"DESCRIPTION:{ics_escape(description)}",
            f"URL:{url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)
