"""Every role's dashboard at phone width (390 × 844): nothing scrolls sideways, the lists are
stacked rows, and axe-core finds nothing serious, also at desktop width where the tables
scroll inside their (focusable, named) region."""

import pytest

from apps.cycle.logbook.services import guidance_log_create
from apps.cycle.models import Leerplan, LeerplanStatus
from apps.cycle.procedure.services import disagreement_open
from apps.placements.models import SchoolRole
from apps.placements.services import school_assign
from tests.browser.helpers import assert_accessible, log_in
from tests.cycle.conftest import cycle_placement, eind, outcomes  # noqa: F401 (fixtures)
from tests.factories import StudentProfileFactory, make_placement
from tests.home.test_dashboards import AFTER, send_with_judgement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def busy(cycle_placement, student, mentor, instituutsopleider, eind, admin_user):  # noqa: F811
    """Something in every list: a leerplan to approve, a log, a doubt, a placement without
    werkplekbegeleider or instituutsopleider at the io's school, a student with a long name."""
    Leerplan.objects.create(placement=cycle_placement, status=LeerplanStatus.SUBMITTED)
    guidance_log_create(
        by=student.user, placement=cycle_placement, held=AFTER, values={"what_i_did": "Les."}
    )
    entry = send_with_judgement(eind, mentor).entries.first()
    disagreement_open(
        category="niveau", by=instituutsopleider, entry=entry, reason="Voorbeelden ontbreken."
    )
    school_assign(
        by=None,
        school=cycle_placement.school,
        user=instituutsopleider,
        role=SchoolRole.INSTITUUTSOPLEIDER,
    )
    long_name = StudentProfileFactory(
        user__full_name="Maximiliaan Alexander van Oldenbarnevelt-Schimmelpenninck"
    )
    make_placement(student=long_name, school=cycle_placement.school)
    admin_user.set_password("geheim-wachtwoord-1")
    admin_user.save()
    return cycle_placement


def people(student, mentor, schoolopleider, instituutsopleider, admin_user):
    return {
        "student": student.user,
        "werkplekbegeleider": mentor,
        "schoolopleider": schoolopleider,
        "instituutsopleider": instituutsopleider,
        "praktijkbureau": admin_user,
    }


@pytest.mark.parametrize(
    "role",
    ["student", "werkplekbegeleider", "schoolopleider", "instituutsopleider", "praktijkbureau"],
)
def test_dashboard_fits_a_phone_and_is_accessible(
    page, live_server, busy, student, mentor, schoolopleider, instituutsopleider, admin_user, role
):
    user = people(student, mentor, schoolopleider, instituutsopleider, admin_user)[role]
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, user.email)  # checks the dashboard with axe-core

    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{role}: the page is {width}px wide"
    assert page.locator("#hoofdmenu a", has_text="Te doen").count() == 1

    page.set_viewport_size(DESKTOP)
    page.reload()
    assert_accessible(page)


def test_the_count_in_the_navigation_leads_to_the_waiting_list(page, live_server, busy, mentor):
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server.url, mentor.email)
    page.get_by_role("link", name="Te doen").click()
    assert page.url.endswith("#wpb-wacht")
    assert page.locator("#wpb-wacht").get_by_role("link", name="Leerplan beoordelen").is_visible()
