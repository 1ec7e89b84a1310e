"""The exemplar bank (voorbeeldformulieren): consent, preparation, four-eyes review,
reference versions, hygiene and the AVG export (calibration-design.md §3.2, §4 criteria 5–10)."""

import io
import re
from datetime import date, timedelta

import pypdf
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from apps.accounts.models import AuditEvent, Role
from apps.calibration.exemplars.selectors import published_exemplars
from apps.calibration.exemplars.services import (
    ExemplarError,
    consent_decide,
    exemplar_prepare,
    exemplar_publish,
    exemplar_reference_edit,
    exemplar_review_save,
)
from apps.calibration.models import (
    CalibrationSession,
    Exemplar,
    ExemplarConsent,
    ExemplarState,
    SessionExemplar,
)
from apps.cycle.procedure.services import disagreement_open
from apps.cycle.records.export import student_export
from apps.placements.models import Placement, PlacementStatus
from tests.calibration.audit_world import sent_eindbeoordelingen
from tests.calibration.conftest import send_eindbeoordeling
from tests.factories import ExemplarFactory, LearningOutcomeFactory, UserFactory
from tests.querycount import queries_for


def prepare(entry, by, **kwargs):
    return exemplar_prepare(by=by, entry=entry, title="Grensgeval leerklimaat", **kwargs)


def published(entry, bureau, reviewer):
    exemplar = prepare(entry, bureau)
    return exemplar_publish(by=reviewer, exemplar=exemplar)


def session(phase, by):
    return CalibrationSession.objects.create(
        title=f"Sessie {phase}",
        scope="partnerschap",
        school_year="2026-2027",
        held_on=date(2027, 3, 1),
        organiser=by,
        moderator=by,
        phase=phase,
    )


# --- Consent (criteria 5 and 6) ---------------------------------------------------------------


def test_consent_is_asked_only_after_the_eindbeoordeling_closed_the_placement(
    client, cycle_placement, student
):
    """§3.2: "Consent is asked after the placement is closed, never before or during
    assessment"."""
    version = cycle_placement.conversations.get(kind="eindbeoordeling").form.versions.get()
    client.force_login(student.user)
    url = reverse("calibration:exemplar_consent", args=[version.pk])
    assert client.post(url, {"decision": "gegeven"}).status_code == 404  # not sent: no request
    sent = send_eindbeoordeling(cycle_placement)
    cycle_placement.refresh_from_db()
    assert cycle_placement.status == PlacementStatus.COMPLETED
    page = client.get(reverse("calibration:exemplar_consent", args=[sent.pk]))
    assert "Waarvoor vragen we je toestemming?" in page.content.decode()


def test_the_consent_request_is_its_own_screen_with_nothing_chosen(client, sent, student):
    """§3.2: "The request is a separate screen, not a pre-ticked box"."""
    client.force_login(student.user)
    home = client.get(reverse("home")).content.decode()
    assert reverse("calibration:exemplar_consents") in home
    page = client.get(reverse("calibration:exemplar_consent", args=[sent.pk])).content.decode()
    assert 'type="radio"' in page and "checked" not in page
    response = client.post(reverse("calibration:exemplar_consent", args=[sent.pk]))
    assert response.status_code == 400
    assert not ExemplarConsent.objects.exists()


def test_consent_records_the_version_of_the_text(client, sent, student, settings):
    settings.CALIBRATION_CONSENT_TEXT_VERSION = "2027-2"
    client.force_login(student.user)
    client.post(reverse("calibration:exemplar_consent", args=[sent.pk]), {"decision": "gegeven"})
    consent = ExemplarConsent.objects.get()
    assert (consent.party, consent.person, consent.in_force) == ("student", student.user, True)
    assert consent.consent_text_version == "2027-2"


def test_a_student_reaches_only_their_own_consent_page(client, sent, outsider):
    client.force_login(UserFactory(roles=["student"]))
    assert client.get(reverse("calibration:exemplar_consent", args=[sent.pk])).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("calibration:exemplar_consent", args=[sent.pk])).status_code == 404


def test_before_the_appeal_term_has_passed_nothing_can_be_decided(client, sent, student, settings):
    """§3.2 Sources: "the eindbeoordeling is final, the appeal period has passed". The page
    and the list say from when; a direct POST is refused."""
    settings.CALIBRATION_APPEAL_DAYS = 42
    opens = date_format(timezone.localdate(sent.sent_at) + timedelta(days=42), "j F Y")
    client.force_login(student.user)
    url = reverse("calibration:exemplar_consent", args=[sent.pk])
    page = client.get(url).content.decode()
    assert f"Je kunt toestemming geven vanaf {opens}, na de beroepstermijn" in page
    assert 'type="radio"' not in page
    listing = client.get(reverse("calibration:exemplar_consents")).content.decode()
    assert f"vanaf {opens}" in listing
    assert client.post(url, {"decision": "gegeven"}).status_code == 403
    assert not ExemplarConsent.objects.exists()
    with pytest.raises(ExemplarError, match="na de beroepstermijn"):
        consent_decide(by=student.user, version=sent, decision="gegeven")


def test_after_the_appeal_term_consent_can_be_given(client, sent, student, settings, days_later):
    settings.CALIBRATION_APPEAL_DAYS = 42
    days_later(42)
    client.force_login(student.user)
    url = reverse("calibration:exemplar_consent", args=[sent.pk])
    assert 'type="radio"' in client.get(url).content.decode()
    assert client.post(url, {"decision": "gegeven"}).status_code == 302
    assert ExemplarConsent.objects.get().in_force


def test_an_open_doubt_holds_consent_back_but_not_its_revocation(
    client, sent, student, mentor, instituutsopleider
):
    entry = sent.entries.get(placement_outcome__wpb_judges=True)
    consent_decide(by=student.user, version=sent, decision="gegeven")
    disagreement_open(by=instituutsopleider, entry=entry, reason="Te mild.", category="niveau")
    url = reverse("calibration:exemplar_consent", args=[sent.pk])
    client.force_login(mentor)
    assert "loopt nog een gesprek" in client.get(url).content.decode()
    listing = client.get(reverse("calibration:exemplar_consents")).content.decode()
    assert "Nog niet: over een oordeel loopt nog een gesprek" in listing
    assert client.post(url, {"decision": "gegeven"}).status_code == 403
    client.force_login(student.user)
    assert client.post(url, {"decision": "geweigerd"}).status_code == 302  # revoking still can
    assert ExemplarConsent.objects.get().revoked_at is not None


def test_the_consent_list_costs_the_same_at_5_and_500_closed_forms(db, client, settings):
    """Six queries: session, user, the closed forms with their placement, school, student and
    appeal window (one), the answers so far (one), the menu's roles and notifications."""
    settings.CALIBRATION_APPEAL_DAYS = 42
    mentor = UserFactory(roles=[Role.WERKPLEKBEGELEIDER])
    client.force_login(mentor)
    url = reverse("calibration:exemplar_consents")
    counts = []
    for n in (5, 495):
        placements = sent_eindbeoordelingen(n, werkplekbegeleider=mentor)
        Placement.objects.filter(pk__in=[p.pk for p in placements]).update(status="afgerond")
        counts.append(queries_for(client, url))
    assert counts[0] == counts[1]
    assert len(client.get(url).context["requests"]) == 500


def test_exemplar_from_a_real_form_needs_both_consents(client, sent, student, mentor, bureau):
    """Criterion 5: "Creating an exemplar from a real form without both consents (student and
    mentor) is impossible: the UI offers no button and a direct POST returns 403. A
    constructed exemplar needs none." """
    entry = sent.entries.get(placement_outcome__wpb_judges=True)
    consent_decide(by=student.user, version=sent, decision="gegeven")
    client.force_login(bureau)
    url = reverse("calibration:exemplar_prepare", args=[entry.pk])
    page = client.get(url).content.decode()
    assert "Kopie zonder namen maken" not in page
    assert entry not in client.get(reverse("calibration:exemplar_candidates")).context["entries"]
    assert client.post(url, {"title": "Voorbeeld"}).status_code == 403
    assert not Exemplar.objects.exists()

    consent_decide(by=mentor, version=sent, decision="gegeven")
    assert client.post(url, {"title": "Voorbeeld"}).status_code == 302
    assert Exemplar.objects.get().source_entry == entry

    response = client.post(
        reverse("calibration:exemplar_construct"),
        {
            "title": "Geconstrueerd",
            "outcome": entry.placement_outcome.outcome.pk,
            "moment": "eindbeoordeling",
            "study_year": 2,
            "track": "voltijd",
            "judgement": "niet_voldaan",
            "feedback": "Een geschreven casus.",
        },
    )
    assert response.status_code == 302
    assert Exemplar.objects.get(constructed=True).state == ExemplarState.DRAFT


def test_revoking_consent_withdraws_the_exemplar_in_the_same_request(
    client, judged_entry, student, bureau, reviewer
):
    """Criterion 6: "When either party revokes, the exemplar is gone from every planned session
    and from the bank listing within the same request. Its text fields are deleted (verified in
    the database and in the history tables). An audit-log entry exists." """
    exemplar = published(judged_entry, bureau, reviewer)
    exemplar_reference_edit(
        by=reviewer,
        exemplar=exemplar,
        lock_version=exemplar.lock_version,
        judgement="voldaan",
        confidence_year3=True,
        indicators=[],
        annotation="Net op de cesuur.",
    )
    planned, closed = session("gepland", bureau), session("afgesloten", bureau)
    for s in (planned, closed):
        SessionExemplar.objects.create(session=s, exemplar=exemplar, position=1)
    client.force_login(student.user)
    url = reverse("calibration:exemplar_consent", args=[judged_entry.version.pk])
    assert client.post(url, {"decision": "geweigerd"}).status_code == 302

    exemplar.refresh_from_db()
    assert exemplar.state == ExemplarState.WITHDRAWN
    assert exemplar not in published_exemplars()
    assert not any(getattr(exemplar, f) for f in ("feedback", "motivation", "self_reflection"))
    assert exemplar.reference_annotation == "" and not exemplar.reference_indicators.exists()
    assert not exemplar.reference_versions.exclude(annotation="").exists()
    for row in Exemplar.history.filter(id=exemplar.pk):
        assert (row.feedback, row.motivation, row.reference_annotation, row.title) == ("",) * 4
    assert list(SessionExemplar.objects.values_list("session", flat=True)) == [closed.pk]
    assert AuditEvent.objects.filter(action="exemplar_withdrawn", target_id=exemplar.pk).exists()
    assert ExemplarConsent.objects.get(party="student").revoked_at is not None


def test_the_mentor_may_revoke_too(judged_entry, mentor, bureau):
    exemplar = prepare(judged_entry, bureau)
    consent_decide(by=mentor, version=judged_entry.version, decision="geweigerd")
    exemplar.refresh_from_db()
    assert exemplar.state == ExemplarState.WITHDRAWN


# --- De-identification (criterion 7) ----------------------------------------------------------


def pdf_text(client, exemplar) -> str:
    response = client.get(reverse("calibration:exemplar_pdf", args=[exemplar.pk]))
    assert response["Content-Type"] == "application/pdf"
    pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
    return " ".join(page.extract_text() for page in pages)


def left_in(text: str, seeded: list[str]) -> list[str]:
    """The seeded strings in `text`, case-insensitive, also when a line break or the PDF's
    text extraction split one (all whitespace is ignored on both sides)."""
    squashed = re.sub(r"\s+", "", text).lower()
    return [s for s in seeded if re.sub(r"\s+", "", s).lower() in squashed]


def test_deidentification_leaves_none_of_the_seeded_strings(client, db, outcomes, bureau):  # noqa: F811
    """Criterion 7: "a fixture of 20 forms seeded with the student's, mentor's, school's,
    colleagues' and pupils' names, e-mail addresses, phone numbers, student numbers, class
    codes (3HAVO-b, 2c) and dates. After the pipeline, 0 of those strings remain
    (case-insensitive, also in the PDF)." Every form becomes a published exemplar; three of
    their PDFs (the first, a middle and the last form, with the reference) are rendered, as
    one PDF takes WeasyPrint about a second."""
    from apps.calibration.exemplars.deidentify import deidentify_entry
    from apps.cycle.conversations.services import conversations_plan
    from apps.cycle.models import FormEntry
    from tests.factories import (
        ProgrammeFactory,
        SchoolFactory,
        StudentProfileFactory,
        make_placement,
    )

    programme = ProgrammeFactory(default_outcomes=list(outcomes))
    remaining = []
    for n in range(20):
        student = StudentProfileFactory(
            user__full_name=f"Fleur{n} van Dijk{n}",
            programme=programme,
            student_number=f"{5000000 + n}",
        )
        mentor = UserFactory(full_name=f"Bram{n} de Boer{n}", email=f"bram{n}@school{n}.nl")
        school = SchoolFactory(name=f"Het Baken{n} College", city=f"Almere{n}")
        placement = make_placement(student=student, werkplekbegeleider=mentor, school=school)
        conversations_plan(by=None, placement=placement)
        entry = FormEntry.objects.filter(version__form__conversation__placement=placement).first()
        seeded = [
            f"Fleur{n} van Dijk{n}",
            f"fleur{n}",
            f"DIJK{n}",
            f"Bram{n}",
            f"de Boer{n}",
            f"Het Baken{n} College",
            f"Almere{n}",
            f"Collega{n} Jansen{n}",
            f"Leerling{n}",
            f"fleur{n}.vandijk@student.example.nl",
            f"bram{n}@school{n}.nl",
            "06-1234567" + str(n % 10),
            "+31 6 2345678" + str(n % 10),
            "020-765432" + str(n % 10),
            f"{5000000 + n}",
            f"{123456 + n}",
            "3HAVO-b",
            "2c",
            "4vwo",
            "H3A",
            f"{(n % 28) + 1}-03-2026",
            f"{(n % 28) + 1} maart 2026",
            "2026-04-15",
        ]
        entry.self_reflection = "Ik, " + ", ".join(seeded[:8]) + ", gaf les."
        entry.feedback = "Contact: " + " / ".join(seeded[8:15]) + "."
        entry.motivation = "Klassen " + " en ".join(seeded[15:]) + " en de 2e les."
        entry.save()
        texts = deidentify_entry(entry, extra_names=f"Collega{n} Jansen{n}\nLeerling{n}")
        remaining += left_in(" ".join(texts.values()), seeded)
        assert "de 2e les" in texts["motivation"]  # ordinary words stay
        exemplar = ExemplarFactory(
            constructed=False,
            source_entry=entry,
            source_mentor=mentor,
            outcome=entry.placement_outcome.outcome,
            state=ExemplarState.PUBLISHED,
            reference_judgement="voldaan",
            reference_annotation="Net op de cesuur.",
            **texts,
        )
        if n in (0, 9, 19):
            client.force_login(bureau)
            text = pdf_text(client, exemplar)
            remaining += left_in(text, seeded)
            assert "Net op de cesuur." in text and "[klas]" in text  # the PDF has the text
    assert remaining == []


def test_a_prepared_copy_counts_weeks_from_the_first_day_of_the_placement(judged_entry, bureau):
    """The period runs from Monday 1 February 2027: "3 maart" (no year) falls in its fifth
    week; 12-03-2026 lies before the placement and stays a date."""
    exemplar = prepare(judged_entry, bureau)
    assert "In de les van [week 5] zag ik" in exemplar.feedback
    assert "gaf op [datum] les" in exemplar.self_reflection


def test_a_name_typed_into_the_title_is_replaced_too(judged_entry, bureau):
    exemplar = exemplar_prepare(by=bureau, entry=judged_entry, title="Sanne in klas 2c")
    assert exemplar.title == "[student] in klas [klas]"


# --- Four-eyes review and the special-category scan (criterion 8) -----------------------------


def test_a_special_category_word_blocks_publication_until_the_reviewer_resolves_it(
    cycle_placement, student, mentor, bureau, reviewer
):
    """Criterion 8: "A form containing a word from the special-category list cannot be
    published until a reviewer resolves every hit." """
    sent = send_eindbeoordeling(
        cycle_placement,
        reflection="Door mijn dyslexie schrijf ik langzaam. Mijn moeder was ziek.",
    )
    consent_decide(by=student.user, version=sent, decision="gegeven")
    consent_decide(by=mentor, version=sent, decision="gegeven")
    entry = sent.entries.get(placement_outcome__wpb_judges=True)
    exemplar = prepare(entry, bureau)
    assert {h["word"] for h in exemplar.special_category_hits} == {"dyslexie", "ziek"}
    with pytest.raises(ExemplarError, match="gevoelige passage"):
        exemplar_publish(by=reviewer, exemplar=exemplar)
    # The reviewer deletes one passage and confirms the other harmless.
    ziek = next(i for i, h in enumerate(exemplar.special_category_hits) if h["word"] == "ziek")
    exemplar = exemplar_review_save(
        by=reviewer,
        exemplar=exemplar,
        lock_version=exemplar.lock_version,
        texts={"self_reflection": "Mijn moeder was ziek."},
        harmless={ziek},
    )
    resolutions = {h["word"]: h["resolution"] for h in exemplar.special_category_hits}
    assert resolutions == {"dyslexie": "verwijderd", "ziek": "onschadelijk"}
    assert exemplar_publish(by=reviewer, exemplar=exemplar).state == ExemplarState.PUBLISHED


def test_the_publisher_differs_from_the_preparer(client, judged_entry, bureau, reviewer):
    """Criterion 8: "The publisher must differ from the preparer (a POST by the same user
    returns 403)." """
    exemplar = prepare(judged_entry, bureau)
    client.force_login(bureau)
    review = client.get(reverse("calibration:exemplar_review", args=[exemplar.pk]))
    assert "Publiceren</button>" not in review.content.decode()
    url = reverse("calibration:exemplar_publish", args=[exemplar.pk])
    assert client.post(url).status_code == 403
    client.force_login(reviewer)
    assert client.post(url).status_code == 302
    exemplar.refresh_from_db()
    assert (exemplar.state, exemplar.published_by) == (ExemplarState.PUBLISHED, reviewer)


def test_a_constructed_exemplar_is_reviewed_by_someone_else_too(bureau):
    exemplar = ExemplarFactory(prepared_by=bureau)
    with pytest.raises(PermissionDenied):
        exemplar_publish(by=bureau, exemplar=exemplar)


def test_the_original_shows_only_on_the_review_page_while_in_preparation(
    client, judged_entry, bureau, reviewer, schoolopleider
):
    exemplar = prepare(judged_entry, bureau)
    client.force_login(reviewer)
    review = client.get(reverse("calibration:exemplar_review", args=[exemplar.pk])).content
    assert b"Sandra School" in review and b"<mark" in review  # the original, highlighted
    detail = client.get(reverse("calibration:exemplar_detail", args=[exemplar.pk])).content
    assert b"Sandra School" not in detail and b"[schoolopleider]" in detail
    exemplar_publish(by=reviewer, exemplar=exemplar)
    response = client.get(reverse("calibration:exemplar_review", args=[exemplar.pk]))
    assert response.status_code == 403
    # The schoolopleider of the source school never sees it (exposure rule).
    client.force_login(schoolopleider)
    assert client.get(reverse("calibration:exemplar_list")).context["exemplars"] == []


# --- Reference (anker) ------------------------------------------------------------------------


def test_the_reference_starts_as_the_final_decision_and_keeps_its_versions(
    judged_entry, bureau, reviewer
):
    """§3.2: "After a session the panel may revise the annotation. Versions are kept and the
    moderator's name is recorded." """
    exemplar = prepare(judged_entry, bureau, reference_annotation="Duidelijk voldaan.")
    assert exemplar.reference_judgement == judged_entry.judgement == "voldaan"
    exemplar_reference_edit(
        by=reviewer,
        exemplar=exemplar,
        lock_version=exemplar.lock_version,
        judgement="niet_voldaan",
        confidence_year3=None,
        indicators=[],
        annotation="Na de sessie: onder de cesuur.",
        reason="Afspraak sessie",
    )
    versions = list(exemplar.reference_versions.values_list("number", "judgement", "edited_by"))
    assert versions == [(1, "voldaan", bureau.pk), (2, "niet_voldaan", reviewer.pk)]


# --- Hygiene and the register (criterion 10) --------------------------------------------------


def test_retention_and_a_new_kijkkader_version_are_handled_by_the_job(
    judged_entry, bureau, reviewer
):
    """Criterion 10: "Exemplars past the retention date or whose kijkkader version has retired
    are removed or flagged by the retention job." """
    old = published(judged_entry, bureau, reviewer)
    Exemplar.objects.filter(pk=old.pk).update(expires_on=date.today() - timedelta(days=1))
    outcome = ExemplarFactory(prepared_by=bureau, state=ExemplarState.PUBLISHED).outcome
    fresh = Exemplar.objects.get(outcome=outcome)
    LearningOutcomeFactory(code=outcome.code, version=outcome.version + 1, previous=outcome)
    call_command("purge_exemplars")
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.state, old.feedback) == (ExemplarState.WITHDRAWN, "")
    assert fresh.state == ExemplarState.RECALIBRATE
    assert list(published_exemplars()) == []


def test_the_students_export_says_the_exemplar_exists_not_its_text(judged_entry, student, bureau):
    """Criterion 10: exemplars "appear in core.personal_data and in the student's AVG export
    (the exemplar exists, not its text)." """
    exemplar = prepare(judged_entry, bureau)
    data = student_export(student)
    rows = data["voorbeeldformulieren"]
    assert [r["id"] for r in rows] == [exemplar.pk]
    assert rows[0]["state"] == "concept"
    assert "feedback" not in rows[0] and "motivation" not in rows[0]
    assert exemplar.feedback not in str(data["voorbeeldformulieren"])
    assert {c["party"] for c in data["toestemming_voorbeeldformulier"]} == {"student"}


# --- School type and vak (§3.2 step 4) ---------------------------------------------------------


def real_copies(n: int, outcome, **kwargs) -> list:
    """`n` copies of real forms (published unless said otherwise) from MBO schools."""
    fields = {"state": ExemplarState.PUBLISHED, "school_type": "mbo", "subject": "Leraar Duits"}
    return [
        ExemplarFactory(
            constructed=False, source_mentor=UserFactory(), outcome=outcome, **(fields | kwargs)
        )
        for _ in range(n)
    ]


def test_a_copy_keeps_the_school_type_and_the_vak(judged_entry, bureau):
    placement = judged_entry.version.form.conversation.placement
    placement.school.school_type = "vo"
    placement.school.save()
    exemplar = prepare(judged_entry, bureau)
    assert (exemplar.school_type, exemplar.subject) == ("vo", placement.student.programme.name)


def test_school_type_and_vak_show_only_from_five_published_copies_of_the_kind(client, bureau):
    """§3.2 step 4: "School type (VO/MBO) and vak are shown only when the category has at
    least 5 source forms in the bank": four published copies of real forms of the outcome and
    moment hide them (a draft, a constructed exemplar and another moment do not count); the
    fifth shows them, on the page and in the PDF."""
    outcome = LearningOutcomeFactory()
    first, *_others = real_copies(4, outcome)
    real_copies(1, outcome, state=ExemplarState.DRAFT)
    real_copies(1, outcome, moment="tussenevaluatie")
    ExemplarFactory(outcome=outcome, state=ExemplarState.PUBLISHED, subject="Leraar Duits")
    client.force_login(bureau)
    url = reverse("calibration:exemplar_detail", args=[first.pk])
    page = client.get(url).content.decode()
    assert "Schooltype" not in page and "Leraar Duits" not in page
    assert "Leraar Duits" not in pdf_text(client, first)
    real_copies(1, outcome)
    page = client.get(url).content.decode()
    assert "Schooltype" in page and "MBO" in page and "Leraar Duits" in page
    assert "Leraar Duits" in pdf_text(client, first)


def test_the_author_of_a_constructed_exemplar_may_give_school_type_and_vak(client, bureau):
    outcome = LearningOutcomeFactory()
    client.force_login(bureau)
    response = client.post(
        reverse("calibration:exemplar_construct"),
        {
            "title": "Geconstrueerd",
            "outcome": outcome.pk,
            "moment": "eindbeoordeling",
            "study_year": 2,
            "track": "voltijd",
            "school_type": "mbo",
            "subject": "Economie",
            "judgement": "voldaan",
            "feedback": "Een geschreven casus.",
        },
    )
    exemplar = Exemplar.objects.get()
    assert (exemplar.school_type, exemplar.subject) == ("mbo", "Economie")
    assert "Economie" in client.get(response["Location"]).content.decode()


def test_the_page_and_the_pdf_cost_the_same_at_5_and_500_exemplars_of_the_kind(client, bureau):
    """The PDF for the praktijkbureau: seven queries (session, user, roles, the exemplar with
    its outcome and people, whether a session holds its reference back from them, the count of
    its kind, the reference indicators); the page nine."""
    outcome = LearningOutcomeFactory()
    first = real_copies(1, outcome)[0]
    client.force_login(bureau)
    counts = []
    for n in (4, 495):
        Exemplar.objects.bulk_create(
            Exemplar(
                constructed=False,
                source_mentor=first.source_mentor,
                outcome=outcome,
                title="Kopie",
                moment="eindbeoordeling",
                study_year=2,
                track="voltijd",
                state=ExemplarState.PUBLISHED,
                prepared_by=bureau,
                expires_on=date(2031, 8, 1),
            )
            for _ in range(n)
        )
        counts.append(
            [
                queries_for(client, reverse(name, args=[first.pk]))
                for name in ("calibration:exemplar_detail", "calibration:exemplar_pdf")
            ]
        )
    assert counts[0] == counts[1]
