"""Messages made in Python (service errors, import issues, notifications) speak the reader's
language through the English catalogue."""

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from apps.accounts.services import AccountError, notify, user_language_set
from apps.placements.importing.selectors import COLUMNS, SourceRow, build_plan
from tests.factories import UserFactory


@pytest.mark.django_db
def test_an_import_row_error_and_a_service_error_read_in_english():
    values = {c.key: c.example for c in COLUMNS} | {"year": "9"}
    person, other = UserFactory(), UserFactory()
    with translation.override("en"):
        errors = [str(e) for e in build_plan([SourceRow(2, values)]).rows[0].errors]
        with pytest.raises(AccountError) as refused:
            user_language_set(by=other, user=person, language="en")
    assert "‘9’ is not a year of study; use 1, 2, 3 or 4." in " ".join(errors)
    assert str(refused.value) == "Only the person themselves chooses the language."


@pytest.mark.django_db
def test_a_notification_is_stored_in_the_language_of_its_recipient():
    english, dutch = UserFactory(language="en"), UserFactory(language="")
    notify(recipients=[english, dutch], message=lambda: _("Deze stage is al beëindigd."))
    assert english.notifications.get().message == "This placement has already been terminated."
    assert dutch.notifications.get().message == "Deze stage is al beëindigd."
