"""Named personas. Each test gets a fresh set; `placement` ties the triangle together.

- student: sees only their own placement.
- mentor (werkplekbegeleider): sees the placement they guide.
- schoolopleider: sees the placement at their school.
- instituutsopleider: sees the placement at the school assigned to them.
- outsider: a werkplekbegeleider of another student; sees nothing of `placement`.
- admin: the praktijkbureau; sees everything.
"""

import pytest

from apps.accounts.models import Role
from tests.factories import StudentProfileFactory, UserFactory, make_placement


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
