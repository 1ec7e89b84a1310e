"""The triangle on the page (issue 13): each guide's e-mail and phone on the placement page for
the people of the placement, who took part in a held conversation, and per school how the held
conversations compare with the grote or kleine driehoek the school chose."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Role
from apps.accounts.services import user_phone_set
from apps.cycle.common import CycleError
from apps.cycle.conversations.services import conversation_mark_held
from apps.cycle.conversations.triangle import participant_choices, triangle_by_school
from apps.cycle.models import Conversation, ConversationKind
from apps.placements.models import Driehoek, School, SchoolRole
from apps.placements.services import placement_grant_extra, school_assign
from tests.factories import UserFactory, make_placement, make_placements
from tests.querycount import queries_for

TODAY = timezone.localdate()
EVERYONE = ["student", "werkplekbegeleider", "schoolopleider", "instituutsopleider"]


def page_of(client, user, placement) -> str:
    client.force_login(user)
    response = client.get(reverse("cycle:placement", args=[placement.pk]))
    assert response.status_code == 200
    return response.content.decode()


def held(placement, kind, participants, by=None):
    conversation = placement.conversations.get(kind=kind)
    conversation_mark_held(by=by, conversation=conversation, held=TODAY, participants=participants)
    return conversation


# --- Contacts ---------------------------------------------------------------------------------


def test_the_student_sees_the_mentors_email_and_phone_as_links(client, cycle_placement, mentor):
    """Handbook ch.1: "Neem in dit geval contact op met de instituutsopleider." The placement
    page shows each guide's e-mail address and phone number to the others in the triangle."""
    user_phone_set(by=mentor, user=mentor, phone="06 12345678")
    page = page_of(client, cycle_placement.student.user, cycle_placement)
    assert "Contact in de driehoek" in page
    assert f'href="mailto:{mentor.email}"' in page
    assert 'href="tel:0612345678">06 12345678</a>' in page
    assert f'href="mailto:{cycle_placement.instituutsopleider.email}"' in page


@pytest.mark.parametrize(
    "who",
    [
        "student",
        "werkplekbegeleider",
        "schoolopleider",
        "instituutsopleider",
        "opleider",
        "studieloopbaanbegeleider",
    ],
)
def test_everyone_named_on_the_placement_sees_the_contacts(client, cycle_placement, who):
    user = cycle_placement.student.user if who == "student" else getattr(cycle_placement, who)
    page = page_of(client, user, cycle_placement)
    assert "Contact in de driehoek" in page and "(jij)" in page


def test_the_praktijkbureau_sees_the_contacts(client, cycle_placement, admin_user, mentor):
    page = page_of(client, admin_user, cycle_placement)
    assert f'href="mailto:{mentor.email}"' in page


def test_someone_given_extra_access_sees_names_but_no_contacts(
    client, cycle_placement, admin_user, mentor
):
    user_phone_set(by=mentor, user=mentor, phone="06 12345678")
    reader = UserFactory(roles=[Role.INSTITUUTSOPLEIDER])
    placement_grant_extra(
        by=admin_user, placement=cycle_placement, user=reader, reason="Vakdidactiek 5.6"
    )
    page = page_of(client, reader, cycle_placement)
    assert mentor.full_name in page
    assert "Contact in de driehoek" not in page and "06 12345678" not in page


def test_an_outsider_still_gets_404(client, cycle_placement, outsider):
    client.force_login(outsider)
    response = client.get(reverse("cycle:placement", args=[cycle_placement.pk]))
    assert response.status_code == 404


# --- Who took part ----------------------------------------------------------------------------


def test_held_pre_ticks_the_student_and_the_mentor(client, cycle_placement, mentor):
    page = page_of(client, mentor, cycle_placement)
    start = cycle_placement.conversations.get(kind=ConversationKind.STARTGESPREK).pk
    for role in ("student", "werkplekbegeleider"):
        assert f'value="{role}" id="erbij-{start}-{role}" checked' in page, role
    for role in ("schoolopleider", "instituutsopleider"):
        assert f'value="{role}" id="erbij-{start}-{role}">' in page, role


def test_a_held_conversation_records_who_took_part(client, cycle_placement, mentor):
    """Handbook ch.3: "De gesprekken vinden plaats in de driehoek: student – werkplek –
    instituut." Marking a conversation held records who took part."""
    start = cycle_placement.conversations.get(kind=ConversationKind.STARTGESPREK)
    client.force_login(mentor)
    client.post(
        reverse("cycle:conversation_held", args=[start.pk]),
        {"held": f"{TODAY:%Y-%m-%d}", "participants": EVERYONE[:3]},
    )
    start.refresh_from_db()
    assert start.held_date == TODAY and start.participants == EVERYONE[:3]
    assert "met student, werkplekbegeleider, schoolopleider" in page_of(
        client, mentor, cycle_placement
    )


def test_held_with_nobody_ticked_is_refused(client, cycle_placement, mentor):
    start = cycle_placement.conversations.get(kind=ConversationKind.STARTGESPREK)
    client.force_login(mentor)
    response = client.post(
        reverse("cycle:conversation_held", args=[start.pk]),
        {"held": f"{TODAY:%Y-%m-%d}"},
        follow=True,
    )
    assert "Vink aan wie er bij het gesprek waren." in response.content.decode()
    start.refresh_from_db()
    assert start.held_date is None


def test_nobody_takes_part_who_is_not_on_the_placement(student, mentor):
    placement = make_placement(student=student, werkplekbegeleider=mentor)
    with pytest.raises(CycleError, match="geen instituutsopleider"):
        held(placement, ConversationKind.STARTGESPREK, ["student", "instituutsopleider"])
    # The page offers only who is on the placement.
    assert [c.value for c in participant_choices(placement)] == ["student", "werkplekbegeleider"]


def test_the_students_timeline_shows_who_took_part(client, cycle_placement):
    held(cycle_placement, ConversationKind.KENNISMAKING, ["student", "werkplekbegeleider"])
    client.force_login(cycle_placement.student.user)
    page = client.get(reverse("home")).content.decode()
    assert "met student, werkplekbegeleider" in page


# --- The school's triangle --------------------------------------------------------------------


def test_a_school_chooses_the_grote_or_the_kleine_driehoek(client, admin_user, placement):
    """Co-design tool [004]: "De werkvormen worden bij voorkeur uitgevoerd in de grote driehoek
    van student, mentor/schoolopleider en instituutsopleider, maar kunnen ook gebruikt worden
    in de kleine driehoek van student, mentor en schoolopleider." The grote is the default."""
    school = placement.school
    assert school.driehoek == Driehoek.GROOT
    help_text = str(School._meta.get_field("driehoek").help_text)
    assert "bij voorkeur uitgevoerd in de grote driehoek van student, mentor/schoolopleider" in (
        help_text
    )
    client.force_login(admin_user)
    url = reverse("admin:placements_school_change", args=[school.pk])
    form = {"name": school.name, "city": school.city, "agreed_observations": 0}
    management = {
        "assignments-TOTAL_FORMS": 0,
        "assignments-INITIAL_FORMS": 0,
        "assignments-MIN_NUM_FORMS": 0,
        "assignments-MAX_NUM_FORMS": 1000,
    }
    response = client.post(url, form | management | {"driehoek": Driehoek.KLEIN})
    assert response.status_code == 302, response.content.decode()[:2000]
    school.refresh_from_db()
    assert school.driehoek == Driehoek.KLEIN


def test_at_a_school_of_the_grote_driehoek_a_placement_without_the_io_stands_out(
    cycle_placement,
):
    """Co-design tool [004]: "Grote driehoek: student- mentor en schoolopleider van de
    opleidingsschool - instituutsopleider". The so sees where the io never took part."""
    held(cycle_placement, ConversationKind.STARTGESPREK, EVERYONE[:3])
    held(cycle_placement, ConversationKind.TUSSENEVALUATIE, EVERYONE[:2])
    [school] = triangle_by_school([cycle_placement.pk])
    assert (school.held, school.as_chosen) == (2, 0)
    assert {(c.label, c.count, c.as_chosen) for c in school.combinations} == {
        ("student, werkplekbegeleider, schoolopleider", 1, False),
        ("student, werkplekbegeleider", 1, False),
    }
    [short] = school.short
    assert (short.placement_id, short.missing) == (cycle_placement.pk, "instituutsopleider")

    held(cycle_placement, ConversationKind.EINDBEOORDELING, EVERYONE)
    [school] = triangle_by_school([cycle_placement.pk])
    assert (school.held, school.as_chosen, school.short) == (3, 1, [])


def test_at_a_school_of_the_kleine_driehoek_student_mentor_and_so_are_complete(cycle_placement):
    """Co-design tool [004]: "Kleine driehoek: student- mentor - schoolopleider"."""
    School.objects.filter(pk=cycle_placement.school_id).update(driehoek=Driehoek.KLEIN)
    held(cycle_placement, ConversationKind.STARTGESPREK, EVERYONE[:3])
    held(cycle_placement, ConversationKind.TUSSENEVALUATIE, EVERYONE[:2])
    [school] = triangle_by_school([cycle_placement.pk])
    assert school.driehoek_label.startswith("Kleine driehoek")
    assert (school.held, school.as_chosen, school.short) == (2, 1, [])


def test_unrecorded_and_weekly_conversations_are_not_counted_against_the_model(cycle_placement):
    """The begeleidingsgesprekken are the student's and the mentor's; a conversation held
    before participants were asked is "not recorded", never "without the io"."""
    Conversation.objects.filter(
        placement=cycle_placement, kind=ConversationKind.KENNISMAKING
    ).update(held_date=TODAY)
    weekly = Conversation.objects.create(
        placement=cycle_placement, kind=ConversationKind.BEGELEIDING, sequence=1
    )
    conversation_mark_held(by=None, conversation=weekly, held=TODAY)
    [school] = triangle_by_school([cycle_placement.pk])
    assert (school.held, school.not_recorded, school.combinations, school.short) == (1, 1, [], [])


# --- The schoolopleider's overview ------------------------------------------------------------


@pytest.fixture
def so_at_school(schoolopleider, cycle_placement):
    school_assign(
        by=None, school=cycle_placement.school, user=schoolopleider, role=SchoolRole.SCHOOLOPLEIDER
    )
    return schoolopleider


def test_the_so_sees_per_school_who_took_part(client, so_at_school, cycle_placement):
    held(cycle_placement, ConversationKind.STARTGESPREK, EVERYONE[:2])
    client.force_login(so_at_school)
    page = client.get(reverse("home")).content.decode()
    assert "Wie waren erbij bij de gesprekken" in page
    assert "Gekozen: Grote driehoek" in page
    assert "0 van de 1 gehouden gesprekken in deze driehoek" in page
    assert "nog nooit erbij: schoolopleider, instituutsopleider" in page


def test_the_so_overview_costs_the_same_at_5_and_500_placements(
    client, so_at_school, cycle_placement, mentor
):
    school = cycle_placement.school

    def grow(count):
        placements = make_placements(count, school=school, werkplekbegeleider=mentor)
        conversations = Conversation.objects.filter(placement__in=placements)
        conversations.filter(kind=ConversationKind.STARTGESPREK).update(
            held_date=TODAY, with_student=True, with_werkplekbegeleider=True
        )
        conversations.filter(kind=ConversationKind.KENNISMAKING).update(
            held_date=TODAY, with_student=True, with_schoolopleider=True
        )

    client.force_login(so_at_school)
    grow(4)
    at_5 = queries_for(client, reverse("home"))
    grow(495)
    # 4 + the scope, the doubts' count, the students page and the triangle (as
    # tests/home/test_dashboards.py counts them): 8.
    assert queries_for(client, reverse("home")) == at_5 == 8
