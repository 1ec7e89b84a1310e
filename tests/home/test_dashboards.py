"""The dashboards of the home page: what each role sees first, and what it costs."""

from datetime import date

import pytest
from django.http import QueryDict
from django.urls import reverse

from apps.accounts.models import Role
from apps.cycle.conversations.services import conversations_plan
from apps.cycle.feedback.services import form_reflection_save, form_version_send
from apps.cycle.models import KennismakingRecord, Leerplan, LeerplanStatus
from apps.cycle.procedure.services import disagreement_open
from apps.home.dashboards import (
    PlacementScope,
    dashboards_for,
    instituutsopleider_dashboard,
    mentor_dashboard,
    schoolopleider_dashboard,
    student_dashboard,
)
from apps.home.forms import PlacementFilterForm
from apps.placements.models import Placement, PlacementStatus, SchoolRole
from apps.placements.services import placement_grant_extra, placement_set_status, school_assign
from tests.factories import (
    PeriodFactory,
    StudentProfileFactory,
    UserFactory,
    make_placement,
    make_placements,
)
from tests.querycount import queries_for

BEFORE = date(2027, 1, 1)  # before the placement's period (February–March 2027)
AFTER = date(2027, 6, 1)  # after every conversation of it


def planned(**people):
    """A placement with its conversations and forms planned."""
    placement = make_placement(**people)
    conversations_plan(by=None, placement=placement)
    return placement


def submit_reflection(version, student):
    return form_reflection_save(
        by=student.user,
        version=version,
        lock_version=version.lock_version,
        reflections={e.pk: "Ik stem mijn uitleg af op de klas." for e in version.entries.all()},
        submit=True,
    )


def send_with_judgement(version, mentor):
    version.entries.update(judgement="voldaan")  # arrange: the wpb's judgement, before sending
    return form_version_send(by=mentor, version=version)


def form_url(version):
    return reverse("cycle:form", args=[version.pk])


@pytest.fixture
def started(cycle_placement, student, mentor):
    """The kennismaking recorded and the leerplan approved: the forms come next."""
    KennismakingRecord.objects.create(placement=cycle_placement)
    Leerplan.objects.create(placement=cycle_placement, status=LeerplanStatus.APPROVED)
    return cycle_placement


def steps_of(dashboard):
    return {step.conversation.kind: step for step in dashboard["placements"][0].steps}


# --- Student ----------------------------------------------------------------------------------


def test_student_timeline_lists_the_conversations_by_date(cycle_placement, student):
    dashboard = student_dashboard(student.user, BEFORE)
    kinds = [s.conversation.kind for s in dashboard["placements"][0].steps]
    assert kinds == ["kennismaking", "startgesprek", "tussenevaluatie", "eindbeoordeling"]


def test_student_next_step_is_writing_the_reflection_when_it_is_due(started, student, tussen):
    due = tussen.form.conversation.planned_date
    step = student_dashboard(student.user, due)["next_step"]
    assert (step.label, step.url) == ("Zelfreflectie schrijven", form_url(tussen))
    assert step.is_mine


def test_student_waits_for_feedback_after_submitting(started, student, tussen):
    submit_reflection(tussen, student)
    dashboard = student_dashboard(student.user, tussen.form.conversation.planned_date)
    assert steps_of(dashboard)["tussenevaluatie"].waiting == (
        "Wacht op feedback van je werkplekbegeleider"
    )
    assert dashboard["next_step"].url == form_url(tussen)
    assert not dashboard["next_step"].is_mine


def test_student_sees_a_sent_form_as_received(cycle_placement, student, mentor, tussen):
    send_with_judgement(tussen, mentor)
    step = steps_of(student_dashboard(student.user, BEFORE))["tussenevaluatie"]
    assert (step.waiting, step.version_id) == ("Formulier ontvangen", tussen.pk)


def test_conversation_past_its_date_and_not_held_is_te_laat(cycle_placement, student):
    steps = steps_of(student_dashboard(student.user, AFTER))
    assert steps["kennismaking"].status_label == "te laat"


def test_held_conversation_is_gehouden(cycle_placement, student):
    kennismaking = cycle_placement.conversations.get(kind="kennismaking")
    type(kennismaking).objects.filter(pk=kennismaking.pk).update(
        held_date=kennismaking.planned_date
    )  # a past date in the test's clock
    steps = steps_of(student_dashboard(student.user, AFTER))
    assert steps["kennismaking"].status == "gehouden"
    assert steps["startgesprek"].status == "te_laat"


def test_student_page_shows_the_next_step(client, cycle_placement, student):
    client.force_login(student.user)
    page = client.get(reverse("home")).content.decode()
    assert "De volgende stap" in page
    assert "Zelfreflectie schrijven" in page


# --- Werkplekbegeleider -----------------------------------------------------------------------


def test_mentor_sees_a_submitted_reflection_waiting_with_its_due_date(
    cycle_placement, student, mentor, tussen
):
    submit_reflection(tussen, student)
    tasks = list(mentor_dashboard(mentor, BEFORE)["waiting"]["forms"])
    assert [(t.version.pk, t.action) for t in tasks] == [(tussen.pk, "Feedback geven en verzenden")]
    assert tasks[0].due == tussen.form.conversation.planned_date


def test_reflections_not_written_past_their_date_wait_for_the_student(
    cycle_placement, mentor, tussen, eind
):
    dashboard = mentor_dashboard(mentor, AFTER)
    tasks = list(dashboard["waiting"]["student_forms"])
    assert [t.version.pk for t in tasks] == [tussen.pk, eind.pk]
    assert all(t.is_overdue for t in tasks)
    assert dashboard["mine_count"] == 0


def test_mentor_has_nothing_waiting_for_a_sent_form(cycle_placement, mentor, tussen, eind):
    send_with_judgement(tussen, mentor)
    waiting = mentor_dashboard(mentor, AFTER)["waiting"]
    assert [t.version.pk for t in waiting["student_forms"]] == [eind.pk]
    assert waiting["forms"].paginator.count == 0


def test_schoolopleider_named_on_a_placement_sees_it_as_their_student(
    cycle_placement, schoolopleider
):
    students = mentor_dashboard(schoolopleider, BEFORE)["students"]
    assert [row.placement for row in students] == [cycle_placement]


# --- Schoolopleider ---------------------------------------------------------------------------


@pytest.fixture
def so_at_school(schoolopleider, placement):
    school_assign(
        by=None, school=placement.school, user=schoolopleider, role=SchoolRole.SCHOOLOPLEIDER
    )
    return schoolopleider


def test_schoolopleider_sees_every_student_at_their_school(so_at_school, placement):
    colleague = make_placement(school=placement.school)
    make_placement()  # another school
    rows = schoolopleider_dashboard(so_at_school, BEFORE)["students"]
    assert {row.placement for row in rows} == {placement, colleague}


def test_students_table_names_every_period_of_a_placement_in_order(so_at_school, placement):
    placement.periods.add(PeriodFactory(name="Blok 0", start=date(2026, 9, 1)))
    [row] = schoolopleider_dashboard(so_at_school, BEFORE)["students"]
    assert row.periods == ["Blok 0", placement.periods.order_by("start").last().name]


def test_filter_by_a_second_period_keeps_the_placement(so_at_school, placement):
    later = PeriodFactory(name="Blok 5", start=date(2027, 9, 1))
    placement.periods.add(later)
    make_placement(school=placement.school)  # only the first period
    params = QueryDict(f"so-periode={later.pk}")
    rows = schoolopleider_dashboard(so_at_school, BEFORE, params)["students"]
    assert [row.placement for row in rows] == [placement]


def test_schoolopleider_filter_by_werkplekbegeleider_narrows_the_table(
    so_at_school, placement, mentor
):
    make_placement(school=placement.school, werkplekbegeleider=UserFactory())
    params = QueryDict(f"so-werkplekbegeleider={mentor.pk}")
    rows = schoolopleider_dashboard(so_at_school, BEFORE, params)["students"]
    assert [row.placement for row in rows] == [placement]


def test_schoolopleider_ignores_an_invalid_filter(client, so_at_school, placement):
    client.force_login(so_at_school)
    response = client.get(reverse("home"), {"so-periode": "x", "so-opleiding": "9999"})
    assert response.status_code == 200
    assert "Sanne Student" in response.content.decode()


def test_schoolopleider_table_shows_the_cycle_and_what_is_late(
    cycle_placement, schoolopleider, instituutsopleider, mentor, eind
):
    kennismaking = cycle_placement.conversations.get(kind="kennismaking")
    type(kennismaking).objects.filter(pk=kennismaking.pk).update(
        held_date=kennismaking.planned_date
    )  # a past date in the test's clock
    sent = send_with_judgement(eind, mentor)
    disagreement_open(
        category="niveau", by=instituutsopleider, entry=sent.entries.first(), reason="Te globaal."
    )
    [row] = schoolopleider_dashboard(schoolopleider, AFTER)["students"]
    assert row.last_held == "Kennismakingsgesprek"
    assert row.stage == "Eindbeoordeling verzonden"
    # startgesprek and tussenevaluatie were never held; the sent eindbeoordeling took place
    assert (row.overdue_count, row.open_disagreement_count) == (2, 1)


def test_placement_that_has_not_started_says_so(client, so_at_school, placement):
    client.force_login(so_at_school)
    assert "nog niet gestart" in client.get(reverse("home")).content.decode()


# --- Instituutsopleider -----------------------------------------------------------------------


def test_instituutsopleider_sees_a_sent_form_as_received(
    cycle_placement, instituutsopleider, mentor, tussen
):
    send_with_judgement(tussen, mentor)
    received = instituutsopleider_dashboard(instituutsopleider, BEFORE)["received"]
    assert [row.version for row in received] == [tussen]


def test_instituutsopleider_sees_an_open_disagreement_as_in_doubt(
    cycle_placement, instituutsopleider, mentor, eind
):
    entry = send_with_judgement(eind, mentor).entries.first()
    disagreement_open(
        category="niveau", by=instituutsopleider, entry=entry, reason="Voorbeelden ontbreken."
    )
    doubts = instituutsopleider_dashboard(instituutsopleider, BEFORE)["doubts"]
    assert [row.disagreement.entry for row in doubts] == [entry]


def test_instituutsopleider_sees_overdue_conversations(cycle_placement, instituutsopleider):
    overdue = instituutsopleider_dashboard(instituutsopleider, AFTER)["overdue"]
    assert [row.conversation.kind for row in overdue] == [
        "kennismaking",
        "startgesprek",
        "tussenevaluatie",
        "eindbeoordeling",
    ]


def test_a_placement_ended_early_has_nothing_overdue(cycle_placement, instituutsopleider):
    placement_set_status(
        by=None,
        placement=cycle_placement,
        status=PlacementStatus.TERMINATED,
        termination_reason="persoonlijk",
        termination_date=date(2027, 3, 1),
    )
    dashboard = instituutsopleider_dashboard(instituutsopleider, AFTER)
    assert dashboard["overdue"].paginator.count == 0
    assert dashboard["students"][0].overdue_count == 0


def test_instituutsopleider_assigned_to_a_school_sees_its_students(placement):
    io = UserFactory(roles=[Role.INSTITUUTSOPLEIDER])
    school_assign(by=None, school=placement.school, user=io, role=SchoolRole.INSTITUUTSOPLEIDER)
    rows = instituutsopleider_dashboard(io, BEFORE)["students"]
    assert [row.placement for row in rows] == [placement]


def test_instituutsopleider_given_extra_access_sees_that_student(placement, admin_user):
    io = UserFactory(roles=[Role.INSTITUUTSOPLEIDER])
    placement_grant_extra(by=admin_user, placement=placement, user=io, reason="Vakdidacticus")
    rows = instituutsopleider_dashboard(io, BEFORE)["students"]
    assert [row.placement for row in rows] == [placement]


def test_instituutsopleider_filter_by_period(cycle_placement, instituutsopleider):
    other = planned(instituutsopleider=instituutsopleider, period=PeriodFactory())
    period = other.periods.get()
    params = QueryDict(f"io-periode={period.pk}")
    rows = instituutsopleider_dashboard(instituutsopleider, BEFORE, params)["students"]
    assert [row.placement for row in rows] == [other]


# --- Everyone ---------------------------------------------------------------------------------


def test_sections_follow_my_roles_student_first(placement):
    user = UserFactory(roles=[Role.SCHOOLOPLEIDER, Role.STUDENT, Role.WERKPLEKBEGELEIDER])
    templates = [d["template"] for d in dashboards_for(user, BEFORE, QueryDict())]
    assert templates == [
        "home/_dashboard_student.html",
        "home/_dashboard_mentor.html",
        "home/_dashboard_schoolopleider.html",
    ]


def test_outsider_with_every_role_sees_none_of_it(client, cycle_placement, mentor, tussen):
    send_with_judgement(tussen, mentor)
    outsider = UserFactory(roles=[r for r in Role if r != Role.ADMIN])
    client.force_login(outsider)
    page = client.get(reverse("home"), {"io-periode": cycle_placement.periods.get().pk})
    assert "Sanne Student" not in page.content.decode()


def test_admin_overview_covers_every_placement(cycle_placement, admin_user, mentor, tussen):
    send_with_judgement(tussen, mentor)
    [overview] = dashboards_for(admin_user, AFTER, QueryDict())
    assert [row.placement for row in overview["students"]] == [cycle_placement]
    assert [row.version for row in overview["received"]] == [tussen]


def test_pages_have_25_rows_and_a_link_to_the_next(client, mentor):
    make_placements(26, werkplekbegeleider=mentor)
    client.force_login(mentor)
    page = client.get(reverse("home"), {"wpb-pagina": "2"}).content.decode()
    assert "Pagina 2 van 2" in page
    assert client.get(reverse("home"), {"wpb-pagina": "zz"}).status_code == 200


# --- Query budgets: the same number of queries at 5 and at 500 placements ---------------------
# Every page: session, user, roles, unread notifications (4).


def grow(count: int, **people) -> None:
    """`count` placements in a period long past, so every conversation of them is overdue: a
    few through the service, many in bulk (the same rows, tests/test_factories.py)."""
    period = PeriodFactory(start=date(2020, 2, 3), end=date(2020, 3, 30))
    if count > 5:
        make_placements(count, period=period, **people)
        return
    for _ in range(count):
        planned(period=period, **people)


def test_student_home_queries_do_not_grow_with_placements(client, student):
    # 4 + placements with people, their periods, their conversations + the consent requests
    # of the exemplar bank (kalibreren): 8.
    client.force_login(student.user)
    grow(5, student=student)
    at_5 = queries_for(client, reverse("home"))
    grow(495, student=student)
    assert queries_for(client, reverse("home")) == at_5 == 8


def test_mentor_home_queries_do_not_grow_with_placements(client, mentor):
    # 4 + the scope + what waits (count, page) + the students page + the consent requests of
    # the exemplar bank (kalibreren): 9.
    client.force_login(mentor)
    grow(5, werkplekbegeleider=mentor)
    at_5 = queries_for(client, reverse("home"))
    grow(495, werkplekbegeleider=mentor)
    assert queries_for(client, reverse("home")) == at_5 == 9


def test_schoolopleider_home_queries_do_not_grow_with_placements(client, so_at_school, placement):
    # 4 + the scope (with the filter choices: periods, programmes, werkplekbegeleiders)
    # + the doubts I take part in (count; no page: there are none) + the students page + who
    # took part in the held conversations per school (issue 13): 8, with a filter applied.
    # The doubts are the schoolopleider's waiting list (issue 10).
    wpb = UserFactory()
    client.force_login(so_at_school)
    grow(5, school=placement.school, werkplekbegeleider=wpb)
    url = f"{reverse('home')}?so-werkplekbegeleider={wpb.pk}"
    at_5 = queries_for(client, url)
    grow(495, school=placement.school, werkplekbegeleider=wpb)
    assert queries_for(client, url) == at_5 == 8


def test_instituutsopleider_home_queries_do_not_grow_with_placements(
    client, cycle_placement, instituutsopleider, mentor, eind
):
    # 4 + the scope with the filter choices (1) + the other three lists' counts (1)
    # + students, received, in doubt, overdue (a page each) + the placements without a
    # werkplekbegeleider (a page; counted from the scope): 11. That last list flags an
    # incomplete triangle (issue 10); it costs no query when every placement is complete.
    sent = send_with_judgement(eind, mentor)
    disagreement_open(
        category="niveau", by=instituutsopleider, entry=sent.entries.first(), reason="Te globaal."
    )
    client.force_login(instituutsopleider)
    grow(4, instituutsopleider=instituutsopleider)
    at_5 = queries_for(client, reverse("home"))
    grow(495, instituutsopleider=instituutsopleider)
    assert queries_for(client, reverse("home")) == at_5 == 11


def test_admin_home_queries_do_not_grow_with_placements(
    client, cycle_placement, admin_user, instituutsopleider, mentor, eind
):
    # The instituutsopleider's overview of everything, with the flagged placements: 11.
    sent = send_with_judgement(eind, mentor)
    disagreement_open(
        category="niveau", by=instituutsopleider, entry=sent.entries.first(), reason="Te globaal."
    )
    client.force_login(admin_user)
    grow(4)
    at_5 = queries_for(client, reverse("home"))
    grow(495)
    assert queries_for(client, reverse("home")) == at_5 == 11


# --- Filter choices -----------------------------------------------------------------------------


def test_filter_choices_are_what_occurs_in_scope_in_order(instituutsopleider):
    late = PeriodFactory(name="Blok 4", start=date(2027, 4, 5))
    early = PeriodFactory(name="Blok 3", start=date(2027, 2, 1))
    zara, anna = UserFactory(full_name="Zara Zwart"), UserFactory(full_name="Anna Aalders")
    one = make_placement(
        instituutsopleider=instituutsopleider, period=late, werkplekbegeleider=zara
    )
    two = make_placement(
        instituutsopleider=instituutsopleider, period=early, werkplekbegeleider=anna
    )
    make_placement(period=PeriodFactory(name="Niet van mij"), student=StudentProfileFactory())
    scope = Placement.objects.filter(pk__in=[one.pk, two.pk])

    form = PlacementFilterForm(QueryDict(), prefix="io", scope=PlacementScope.of(scope))

    assert [label for _pk, label in form.fields["periode"].choices] == ["Alle", "Blok 3", "Blok 4"]
    assert [label for _pk, label in form.fields["werkplekbegeleider"].choices] == [
        "Alle",
        "Anna Aalders",
        "Zara Zwart",
    ]
    programmes = sorted([one.student.programme.name, two.student.programme.name])
    assert [label for _pk, label in form.fields["opleiding"].choices] == ["Alle", *programmes]


def test_overview_counts_every_list_in_one_query(cycle_placement, instituutsopleider, mentor, eind):
    sent = send_with_judgement(eind, mentor)
    disagreement_open(
        category="niveau", by=instituutsopleider, entry=sent.entries.first(), reason="Te globaal."
    )

    dashboard = instituutsopleider_dashboard(instituutsopleider, AFTER)

    assert dashboard["students"].paginator.count == 1
    assert dashboard["received"].paginator.count == 1
    assert dashboard["doubts"].paginator.count == 1
    assert len(dashboard["doubts"].object_list) == 1


def test_schoolopleider_sees_observations_against_what_the_school_agreed(
    so_at_school, placement, mentor
):
    from apps.cycle.models import Observation
    from apps.cycle.observations.services import default_instrument

    placement.school.agreed_observations = 2
    placement.school.save(update_fields=["agreed_observations"])
    visited = make_placement(school=placement.school)
    Observation.objects.create(
        placement=visited,
        observer=mentor,
        instrument=default_instrument(),
        observed_on=date(2026, 10, 1),
        group="2B",
        subject="Bi",
        topic="Cel",
    )
    rows = {r.placement: r for r in schoolopleider_dashboard(so_at_school, BEFORE)["students"]}
    assert (rows[visited].observation_count, rows[visited].agreed_observations) == (1, 2)
    assert rows[placement].observations_short and rows[visited].observations_short


def test_schoolopleider_home_costs_the_same_with_50_observations_per_placement(
    client, so_at_school, placement, mentor
):
    # The observation count is a subquery of the students page: 8, as without observations.
    from apps.cycle.models import Observation
    from apps.cycle.observations.services import default_instrument

    client.force_login(so_at_school)
    placements = [placement, *[make_placement(school=placement.school) for _ in range(4)]]
    at_0 = queries_for(client, reverse("home"))
    instrument = default_instrument()
    Observation.objects.bulk_create(
        Observation(
            placement=p,
            observer=mentor,
            instrument=instrument,
            observed_on=date(2026, 10, 1),
            group="2B",
            subject="Bi",
            topic="Cel",
        )
        for p in placements
        for _ in range(50)
    )
    assert queries_for(client, reverse("home")) == at_0 == 8
