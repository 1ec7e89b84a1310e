"""A calibration session keeps judgements blind until the moderator reveals them
(calibration-design.md §3.3, criteria 1–4). Criteria 1 and 3 are checked by crawling as each
participant and the moderator in test_session_blind_crawl.py (every reachable page, PDFs read
as text); here are the rules that are not a crawl."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.calibration.models import SessionPhase
from apps.calibration.sessions.services import (
    SessionError,
    session_reference_reveal,
    session_reveal,
)
from tests.calibration.conftest import judge, make_session, motivation_of, row_hash

pytestmark = pytest.mark.django_db


def pages_of(session):
    names = ["session_list", "session_mirror"]
    urls = [reverse(f"calibration:{n}") for n in names]
    for name in ("session_detail", "session_judge", "session_report", "session_report_pdf"):
        urls.append(reverse(f"calibration:{name}", args=[session.pk]))
    return urls


def test_a_submitted_judgement_cannot_change_by_post(client, outcome):
    """Criterion 2: "After P submits, editing P's judgement through the UI or by POST returns
    403 or 409. The stored judgement is unchanged (compared by row hash).\""""
    session, moderator, (p, *_rest) = make_session(outcome, n=3)
    judge(session, p)
    participant = session.participants.get(user=p)
    before = row_hash(participant)
    client.force_login(p)
    url = reverse("calibration:session_judge", args=[session.pk])
    page = client.get(url).content.decode()
    assert "Indienen" not in page and "disabled" in page
    data = {"lock_version": 0, "submit": "concept"}
    for se in session.session_exemplars.all():
        data[f"x{se.exemplar_id}-judgement"] = "niet_voldaan"
        data[f"x{se.exemplar_id}-motivation"] = "Toch anders"
    assert client.post(url, data).status_code == 409
    assert client.post(url, data, HTTP_X_AUTOSAVE="1").status_code == 409
    assert row_hash(participant) == before


def test_submitting_needs_a_ticked_indicator_and_a_motivation(client, outcome):
    """ "a motivation that must cite at least one indicator or observation" (§3.3): at least one
    ticked indicator and 40 characters; a draft may be incomplete and is kept."""
    session, moderator, (p, *_rest) = make_session(outcome, n=3)
    client.force_login(p)
    url = reverse("calibration:session_judge", args=[session.pk])
    exemplar_ids = list(session.session_exemplars.values_list("exemplar_id", flat=True))
    data = {"lock_version": 0, "submit": "indienen"}
    for pk in exemplar_ids:
        data[f"x{pk}-judgement"] = "voldaan"
        data[f"x{pk}-confidence_year3"] = "ja"
        data[f"x{pk}-motivation"] = "Kort."
    response = client.post(url, data)
    assert response.status_code == 400
    assert "vink ten minste één indicator aan" in response.content.decode()
    assert "Kort." in response.content.decode()  # nothing typed is lost
    assert session.participants.get(user=p).submitted_at is None
    data["submit"] = "concept"
    assert client.post(url, data).status_code == 302
    assert client.get(url).content.decode().count("Kort.") == len(exemplar_ids)


def test_the_reveal_waits_for_everyone_or_the_deadline(outcome):
    """ "only the moderator opens it … only when everyone submitted or the deadline passed\""""
    session, moderator, people = make_session(outcome, n=3)
    judge(session, people[0])
    with pytest.raises(SessionError):
        session_reveal(by=people[0], session=session)
    with pytest.raises(SessionError):
        session_reveal(by=moderator, session=session)
    session.judge_before = timezone.now() - timedelta(minutes=1)
    session.save()
    assert session_reveal(by=moderator, session=session).phase == SessionPhase.REVEALED


def test_after_the_reveal_names_appear_only_for_who_opted_in(client, outcome):
    """Criterion 3: "After the reveal, participants' names appear next to motivations only for
    those who opted in (seeded names: 0 unexpected occurrences).\""""
    session, moderator, people = make_session(outcome, n=3)
    for person in people:
        judge(session, person, verdict="niet_voldaan" if person == people[2] else "voldaan")
    named = session.participants.get(user=people[1])
    named.show_name = True
    named.save()
    session_reveal(by=moderator, session=session)
    client.force_login(moderator)
    page = client.get(reverse("calibration:session_detail", args=[session.pk])).content.decode()
    assert all(motivation_of(p) in page for p in people)
    assert people[1].full_name in page
    assert people[0].full_name not in page and people[2].full_name not in page
    assert "2 voldaan · 1 niet voldaan" in page
    assert "<svg" in page and "<table" in page


def test_the_reference_shows_only_after_the_moderator_reveals_it(client, outcome):
    """Criterion 4: "The reference is not visible to participants until the moderator reveals
    it (default: after the discussion).\""""
    session, moderator, people = make_session(outcome, n=3)
    for person in people:
        judge(session, person)
    session = session_reveal(by=moderator, session=session)
    client.force_login(people[0])
    url = reverse("calibration:session_detail", args=[session.pk])
    assert "REFERENTIE-ANKERTEKST" not in client.get(url).content.decode()
    session_reference_reveal(by=moderator, session=session)
    assert "REFERENTIE-ANKERTEKST" in client.get(url).content.decode()


def test_only_the_moderator_opens_the_reveal(client, outcome):
    session, moderator, people = make_session(outcome, n=3)
    for person in people:
        judge(session, person)
    client.force_login(people[0])
    url = reverse("calibration:session_reveal", args=[session.pk])
    assert client.post(url).status_code == 403
    client.force_login(moderator)
    assert client.post(url).status_code == 302
    session.refresh_from_db()
    assert session.phase == SessionPhase.REVEALED


def test_a_student_never_reaches_a_session(client, outcome, student):
    """Criterion 18: "Students see no calibration or agreement data.\""""
    session, moderator, people = make_session(outcome, n=3)
    client.force_login(student.user)
    for url in pages_of(session) + [
        reverse("calibration:session_new"),
        reverse("calibration:session_register"),
    ]:
        assert client.get(url).status_code == 404, url


def test_the_report_counts_participants_by_role_without_names(client, outcome):
    """§3.3 Output: "number of participants by role (no names in the examencommissie
    version)"; criterion 16: no name beside a figure."""
    from apps.accounts.models import Role
    from tests.factories import UserFactory

    session, moderator, people = make_session(outcome, n=3)
    for person in people:
        judge(session, person)
    named = session.participants.get(user=people[0])
    named.show_name = True
    named.save()
    session_reveal(by=moderator, session=session)
    client.force_login(UserFactory(roles=[Role.EXAMENCOMMISSIE]))
    page = client.get(reverse("calibration:session_report", args=[session.pk])).content.decode()
    assert "Werkplekbegeleider: 3" in page and "3 voldaan · 0 niet voldaan" in page
    assert not any(p.full_name in page for p in [moderator, *people])
    assert not any(motivation_of(p) in page for p in people)
    pdf = client.get(reverse("calibration:session_report_pdf", args=[session.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_participant_who_manages_the_bank_reads_the_reference_only_after_the_reveal(
    client, outcome
):
    """Criterion 4 in the bank: an instituutsopleider manages the exemplar bank and takes part
    in sessions; the crawl (test_session_blind_crawl.py) found the reference on the exemplar's
    page and in its PDF before the moderator revealed it."""
    from apps.accounts.models import Role
    from tests.calibration.crawler import pdf_text
    from tests.factories import UserFactory

    io = UserFactory(full_name="Ivo Instituut", roles=[Role.INSTITUUTSOPLEIDER])
    session, moderator, people = make_session(outcome, n=2)
    session.participants.create(user=io)
    exemplar = session.session_exemplars.first().exemplar
    client.force_login(io)
    page = reverse("calibration:exemplar_detail", args=[exemplar.pk])
    pdf = reverse("calibration:exemplar_pdf", args=[exemplar.pk])
    edit = reverse("calibration:exemplar_reference", args=[exemplar.pk])
    assert "REFERENTIE-ANKERTEKST" not in client.get(page).content.decode()
    assert "REFERENTIE-ANKERTEKST" not in pdf_text(client.get(pdf).content)
    assert client.get(edit).status_code == 403
    for person in [*people, io]:
        judge(session, person)
    session = session_reveal(by=moderator, session=session)
    session_reference_reveal(by=moderator, session=session)
    assert "REFERENTIE-ANKERTEKST" in client.get(page).content.decode()
    assert "REFERENTIE-ANKERTEKST" in pdf_text(client.get(pdf).content)
    assert client.get(edit).status_code == 200
