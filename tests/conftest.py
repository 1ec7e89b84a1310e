"""Named personas. Each test gets a fresh set; `placement` ties the triangle together.

- student: sees only their own placement.
- mentor (werkplekbegeleider): sees the placement they guide.
- schoolopleider: sees the placement at their school.
- instituutsopleider: sees the placement at the school assigned to them.
- outsider: a werkplekbegeleider of another student; sees nothing of `placement`.
- admin: the praktijkbureau; sees everything.
"""

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation

from apps.accounts.models import Role
from tests.factories import StudentProfileFactory, UserFactory, make_placement

# Run first: the long browser walks, then the other browser tests (they wait on Chromium and the
# live server more than they compute). With `make test`'s workers (pytest-xdist) a long test that
# starts last would keep one worker busy while the others are done.
LONG_FIRST = ("tests/browser/test_real_year.py",)


def pytest_collection_modifyitems(config, items):
    def weight(item):
        if item.nodeid.startswith(LONG_FIRST):
            return 0
        return 1 if item.get_closest_marker("browser") else 2

    items.sort(key=weight)  # stable: within a group, the collection order (module by module)


@pytest.fixture(scope="session", autouse=True)
def media_root_per_run(tmp_path_factory):
    """Files stored by tests go to a temporary folder of this run (of this worker, with
    `make test`'s workers), never to var/media; tests that look at files set their own."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture
def student(db):
    return StudentProfileFactory(user__full_name="Sanne Student")


@pytest.fixture
def mentor(db):
    return UserFactory(full_name="Wendy Werkplek", roles=[Role.WERKPLEKBEGELEIDER])


@pytest.fixture
def schoolopleider(db):
    return UserFactory(full_name="Sandra School", roles=[Role.SCHOOLOPLEIDER])


@pytest.fixture
def instituutsopleider(db):
    return UserFactory(full_name="Ingrid Instituut", roles=[Role.INSTITUUTSOPLEIDER])


@pytest.fixture
def opleider(db):
    """The institute's opleider who also assesses (the handbook's "opleider van de HAN")."""
    return UserFactory(full_name="Olaf Opleider")


@pytest.fixture
def slb(db):
    return UserFactory(full_name="Sietske Slb")


@pytest.fixture
def outsider(db):
    return UserFactory(full_name="Otto Ander", roles=[Role.WERKPLEKBEGELEIDER])


@pytest.fixture
def admin_user(db):
    return UserFactory(full_name="Annelies Admin", roles=[Role.ADMIN], is_superuser=True)


@pytest.fixture
def placement(student, mentor, schoolopleider, instituutsopleider):
    return make_placement(
        student=student,
        werkplekbegeleider=mentor,
        schoolopleider=schoolopleider,
        instituutsopleider=instituutsopleider,
    )


@pytest.fixture(autouse=True)
def dutch_after_every_test():
    """A request in English leaves English active in the thread (LocaleMiddleware does not
    reset it); each test starts in Dutch, so messages from services read the same in any order."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def flushable_sent_forms(request):
    """Tests with a real transaction end with a flush (DELETE on SQLite), which the database
    refuses for sent forms and audit lines; remove those first, the way a retention purge
    does."""
    if "transactional_db" not in request.fixturenames and "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from django.db import transaction

    from apps.accounts.models import AuditEvent
    from apps.cycle.models import Disagreement, FormVersion, PurgeAllowance

    with transaction.atomic():
        allowance = PurgeAllowance.objects.create(reason="tests: flush")
        AuditEvent.objects.all().delete()
        Disagreement.objects.all().delete()
        FormVersion.objects.all().delete()
        allowance.delete()
