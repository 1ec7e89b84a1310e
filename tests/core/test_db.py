"""The query helpers of `apps.core.db`: counts and id filters at a fixed number of queries."""

from django.db.models import OuterRef

from apps.accounts.models import Role, RoleMembership, User
from apps.core.db import count_subquery, counts, filter_by_ids
from tests.factories import UserFactory


def test_counts_several_lists_in_one_query(db, django_assert_num_queries):
    UserFactory(roles=[Role.STUDENT])
    UserFactory(roles=[Role.STUDENT, Role.WERKPLEKBEGELEIDER])
    with django_assert_num_queries(1):
        found = counts(
            users=User.objects.all(),
            students=RoleMembership.objects.filter(role=Role.STUDENT),
            admins=RoleMembership.objects.filter(role=Role.ADMIN),
        )
    assert found == {"users": 2, "students": 2, "admins": 0}


def test_counts_of_empty_querysets_cost_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert counts(none=User.objects.none()) == {"none": 0}


def test_count_subquery_counts_per_row_and_zero_for_none(db):
    busy = UserFactory(roles=[Role.STUDENT, Role.WERKPLEKBEGELEIDER])
    idle = UserFactory()
    memberships = RoleMembership.objects.filter(user=OuterRef("pk"))
    annotated = dict(User.objects.annotate(n=count_subquery(memberships)).values_list("pk", "n"))
    assert annotated == {busy.pk: 2, idle.pk: 0}


def test_filter_by_ids_keeps_only_those_rows(db):
    kept, _other = UserFactory(), UserFactory()
    assert list(filter_by_ids(User.objects.all(), "pk", [kept.pk])) == [kept]


def test_filter_by_no_ids_is_empty_without_a_query(db, django_assert_num_queries):
    UserFactory()
    with django_assert_num_queries(0):
        assert list(filter_by_ids(User.objects.all(), "pk", [])) == []
