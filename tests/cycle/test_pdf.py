"""The PDF of a feedback- en beoordelingsformulier version (apps/cycle/feedback/pdf.py)."""

import io
from datetime import date
from decimal import Decimal
from unittest.mock import patch

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from apps.core import pdf as core_pdf
from apps.cycle.conversations.services import conversation_mark_held, conversations_plan
from apps.cycle.feedback import pdf as feedback_pdf
from apps.cycle.feedback.services import form_correct, form_version_send
from apps.cycle.models import Disagreement, DisagreementStatus, FormEntry, FormVersion
from apps.outcomes.models import KijkkaderDimension, SubjectOutcome
from apps.placements.models import PlacementOutcome
from tests.factories import (
    LearningOutcomeFactory,
    ProgrammeFactory,
    StudentProfileFactory,
    make_placement,
)

pytestmark = pytest.mark.django_db


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def text(data: bytes) -> str:
    # Extraction keeps line breaks where a paragraph wraps; compare on single spaces.
    return " ".join(" ".join(pages(data)).split())


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def filled(eind):
    """The eindbeoordeling of 5.1 (summative, asks confidence) and 5.4 (formative), written."""
    klimaat, ppi = eind.entries.order_by("placement_outcome__outcome__position")
    klimaat.self_reflection = "Ik werkte aan vaste routines in 2B."
    klimaat.feedback = "Op dinsdag begroette je elke leerling bij de deur."
    klimaat.feed_forward = "Geef stillere leerlingen gerichte complimenten."
    klimaat.judgement, klimaat.confidence_year3 = "voldaan", True
    klimaat.motivation = "Routines staan in alle klassen."
    klimaat.save()
    dimension = klimaat.placement_outcome.outcome.dimensions.get(position=1)
    klimaat.indicators_seen.set(dimension.indicators.filter(position=1))
    ppi.self_reflection = "Ik nam initiatief in de sectie."
    ppi.feedback = "Je stelde een nieuwe toetsweek voor."
    ppi.feed_forward = "Bereid oudergesprekken samen voor."
    ppi.development_made = "Van afwachtend naar initiatiefrijk."
    ppi.development_to_make = "Reflecteren op je rol in oudergesprekken."
    ppi.save()
    conversation_mark_held(by=None, conversation=eind.form.conversation, held=date(2026, 3, 26))
    return eind


@pytest.fixture
def sent(filled, mentor):
    return form_version_send(by=mentor, version=filled)


def test_header_shows_student_school_mentor_and_conversation(filled):
    shown = text(feedback_pdf.render_form_pdf(filled))
    placement = filled.form.conversation.placement
    assert "Sanne Student" in shown and placement.student.student_number in shown
    assert placement.school.name in shown and "Wendy Werkplek" in shown
    assert "Eindbeoordeling" in shown and "26 maart 2026 (gehouden)" in shown


def test_outcome_shows_reflection_feedback_feed_forward_and_judgement(filled):
    shown = text(feedback_pdf.render_form_pdf(filled))
    assert "Ik werkte aan vaste routines in 2B." in shown
    assert "Op dinsdag begroette je elke leerling bij de deur." in shown
    assert "Geef stillere leerlingen gerichte complimenten." in shown
    assert "Oordeel: Voldaan" in shown and "Routines staan in alle klassen." in shown
    assert "Voldoende vertrouwen in afronding in jaar 3: ja" in shown


def test_indicators_seen_are_listed_under_their_dimension(filled):
    shown = text(feedback_pdf.render_form_pdf(filled))
    assert "Geziene indicatoren Klassenmanagement Je past consequent routines toe." in shown
    assert shown.count("Je activeert leerlingen aan het begin van de les.") == 1  # kijkkader only


def test_formative_outcome_shows_the_three_parts(filled):
    shown = text(feedback_pdf.render_form_pdf(filled))
    assert "1. Indicatoren die al gezien zijn" in shown
    assert "2. Ontwikkeling die is doorgemaakt Van afwachtend naar initiatiefrijk." in shown
    assert "3. Ontwikkeling die nog gemaakt moet worden Reflecteren op je rol" in shown


def test_kijkkader_is_at_the_back_with_indicative_dimensions_marked(filled):
    last = " ".join(pages(feedback_pdf.render_form_pdf(filled))[-1].split())
    assert "Bijlage: kijkkaders" in last
    assert "Je activeert leerlingen aan het begin van de les." in last
    assert "Differentiatie indicatief, niet om te beoordelen" in last


def test_subject_outcome_shows_subject_title_and_ects(filled):
    subject = SubjectOutcome.objects.create(subject="BI", title="Practicum", ects=Decimal("2.5"))
    po = PlacementOutcome.objects.create(
        placement=filled.form.conversation.placement, subject_outcome=subject
    )
    FormEntry.objects.create(version=filled, placement_outcome=po)
    assert "Vakdidactiek Biologie: Practicum 2,5 ECTS" in text(feedback_pdf.render_form_pdf(filled))


def test_markup_in_typed_text_is_printed_as_text_and_fetches_nothing(filled):
    filled.entries.update(feedback='<img src="http://example.com/x.png"> <b>vet</b>')
    shown = text(feedback_pdf.render_form_pdf(filled))
    assert '<img src="http://example.com/x.png"> <b>vet</b>' in shown


def test_sent_version_shows_sender_version_and_fingerprint(sent, media):
    shown = text(feedback_pdf.form_version_pdf(sent))
    when = timezone.localtime(sent.sent_at).strftime("%H:%M")
    assert "Verzonden door Wendy Werkplek op" in shown and when in shown
    assert "Versie 1" in shown and sent.fingerprint in shown
    assert "CONCEPT" not in shown


def test_draft_is_marked_concept_on_every_page(filled):
    every = pages(feedback_pdf.form_version_pdf(filled))
    assert len(every) > 1
    assert all("CONCEPT – nog niet verzonden" in page for page in every)
    assert "Nog niet verzonden" in " ".join(every)


def test_draft_leaves_out_feedback_the_reader_may_not_see_yet(filled):
    shown = text(feedback_pdf.form_version_pdf(filled, show_feedback=False))
    assert "Op dinsdag begroette je" not in shown and "Oordeel" not in shown


def test_correction_shows_its_reason(sent, mentor):
    correction = form_correct(by=mentor, version=sent, reason="Typefout in de motivatie")
    shown = text(feedback_pdf.render_form_pdf(correction))
    assert "Versie 2" in shown and "Reden van correctie Typefout in de motivatie" in shown


def test_decided_disagreement_shows_the_final_judgement(sent, instituutsopleider):
    entry = sent.entries.get(judgement="voldaan")
    Disagreement.objects.create(
        entry=entry,
        raised_by=instituutsopleider,
        reason="Te weinig voorbeelden.",
        original_judgement="voldaan",
        status=DisagreementStatus.DECIDED,
        final_judgement="niet_voldaan",
        rationale="Geen voorbeelden uit de eigen lessen.",
        resolved_by=instituutsopleider,
        resolved_at=timezone.now(),
    )
    shown = text(feedback_pdf.render_form_pdf(sent))
    assert "Vastgesteld oordeel: Niet voldaan" in shown
    assert "Geen voorbeelden uit de eigen lessen." in shown


def test_sent_version_is_rendered_once_then_read_from_storage(sent, media):
    first = feedback_pdf.form_version_pdf(sent)
    stored = FormVersion.objects.get(pk=sent.pk)
    with patch(
        "apps.cycle.feedback.pdf.render_form_pdf", wraps=feedback_pdf.render_form_pdf
    ) as render:
        second = feedback_pdf.form_version_pdf(stored)
    assert stored.pdf.name == f"forms/formulier-{sent.pk}-v1.pdf"
    assert second == first and render.call_count == 0


def test_a_missing_stored_file_is_rendered_again(sent, media):
    feedback_pdf.form_version_pdf(sent)
    (media / sent.pdf.name).unlink()
    assert feedback_pdf.form_version_pdf(sent).startswith(b"%PDF")


def test_draft_is_rendered_every_time_and_not_stored(filled, media):
    with patch(
        "apps.cycle.feedback.pdf.render_form_pdf", wraps=feedback_pdf.render_form_pdf
    ) as render:
        feedback_pdf.form_version_pdf(filled)
        feedback_pdf.form_version_pdf(filled)
    assert render.call_count == 2
    assert FormVersion.objects.get(pk=filled.pk).pdf.name == ""


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.css",
        "https://example.com/static/css/pdf.css",
        "file:///static/../config/settings.py",
        "file:///static/%2e%2e/config/settings.py",
        "file:///static/admin/css/base.css",
        "data:text/css,body{}",
    ],
)
def test_url_fetcher_refuses_everything_but_our_static_files(url):
    with pytest.raises(core_pdf.StaticFileRefused):
        core_pdf.StaticOnlyFetcher()(url)


def test_url_fetcher_serves_our_stylesheet():
    response = core_pdf.StaticOnlyFetcher()(core_pdf.BASE_URL.rstrip("/") + "/static/css/pdf.css")
    assert response.content_type == "text/css" and b"@page" in response.read()


def test_font_is_embedded(filled):
    reader = PdfReader(io.BytesIO(feedback_pdf.render_form_pdf(filled)))
    fonts = reader.pages[0]["/Resources"]["/Font"].values()
    embedded = {
        font.get_object()["/BaseFont"]
        for font in fonts
        if "/FontFile2" in font.get_object()["/DescendantFonts"][0]["/FontDescriptor"]
    }
    assert any("Noto-Sans" in name for name in embedded)


def placement_with_outcomes(count: int) -> FormVersion:
    outcomes = [LearningOutcomeFactory(position=n) for n in range(count)]
    for outcome in outcomes:
        dimension = KijkkaderDimension.objects.create(outcome=outcome, position=1, name="Dimensie")
        dimension.indicators.create(position=1, text="Iets wat je ziet.")
    student = StudentProfileFactory(programme=ProgrammeFactory(default_outcomes=outcomes))
    conversations_plan(by=None, placement=make_placement(student=student))
    version = FormVersion.objects.get(
        form__conversation__placement__student=student, form__conversation__kind="eindbeoordeling"
    )
    for entry in version.entries.select_related("placement_outcome__outcome"):
        entry.indicators_seen.set(entry.gradable_indicators)
    return FormVersion.objects.get(pk=version.pk)


def test_query_count_does_not_grow_with_the_number_of_outcomes():
    counts = []
    for count in (3, 10):
        version = placement_with_outcomes(count)
        with CaptureQueriesContext(connection) as queries:
            feedback_pdf.render_form_pdf(version)
        counts.append(len(queries))
    # version with form, conversation, placement and people; periods; entries with outcomes;
    # indicators seen; kijkkader dimensions; their indicators; disagreements; the lesson
    # observations the version rests on.
    assert counts == [8, 8]


def test_stored_pdf_download_is_four_queries_and_no_render(client, sent, media, mentor):
    # session, user, roles, the version with its placement: nothing else, no rendering.
    feedback_pdf.form_version_pdf(sent)
    client.force_login(mentor)
    url = reverse("cycle:form_pdf", args=[sent.pk])
    client.get(url)
    with (
        patch("apps.cycle.feedback.pdf.render_form_pdf") as render,
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert len(queries) == 4 and render.call_count == 0
