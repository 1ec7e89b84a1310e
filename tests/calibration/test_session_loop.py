"""Agreements become beslisregels in the mentor's live form; sent forms keep what they showed
(calibration-design.md §3.3 "closing the loop", criterion 24), and taking part is recorded in
the assessor register and the private mirror (§3.7, criteria 25, 26)."""

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from apps.calibration.models import AgreementKind
from apps.calibration.sessions.services import (
    SessionError,
    agreement_promote,
    agreement_record,
    session_close,
    session_reveal,
)
from apps.cycle.feedback.pdf import form_version_pdf
from apps.cycle.feedback.services import form_version_send
from apps.cycle.models import FormVersion
from apps.outcomes.models import DecisionRule
from apps.rubrics.models import SelfAssessment
from tests.calibration.conftest import judge, make_session, published
from tests.factories import LearningOutcomeFactory, SchoolFactory, UserFactory, make_placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def revealed(outcome):
    session, moderator, people = make_session(outcome, n=3)
    for person in people:
        judge(session, person)
    return session_reveal(by=moderator, session=session), moderator, people


def promoted(session, moderator, outcome, text="Ook voldaan als het in één lesserie blijkt."):
    indicator = outcome.dimensions.get(position=1).indicators.get(position=1)
    agreement = agreement_record(
        by=moderator,
        session=session,
        kind=AgreementKind.INTERPRETATION,
        text=text,
        indicator=indicator,
        action="Briefing aanpassen",
    )
    io = UserFactory(roles=[Role.INSTITUUTSOPLEIDER])
    return agreement_promote(by=io, agreement=agreement), indicator


def test_a_promoted_agreement_shows_beside_its_indicator_in_the_mentors_form(
    client, revealed, outcome, eind_for
):
    """Criterion 24: "A beslisregel promoted from a session agreement appears in the mentor's
    live form next to its indicator, with the session date.\""""
    session, moderator, people = revealed
    version, mentor = eind_for(outcome)
    rule, indicator = promoted(session, moderator, outcome)
    client.force_login(mentor)
    page = client.get(reverse("cycle:form", args=[version.pk])).content.decode()
    assert "Ook voldaan als het in één lesserie blijkt." in page
    assert "Afgesproken in kalibratiesessie van 12-11-2026" in page
    assert page.index(indicator.text) < page.index("Ook voldaan als")


def test_a_new_version_retires_the_previous_rule(revealed, outcome):
    session, moderator, people = revealed
    first, _indicator = promoted(session, moderator, outcome, text="Eerste lezing van de regel.")
    second, _indicator = promoted(session, moderator, outcome, text="Tweede lezing van de regel.")
    first.refresh_from_db()
    assert first.retired_at is not None and second.previous == first and second.version == 2
    assert list(DecisionRule.objects.filter(retired_at__isnull=True)) == [second]


def test_only_interpretation_or_cesuur_agreements_become_rules(revealed, outcome):
    session, moderator, people = revealed
    agreement = agreement_record(
        by=moderator, session=session, kind=AgreementKind.PROCESS, text="Vooraf lezen."
    )
    with pytest.raises(SessionError):
        agreement_promote(by=moderator, agreement=agreement)


def test_sent_forms_before_a_rule_stay_byte_identical_and_record_their_rules(
    revealed, outcome, eind_for, settings, tmp_path
):
    """Criterion 24: "Sent forms created before it are byte-identical after it is published,
    and each sent form records the beslisregel versions that were visible.\""""
    settings.MEDIA_ROOT = tmp_path
    session, moderator, people = revealed
    before_version, mentor = eind_for(outcome)
    sent = form_version_send(by=mentor, version=before_version)
    pdf = form_version_pdf(sent)
    rule, _indicator = promoted(session, moderator, outcome)
    stored = FormVersion.objects.get(pk=sent.pk)
    assert stored.fingerprint == sent.fingerprint and form_version_pdf(stored) == pdf
    assert list(stored.decision_rules.all()) == []
    after_version, mentor2 = eind_for(outcome)
    after = form_version_send(by=mentor2, version=after_version)
    assert list(after.decision_rules.all()) == [rule]


def test_closing_a_session_adds_its_people_to_the_register(client, revealed, admin_user):
    """Criterion 25: "Attending a session adds a register entry (date, outcome, role).\""""
    session, moderator, people = revealed
    session_close(by=moderator, session=session)
    client.force_login(admin_user)
    page = client.get(reverse("calibration:session_register")).content.decode()
    assert all(p.full_name in page for p in people)
    assert "12-11-2026 · 5.1 · Werkplekbegeleider" in page
    # attendance only: no judgement, no figure
    assert "voldaan" not in page and "%" not in page


def test_taking_part_never_changes_a_self_assessment(client, outcome):
    """Criterion 26: "Taking part in a session never changes any role-rubric self-assessment
    row (row hashes identical). The Beoordelaar self-assessment page shows the session count and
    a link to the private mirror.\""""
    from tests.test_access_matrix import rubrics_in_use

    mentor = UserFactory(full_name="Wendy Werkplek", roles=[Role.WERKPLEKBEGELEIDER])
    objects = rubrics_in_use(mentor)
    role = objects["rubric_role"]
    role.name = "Beoordelaar"
    role.save()
    rows = lambda: sorted(SelfAssessment.objects.values_list())  # noqa: E731
    before = rows()
    session, moderator, people = make_session(outcome, n=2)
    session.participants.create(user=mentor, role="werkplekbegeleider")
    for person in [*people, mentor]:
        judge(session, person)
    session_close(by=moderator, session=session_reveal(by=moderator, session=session))
    assert rows() == before
    client.force_login(mentor)
    page = client.get(reverse("rubrics:role", args=[role.pk])).content.decode()
    assert "Je nam deel aan 1 kalibratiesessie." in page
    assert reverse("calibration:session_mirror") in page


def test_the_mirror_shows_only_my_own_judgements(client, revealed):
    session, moderator, people = revealed
    client.force_login(people[0])
    page = client.get(reverse("calibration:session_mirror")).content.decode()
    assert "Jouw oordeel: Voldaan · sessie: 3 voldaan · 0 niet voldaan" in page
    assert people[1].full_name not in page


def test_an_exemplar_the_exposure_rule_forbids_is_refused_by_name(outcome):
    """Criterion 9: "a participant who is (a) the authoring mentor … is never assigned that
    exemplar"; the message names the exemplar and the person, never the source."""
    school = SchoolFactory(name="Bronschool Zuid")
    author = UserFactory(full_name="Anna Auteur", roles=[Role.WERKPLEKBEGELEIDER])
    make_placement(school=school, werkplekbegeleider=author)
    sourced = published(
        outcome,
        constructed=False,
        source_school=school,
        source_school_year="2026-2027",
        source_mentor=author,
    )
    with pytest.raises(SessionError) as refused:
        make_session(outcome, n=2, exemplars=[sourced], participants=[author])
    message = str(refused.value)
    assert f"#{sourced.pk}" in message and "Anna Auteur" in message
    assert "Bronschool" not in message


def test_the_target_is_locked_once_someone_submitted(client, outcome):
    session, moderator, people = make_session(outcome, n=3)
    client.force_login(moderator)
    url = reverse("calibration:session_edit", args=[session.pk])
    data = {"title": "K", "held_on": "2026-11-12", "target_agreement": "0.80"}
    assert client.post(url, {**data, "lock_version": 0}).status_code == 302
    judge(session, people[0])
    response = client.post(url, {**data, "target_agreement": "0.50", "lock_version": 1})
    assert response.status_code == 400
    session.refresh_from_db()
    assert str(session.target_agreement) == "0.80"


def test_the_set_up_page_prefills_the_outcome_and_lists_its_exemplars(
    client, outcome, schoolopleider
):
    published(outcome, title="Twijfelgeval routines")
    published(LearningOutcomeFactory(code="9.9"), title="Ander voorbeeld")
    client.force_login(schoolopleider)
    page = client.get(reverse("calibration:session_new") + f"?outcome={outcome.pk}")
    text = page.content.decode()
    assert "Twijfelgeval routines" in text and "Ander voorbeeld" not in text
