"""A person's phone number: loosely checked, set by the person themselves on /voorkeuren/,
kept in the register of personal data and in the student's export (issue 13)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.accounts.models import AuditEvent, phone_uri, validate_phone
from apps.accounts.services import AccountError, user_phone_set
from apps.core import personal_data
from apps.cycle.records.export import student_export


@pytest.mark.parametrize(
    "number", ["06 12345678", "+31 (0)24 123 45 67", "024-1234567", "(024) 123 4567"]
)
def test_a_phone_number_may_be_written_as_people_write_them(number):
    validate_phone(number)


@pytest.mark.parametrize("number", ["bel me", "06-1234x678", "+", "12 34", "06/12345678"])
def test_what_is_no_phone_number_is_refused(number):
    with pytest.raises(ValidationError, match="geen telefoonnummer"):
        validate_phone(number)


def test_the_tel_link_dials_digits_and_drops_the_zero_in_parentheses():
    assert phone_uri("06 123 456 78") == "tel:0612345678"
    assert phone_uri("+31 (0)6 123 456 78") == "tel:+31612345678"


def test_i_set_my_phone_number_on_my_preferences_page(client, mentor):
    client.force_login(mentor)
    data = {"reminder_mode": mentor.reminder_mode, "language": "", "phone": " 06  12345678 "}
    response = client.post(reverse("preferences"), data)
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert mentor.phone == "06 12345678"
    event = AuditEvent.objects.get(action="preferences.phone")
    assert event.actor == mentor and "06" not in str(event.detail)  # the log holds no number
    page = client.get(reverse("preferences")).content.decode()
    assert 'value="06 12345678"' in page


def test_a_wrong_phone_number_is_explained_and_what_i_typed_stays(client, mentor):
    client.force_login(mentor)
    data = {"reminder_mode": mentor.reminder_mode, "language": "", "phone": "bel me maar"}
    response = client.post(reverse("preferences"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Dit is geen telefoonnummer" in page and 'value="bel me maar"' in page
    mentor.refresh_from_db()
    assert mentor.phone == ""


def test_only_the_person_sets_their_own_phone_number(mentor, admin_user):
    with pytest.raises(AccountError):
        user_phone_set(by=admin_user, user=mentor, phone="06 12345678")


def test_the_phone_number_is_in_the_register_and_in_the_students_export(student):
    entry = personal_data.entry_of(type(student.user))
    assert "phone" not in entry.exclude
    user_phone_set(by=student.user, user=student.user, phone="06 87654321")
    assert student_export(student)["persoon"][0]["phone"] == "06 87654321"
