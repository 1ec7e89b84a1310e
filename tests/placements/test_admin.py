"""The praktijkbureau's admin pages for programmes, schools and placements."""

import pytest
from django.db import IntegrityError, transaction

from apps.placements.models import SchoolType
from tests.factories import LearningOutcomeFactory, PeriodFactory, SchoolFactory


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


def test_the_school_type_is_set_in_the_school_admin(client, admin_user):
    """VO or MBO, or left empty (onbekend); the exemplar bank copies it (§3.2 step 4)."""
    school = SchoolFactory()
    client.force_login(admin_user)
    form = {"name": school.name, "city": school.city, "agreed_observations": 0}
    form |= {"driehoek": "groot", "school_type": "mbo"}
    form |= {f"assignments-{k}": v for k, v in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))}
    response = client.post(f"/admin/placements/school/{school.pk}/change/", form)
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.school_type == SchoolType.MBO
    assert SchoolFactory().school_type == ""  # onbekend unless someone sets it


def test_a_school_type_outside_vo_and_mbo_is_refused_by_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolFactory(school_type="hbo")
