"""In real Chromium at a phone's size (390 × 844): no page scrolls sideways and axe-core finds
nothing serious. The form, the kennismaking, the planning, the logs, the procedure pages
(doubt, concern, termination, maatwerk), the rubric grids and the quality pages; a wide grid
may scroll inside its own focusable container, never the page itself."""

from datetime import date

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from apps.cycle.conversations.services import conversations_plan
from apps.cycle.feedback.services import form_version_send
from apps.cycle.logbook.services import guidance_log_create
from apps.cycle.models import FormState, FormVersion
from apps.cycle.procedure.services import concern_raise, disagreement_open, termination_propose
from apps.cycle.records.dossier import dossier_request
from apps.outcomes.models import LearningOutcome
from apps.placements.models import PlacementStatus, school_year_of
from apps.placements.services import placement_set_status
from apps.rubrics.models import Rubric, RubricKind
from tests.browser.helpers import assert_accessible
from tests.factories import ProgrammeFactory, make_placement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world(student, mentor, schoolopleider, instituutsopleider):
    """A placement with its cycle and the seed texts (long, real ones), a sent eindbeoordeling
    in doubt, a concern, a proposed termination, a log and a dossier."""
    call_command("loaddata", "outcomes", "conversation_guide", "rubrics", "leidraad", verbosity=0)
    outcomes = LearningOutcome.objects.filter(study_year=2, is_maatwerk=False)
    student.programme = ProgrammeFactory(default_outcomes=list(outcomes))
    student.save()
    placement = make_placement(
        student=student,
        werkplekbegeleider=mentor,
        schoolopleider=schoolopleider,
        instituutsopleider=instituutsopleider,
    )
    conversations_plan(by=None, placement=placement)
    forms = FormVersion.objects.filter(form__conversation__placement=placement)
    tussen = forms.get(form__conversation__kind="tussenevaluatie")
    eind = forms.get(form__conversation__kind="eindbeoordeling")
    eind.entries.update(judgement="voldaan", motivation="Gaat wel goed.")
    eind = form_version_send(by=mentor, version=eind)
    entry = eind.entries.filter(judgement="voldaan").first()
    doubt = disagreement_open(
        category="niveau", by=instituutsopleider, entry=entry, reason="Geen voorbeeld."
    )
    outcome = placement.outcomes.first()
    concern = concern_raise(by=mentor, placement_outcome=outcome, text="Weinig zichtbaar.")
    termination = termination_propose(
        by=mentor, placement=placement, reason="stagnatie", explanation="Stilstand sinds week 3."
    )
    log = guidance_log_create(
        by=student.user, placement=placement, held=date.today(), values={"what_i_did": "Les 2B"}
    )
    job = dossier_request(by=instituutsopleider, placement=placement)
    return {
        "placement": placement,
        "tussen": tussen,
        "eind": eind,
        "doubt": doubt,
        "concern": concern,
        "termination": termination,
        "log": log,
        "job": job,
        "conversation": placement.conversations.filter(held_date__isnull=True).first(),
    }


def log_in_as(page, base, user):
    """A session made on the server: the login page itself is checked on its own."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])


def assert_fits_a_phone(page, base, paths):
    """No page scrolls sideways, fails axe-core or does not load (all named at once)."""
    page.set_viewport_size(PHONE)
    problems = []
    for path in paths:
        response = page.goto(base + path)
        if not response.ok:
            problems.append(f"{path}: {response.status}")
            page.axe_checked.add(page.url.split("#")[0])
            continue
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > PHONE["width"]:
            wide = page.evaluate(WIDEST)
            problems.append(f"{path}: {width}px wide ({wide})")
        try:
            assert_accessible(page)
        except AssertionError as error:
            problems.append(str(error))
            page.axe_checked.add(page.url.split("#")[0])
    assert problems == [], "\n".join(problems)


# The deepest elements that stick out past the viewport, to say what to fix.
WIDEST = """(() => {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    const scroller = el.parentElement && el.parentElement.closest('.table-responsive');
    if (!scroller && r.right > window.innerWidth + 1 && ![...el.children].some(
        c => c.getBoundingClientRect().right > window.innerWidth + 1)) {
      const classes = el.className ? '.' + String(el.className).split(' ').join('.') : '';
      out.push(el.tagName.toLowerCase() + classes + ':' + Math.round(r.right));
    }
  }
  return out.slice(0, 6).join(', ');
})()"""


def test_login_page_fits_a_phone(page, live_server):
    assert_fits_a_phone(page, live_server.url, ["/accounts/inloggen/"])


def test_student_pages_fit_a_phone(page, live_server, world, student):
    p = world["placement"].pk
    log_in_as(page, live_server.url, student.user)
    paths = [
        f"/stages/{p}/kennismaking/",
        f"/stages/{p}/persoonlijk/",
        f"/stages/{p}/planning/",
        f"/stages/{p}/logboek/",
        f"/logboek/{world['log'].pk}/",
        f"/formulieren/{world['tussen'].pk}/",
        f"/formulieren/{world['eind'].pk}/",
        f"/stages/{p}/beroepsvaardigheden/",
        f"/stages/{p}/beroepsvaardigheden/start/",
        "/meldingen/",
        "/voorkeuren/",
    ]
    assert_fits_a_phone(page, live_server.url, paths)


def test_mentor_pages_fit_a_phone(page, live_server, world, mentor):
    p = world["placement"].pk
    # The student has handed in the tussenevaluatie: the mentor writes beside the kijkkader.
    world["tussen"].entries.update(self_reflection="Ik hield de klas rustig bij de start.")
    FormVersion.objects.filter(pk=world["tussen"].pk).update(state=FormState.SUBMITTED)
    roles = Rubric.objects.get(kind=RubricKind.ROLE)
    role = roles.roles.first()
    log_in_as(page, live_server.url, mentor)
    paths = [
        f"/formulieren/{world['tussen'].pk}/",
        f"/formulieren/{world['eind'].pk}/",
        f"/meningsverschillen/{world['doubt'].pk}/",
        f"/stages/{p}/zorg/",
        f"/zorgen/{world['concern'].pk}/",
        f"/stages/{p}/beeindigen/",
        f"/beeindigingen/{world['termination'].pk}/",
        f"/stages/{p}/kennismaking/",
        f"/stages/{p}/planning/",
        f"/gesprekken/{world['conversation'].pk}/verplaatsen/",
        f"/stages/{p}/logboek/",
        f"/logboek/{world['log'].pk}/",
        "/rubrics/",
        f"/rubrics/{roles.pk}/",
        "/rubrics/mijn/",
        f"/rubrics/mijn/rollen/{role.pk}/",
        f"/rubrics/mijn/rollen/{role.pk}/nieuw/",
    ]
    assert_fits_a_phone(page, live_server.url, paths)


def test_instituutsopleider_pages_fit_a_phone(page, live_server, world, instituutsopleider):
    p = world["placement"].pk
    log_in_as(page, live_server.url, instituutsopleider)
    paths = [
        f"/formulieren/{world['eind'].pk}/",
        f"/meningsverschillen/{world['doubt'].pk}/",
        f"/zorgen/{world['concern'].pk}/",
        f"/beeindigingen/{world['termination'].pk}/",
        f"/stages/{p}/maatwerk/",
        "/dossiers/",
        f"/dossiers/{world['job'].pk}/",
        "/stages/kwaliteit/",
    ]
    assert_fits_a_phone(page, live_server.url, paths)


def test_schoolopleider_pages_fit_a_phone(page, live_server, world, schoolopleider):
    school = world["placement"].school
    log_in_as(page, live_server.url, schoolopleider)
    paths = [
        "/rubrics/team/",
        f"/stages/kwaliteit/school/{school.pk}/",
        f"/stages/kwaliteit/school/{school.pk}/{school_year_of(date.today())}/",
        f"/rubrics/{Rubric.objects.get(kind=RubricKind.PHASES).pk}/",
    ]
    assert_fits_a_phone(page, live_server.url, paths)


def test_quality_evaluation_fits_a_phone(page, live_server, placement, student):
    call_command("loaddata", "leidraad", verbosity=0)
    placement_set_status(by=None, placement=placement, status=PlacementStatus.COMPLETED)
    log_in_as(page, live_server.url, student.user)
    assert_fits_a_phone(page, live_server.url, [f"/stages/{placement.pk}/evaluatie/"])
