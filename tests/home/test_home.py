from django.urls import reverse

from tests.factories import UserFactory, make_placement, make_placements
from tests.querycount import queries_for


def test_home_shows_my_roles_and_my_placement(client, placement, mentor):
    client.force_login(mentor)
    page = client.get(reverse("home")).content.decode()
    assert "Werkplekbegeleider" in page
    assert "Sanne Student" in page


def test_home_hides_placements_of_others(client, placement, outsider):
    client.force_login(outsider)
    page = client.get(reverse("home")).content.decode()
    assert "Sanne Student" not in page
    assert "geen stages" in page


def test_admin_sees_every_placement(client, placement, admin_user):
    client.force_login(admin_user)
    assert "Sanne Student" in client.get(reverse("home")).content.decode()


def test_home_queries_do_not_grow_with_placements(client, mentor):
    # session, user, roles, unread notifications; the werkplekbegeleider's dashboard: what
    # waits (count only: these placements have no forms yet) and the students (count, page,
    # periods), the consent requests of the exemplar bank (kalibreren): 9 at any size.
    client.force_login(mentor)
    for _ in range(5):
        make_placement(werkplekbegeleider=mentor)
    at_5 = queries_for(client, reverse("home"))
    make_placements(495, werkplekbegeleider=mentor)
    at_500 = queries_for(client, reverse("home"))
    assert at_5 == at_500 <= 9


def test_a_superuser_without_roles_is_named_the_praktijkbureau(client, db):
    superuser = UserFactory(full_name="Petra Bureau", is_superuser=True)
    client.force_login(superuser)
    page = client.get(reverse("home")).content.decode()
    assert "Admin (praktijkbureau)" in page and "nog geen rol" not in page


def test_the_praktijkbureaus_long_menu_wraps_inside_the_bar(client, admin_user):
    """With Verschillenkaart, Kalibreren and Steekproef the praktijkbureau's menu is wider than
    the bar at 1280 px: it wraps onto a second line instead of running off the blue bar (where
    "Uitloggen", white on white, failed axe-core's contrast check)."""
    client.force_login(admin_user)
    page = client.get(reverse("home")).content.decode()
    assert 'class="collapse navbar-collapse flex-wrap" id="hoofdmenu"' in page
    assert 'class="navbar-nav flex-wrap me-auto"' in page
