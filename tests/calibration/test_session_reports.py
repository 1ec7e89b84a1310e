"""Action items are marked afgehandeld and the praktijkbureau's report shows them, with the
state of the exemplar bank (calibration-design.md §3.3 output, §3.9 first list); the
examencommissie finds every revealed session's report in the session list, without names."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import AuditEvent, Role
from apps.calibration.models import (
    AgreementKind,
    CalibrationSession,
    Exemplar,
    Participant,
    SessionAgreement,
)
from apps.calibration.sessions.services import (
    SessionError,
    agreement_action_done,
    agreement_record,
    session_reveal,
)
from apps.outcomes.services import outcome_new_version
from tests.calibration.conftest import judge, make_session, published
from tests.factories import UserFactory
from tests.querycount import queries_for

pytestmark = pytest.mark.django_db
YEAR = "2026-2027"


@pytest.fixture
def revealed(outcome):
    session, moderator, people = make_session(outcome, n=3)
    for person in people:
        judge(session, person)
    return session_reveal(by=moderator, session=session), moderator, people


@pytest.fixture
def exam():
    return UserFactory(full_name="Erik Examen", roles=[Role.EXAMENCOMMISSIE])


def with_action(session, moderator, action="Briefing aanpassen") -> SessionAgreement:
    return agreement_record(
        by=moderator,
        session=session,
        kind=AgreementKind.PROCESS,
        text="Voortaan eerst de zelfreflectie lezen.",
        action=action,
    )


def test_an_action_item_is_marked_done_and_audited(revealed):
    session, moderator, _people = revealed
    agreement = agreement_action_done(
        by=moderator, agreement=with_action(session, moderator), done=True
    )
    assert SessionAgreement.objects.get(pk=agreement.pk).action_done is True
    assert AuditEvent.objects.filter(action="kalibratie_actiepunt_afgehandeld").exists()


def test_an_agreement_without_action_item_cannot_be_marked(revealed):
    session, moderator, _people = revealed
    with pytest.raises(SessionError):
        agreement_action_done(
            by=moderator, agreement=with_action(session, moderator, ""), done=True
        )


def test_the_moderator_marks_through_the_button_and_a_participant_may_not(client, revealed):
    session, moderator, people = revealed
    agreement = with_action(session, moderator)
    url = reverse("calibration:session_agreement_action", args=[agreement.pk])
    client.force_login(people[0])
    assert (
        "Markeer als afgehandeld"
        not in client.get(reverse("calibration:session_detail", args=[session.pk])).content.decode()
    )
    assert client.post(url, {"done": "1"}).status_code == 403
    client.force_login(moderator)
    assert client.post(url, {"done": "1"}).status_code == 302
    assert SessionAgreement.objects.get(pk=agreement.pk).action_done is True
    page = client.get(reverse("calibration:session_detail", args=[session.pk])).content.decode()
    assert "Weer openzetten" in page


def test_the_praktijkbureau_report_shows_action_items_open_and_done(client, revealed, bureau):
    session, moderator, _people = revealed
    agreement_action_done(
        by=moderator, agreement=with_action(session, moderator, "ACTIE-KLAAR"), done=True
    )
    with_action(session, moderator, "ACTIE-OPEN")
    client.force_login(bureau)
    page = client.get(reverse("calibration:report_praktijkbureau"), {"schooljaar": YEAR})
    html = page.content.decode()
    assert "1 open, 1 afgehandeld." in html
    csv = client.get(reverse("calibration:report_praktijkbureau_csv"), {"schooljaar": YEAR})
    assert "ACTIE-KLAAR;afgehandeld" in csv.content.decode("utf-8-sig")


def test_the_praktijkbureau_report_shows_the_bank_and_what_to_herijken(client, outcome, bureau):
    published(outcome, title="VOORBEELD-OUD")
    unanchored = published(outcome, title="Voorbeeld zonder anker")
    Exemplar.objects.filter(pk=unanchored.pk).update(reference_judgement="")
    outcome_new_version(by=bureau, outcome=outcome)
    client.force_login(bureau)
    html = client.get(reverse("calibration:report_praktijkbureau")).content.decode()
    assert "Te herijken voorbeelden" in html and "VOORBEELD-OUD" in html
    from apps.calibration.reports.selectors import bank_coverage

    (row,) = bank_coverage()
    assert (row["published"], row["voldaan"], row["no_reference"]) == (2, 1, 1)


def test_the_examencommissie_lists_every_revealed_session_without_names(client, revealed, exam):
    session, moderator, people = revealed
    planned, _m, _p = make_session(session.outcomes.first(), n=3, title="NOG-NIET-ONTHULD")
    client.force_login(exam)
    html = client.get(reverse("calibration:session_list")).content.decode()
    assert reverse("calibration:session_report", args=[session.pk]) in html
    assert reverse("calibration:session_report_pdf", args=[session.pk]) in html
    assert "Werkplekbegeleider: 3" in html
    assert "NOG-NIET-ONTHULD" not in html
    assert f'href="{reverse("calibration:session_detail", args=[session.pk])}"' not in html
    for person in [moderator, *people]:
        assert person.full_name not in html
    assert client.get(reverse("calibration:session_report", args=[session.pk])).status_code == 200


def test_a_participant_still_sees_only_their_own_sessions(client, revealed, outcome):
    session, _moderator, people = revealed
    other, _m, _p = make_session(outcome, n=3, title="ANDERE-SESSIE")
    CalibrationSession.objects.filter(pk=other.pk).update(revealed_at=timezone.now())
    client.force_login(people[0])
    html = client.get(reverse("calibration:session_list")).content.decode()
    assert "ANDERE-SESSIE" not in html
    assert f'href="{reverse("calibration:session_detail", args=[session.pk])}"' in html


def many_sessions(count: int, outcome, people) -> None:
    """`count` revealed sessions with a few participants each, made directly (not walked)."""
    organiser = people[0]
    sessions = CalibrationSession.objects.bulk_create(
        CalibrationSession(
            title=f"Sessie {n}",
            scope="partnerschap",
            school_year=YEAR,
            held_on=date(2026, 11, 1),
            organiser=organiser,
            moderator=organiser,
            phase="onthuld",
            revealed_at=timezone.now(),
        )
        for n in range(count)
    )
    CalibrationSession.outcomes.through.objects.bulk_create(
        CalibrationSession.outcomes.through(calibrationsession=s, learningoutcome=outcome)
        for s in sessions
    )
    Participant.objects.bulk_create(
        Participant(session=s, user=p, role=role)
        for s in sessions
        for p, role in zip(people, ["werkplekbegeleider", "schoolopleider"], strict=False)
    )


def test_the_examencommissies_list_costs_the_same_at_5_and_500_sessions(client, outcome, exam):
    people = [
        UserFactory(roles=[Role.WERKPLEKBEGELEIDER]),
        UserFactory(roles=[Role.SCHOOLOPLEIDER]),
    ]
    client.force_login(exam)
    counts = []
    for size in (5, 495):
        many_sessions(size, outcome, people)
        counts.append(queries_for(client, reverse("calibration:session_list")))
    assert CalibrationSession.objects.count() == 500
    assert counts[0] == counts[1]
