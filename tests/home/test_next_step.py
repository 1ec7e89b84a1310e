"""Issue 10, part 4: the next step is always in sight, with a link to where it is taken; what
waits for each person is listed and counted in the navigation; an incomplete triangle is
flagged."""

import pytest
from django.urls import reverse

from apps.cycle.logbook.services import guidance_comment_add, guidance_log_create
from apps.cycle.models import KennismakingRecord, Leerplan, LeerplanStatus
from apps.cycle.procedure.services import disagreement_open, disagreement_resolve
from apps.home.dashboards import (
    instituutsopleider_dashboard,
    mentor_dashboard,
    navigation_counts,
    praktijkbureau_dashboard,
    student_dashboard,
)
from apps.placements.models import SchoolRole
from apps.placements.services import placement_set_people, school_assign
from tests.factories import UserFactory, make_placement
from tests.home.test_dashboards import BEFORE, send_with_judgement

LOG = {"what_i_did": "Twee lessen gegeven."}


def url(name, pk):
    return reverse(f"cycle:{name}", args=[pk])


def next_step(student):
    return student_dashboard(student.user, BEFORE)["next_step"]


def with_leerplan(placement, status):
    return Leerplan.objects.create(placement=placement, status=status)


@pytest.fixture
def kennisgemaakt(cycle_placement):
    KennismakingRecord.objects.create(placement=cycle_placement)
    return cycle_placement


# --- The student's next step ------------------------------------------------------------------


def test_kennismaking_is_the_first_step_and_links_to_its_page(cycle_placement, student):
    step = next_step(student)
    assert step.url == url("kennismaking", cycle_placement.pk)
    assert step.is_mine


def test_after_the_kennismaking_the_leerplan_is_next(kennisgemaakt, student):
    step = next_step(student)
    assert (step.label, step.url) == (
        "Je persoonlijk leerplan schrijven",
        url("leerplan", kennisgemaakt.pk),
    )


def test_a_returned_leerplan_asks_to_be_revised(kennisgemaakt, student):
    with_leerplan(kennisgemaakt, LeerplanStatus.RETURNED)
    assert next_step(student).label == "Je leerplan aanpassen: het is teruggegeven"


def test_a_submitted_leerplan_waits_for_approval(kennisgemaakt, student):
    with_leerplan(kennisgemaakt, LeerplanStatus.SUBMITTED)
    step = next_step(student)
    assert (step.url, step.is_mine) == (url("leerplan", kennisgemaakt.pk), False)


def test_between_conversations_the_logbook_is_next(kennisgemaakt, student):
    with_leerplan(kennisgemaakt, LeerplanStatus.APPROVED)
    assert next_step(student).url == url("logs", kennisgemaakt.pk)


def test_a_sent_eindbeoordeling_leads_to_its_pdf(kennisgemaakt, student, mentor, tussen, eind):
    with_leerplan(kennisgemaakt, LeerplanStatus.APPROVED)
    send_with_judgement(tussen, mentor)
    send_with_judgement(eind, mentor)
    assert next_step(student).url == url("form_pdf", eind.pk)


def test_a_doubt_and_then_its_outcome_lead_to_the_form(
    kennisgemaakt, student, mentor, instituutsopleider, tussen, eind
):
    with_leerplan(kennisgemaakt, LeerplanStatus.APPROVED)
    send_with_judgement(tussen, mentor)
    entry = send_with_judgement(eind, mentor).entries.first()
    doubt = disagreement_open(
        category="niveau", by=instituutsopleider, entry=entry, reason="Te globaal."
    )
    assert next_step(student).url == url("form", eind.pk)
    disagreement_resolve(
        by=mentor, disagreement=doubt, agreed=True, judgement="voldaan", rationale="Eens"
    )
    step = next_step(student)
    assert (step.label, step.url) == (
        "Het besluit over een oordeel op je formulier lezen",
        url("form", eind.pk),
    )


def test_timeline_links_every_conversation_to_its_page(cycle_placement, student, mentor, tussen):
    send_with_judgement(tussen, mentor)
    [item] = student_dashboard(student.user, BEFORE)["placements"]
    links = {s.conversation.kind: (s.url, s.pdf_url) for s in item.steps}
    assert links["kennismaking"] == (url("kennismaking", cycle_placement.pk), "")
    assert links["startgesprek"] == (url("leerplan", cycle_placement.pk), "")
    assert links["tussenevaluatie"] == (url("form", tussen.pk), url("form_pdf", tussen.pk))


def test_placement_page_leads_the_student_to_the_next_step(client, cycle_placement, student):
    client.force_login(student.user)
    page = client.get(url("placement", cycle_placement.pk)).content.decode()
    assert "De volgende stap" in page
    assert f'href="{url("kennismaking", cycle_placement.pk)}"' in page


def test_placement_page_shows_no_next_step_to_a_guide(client, cycle_placement, mentor):
    client.force_login(mentor)
    assert (
        "De volgende stap" not in client.get(url("placement", cycle_placement.pk)).content.decode()
    )


# --- What waits for the werkplekbegeleider ----------------------------------------------------


def mine(mentor, name):
    return list(mentor_dashboard(mentor, BEFORE)["waiting"][name])


def test_a_submitted_leerplan_waits_for_its_mentor_only(cycle_placement, mentor, outsider):
    with_leerplan(cycle_placement, LeerplanStatus.SUBMITTED)
    assert [row.placement for row in mine(mentor, "leerplans")] == [cycle_placement]
    assert mine(outsider, "leerplans") == []


def test_a_concept_leerplan_waits_for_the_student_not_the_mentor(cycle_placement, mentor):
    with_leerplan(cycle_placement, LeerplanStatus.DRAFT)
    dashboard = mentor_dashboard(mentor, BEFORE)
    assert [r.placement for r in dashboard["waiting"]["student_leerplans"]] == [cycle_placement]
    assert dashboard["mine_count"] == 0


def test_a_log_waits_until_the_mentor_comments(cycle_placement, student, mentor):
    log = guidance_log_create(by=student.user, placement=cycle_placement, held=BEFORE, values=LOG)
    assert [row.log for row in mine(mentor, "logs")] == [log]
    guidance_comment_add(by=mentor, log=log, text="Mooi.")
    assert mine(mentor, "logs") == []


def test_a_doubt_waits_for_the_mentor_who_is_part_of_it(
    cycle_placement, mentor, outsider, instituutsopleider, eind
):
    entry = send_with_judgement(eind, mentor).entries.first()
    doubt = disagreement_open(
        category="niveau", by=instituutsopleider, entry=entry, reason="Te globaal."
    )
    assert [row.disagreement for row in mine(mentor, "doubts")] == [doubt]
    assert mine(outsider, "doubts") == []


def test_mentor_list_has_no_column_with_their_own_name(client, cycle_placement, mentor):
    client.force_login(mentor)
    page = client.get(reverse("home")).content.decode()
    assert "Wendy Werkplek</td>" not in page
    assert '<th scope="col">Werkplekbegeleider</th>' not in page


# --- The count in the navigation --------------------------------------------------------------


def test_navigation_counts_what_waits_and_links_to_the_list(client, cycle_placement, mentor):
    with_leerplan(cycle_placement, LeerplanStatus.SUBMITTED)
    client.force_login(mentor)
    page = client.get(url("placement", cycle_placement.pk)).content.decode()
    assert f'href="{reverse("home")}#wpb-wacht">Te doen <span class="badge' in page
    assert navigation_counts(mentor, BEFORE).waiting == 1


def test_navigation_count_is_one_query_for_every_role(django_assert_num_queries, cycle_placement):
    user = UserFactory(roles=["student", "werkplekbegeleider", "schoolopleider"])
    with django_assert_num_queries(1):
        navigation_counts(user, BEFORE)


def test_student_count_follows_their_own_steps(cycle_placement, student):
    assert navigation_counts(student.user, BEFORE).waiting == 1  # the kennismaking
    KennismakingRecord.objects.create(placement=cycle_placement)
    with_leerplan(cycle_placement, LeerplanStatus.SUBMITTED)
    assert navigation_counts(student.user, BEFORE).waiting == 0


def test_anonymous_visitor_gets_no_count(client):
    assert "Te doen" not in client.get(reverse("accounts:login")).content.decode()


# --- Flags: a triangle without a werkplekbegeleider or instituutsopleider ---------------------


def test_praktijkbureau_sees_a_placement_without_werkplekbegeleider(admin_user, instituutsopleider):
    placement = make_placement(instituutsopleider=instituutsopleider)
    [row] = praktijkbureau_dashboard(admin_user, BEFORE)["incomplete"]
    assert (row.placement, row.missing) == (placement, ["Geen werkplekbegeleider"])
    assert navigation_counts(admin_user, BEFORE).waiting == 1


def test_instituutsopleider_of_the_school_sees_a_placement_without_one(mentor):
    io = UserFactory(roles=["instituutsopleider"])
    placement = make_placement(werkplekbegeleider=mentor)
    school_assign(by=None, school=placement.school, user=io, role=SchoolRole.INSTITUUTSOPLEIDER)
    [row] = instituutsopleider_dashboard(io, BEFORE)["incomplete"]
    assert row.missing == ["Geen instituutsopleider: niemand kan een oordeel in twijfel trekken"]


def test_flag_goes_when_someone_is_named(admin_user, mentor, instituutsopleider):
    placement = make_placement(instituutsopleider=instituutsopleider)
    placement_set_people(
        by=admin_user,
        placement=placement,
        werkplekbegeleider=mentor,
        schoolopleider=None,
        instituutsopleider=instituutsopleider,
    )
    assert praktijkbureau_dashboard(admin_user, BEFORE)["incomplete"].paginator.count == 0


def test_flag_on_the_home_page(client, admin_user):
    make_placement()
    client.force_login(admin_user)
    page = client.get(reverse("home")).content.decode()
    assert "Stages zonder volledige driehoek" in page
    assert "Geen instituutsopleider: niemand kan een oordeel in twijfel trekken" in page
