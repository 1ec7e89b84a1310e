"""The praktijkbureau's admin pages for programmes and placements."""

from tests.factories import LearningOutcomeFactory, PeriodFactory


def test_programme_outcomes_are_checkboxes_not_the_inaccessible_two_list_widget(client, admin_user):
    outcome = LearningOutcomeFactory(code="5.1", title="Positief leerklimaat")
    client.force_login(admin_user)

    page = client.get("/admin/placements/programme/add/").content.decode()

    assert f'type="checkbox" name="default_outcomes" value="{outcome.pk}"' in page
    assert "selectfilter" not in page


def test_placement_periods_are_checkboxes(client, admin_user):
    period = PeriodFactory(name="Blok 3")
    client.force_login(admin_user)

    page = client.get("/admin/placements/placement/add/").content.decode()

    assert f'type="checkbox" name="periods" value="{period.pk}"' in page
    assert "selectfilter" not in page
