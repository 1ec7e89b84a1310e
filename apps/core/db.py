"""Query helpers for pages that show many lists at once (the dashboards are the first user).

They keep a page at a fixed number of queries whatever the number of rows:
- `count_subquery`: the number of rows of a correlated subquery, as an annotation;
- `sum_subquery`: the sum of a column over a correlated subquery, as an annotation;
- `counts`: the number of rows of several querysets in one query;
- `InIds` and `filter_by_ids`: `column IN (ids)` with the ids sent as one array on PostgreSQL.
"""

from django.db import connection
from django.db.models import F, Func, IntegerField, Lookup, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_subquery(queryset: QuerySet) -> Coalesce:
    """COUNT(*) of a correlated subquery (one that refers to `OuterRef`) as an annotation:
    one aggregate row, 0 if none. `annotate(n=count_subquery(Child.objects.filter(
    parent=OuterRef("pk"))))`."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def sum_subquery(queryset: QuerySet, field: str) -> Coalesce:
    """SUM(`field`) of a correlated subquery as an annotation: one aggregate row, 0 if none.
    `annotate(total=sum_subquery(Child.objects.filter(parent=OuterRef("pk")), "amount"))`."""
    summed = queryset.order_by().annotate(total=Func(F(field), function="SUM")).values("total")
    return Coalesce(Subquery(summed, output_field=IntegerField()), 0)


def counts(**querysets: QuerySet) -> dict[str, int]:
    """The number of rows of several querysets in one query: `SELECT (SELECT COUNT(*) …),
    (SELECT COUNT(*) …)`, instead of one COUNT query per list. An empty queryset (`.none()`,
    an empty scope) counts 0 without SQL; when all are empty there is no query."""
    counted = {name: qs for name, qs in querysets.items() if not qs.query.is_empty()}
    result = dict.fromkeys(querysets, 0)
    if not counted:
        return result
    parts, params = [], []
    for queryset in counted.values():
        count = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
        sql, part_params = count.query.sql_with_params()
        parts.append(f"({sql})")
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    result.update({name: value or 0 for name, value in zip(counted, row, strict=True)})
    return result


class InIds(Lookup):
    """`column IN (ids)`; on PostgreSQL `column = ANY(%s)` with the ids as one array value, so
    a scope of hundreds of rows is one parameter to convert, send and plan instead of
    hundreds of placeholders. Used as a filter expression: `filter(InIds(F("pk"), ids))`.
    The ids must not be empty (`filter_by_ids` takes care of that)."""

    lookup_name = "in_ids"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        placeholders = ", ".join(["%s"] * len(self.rhs))
        return f"{lhs} IN ({placeholders})", (*params, *self.rhs)

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", (*params, list(self.rhs))


def filter_by_ids(queryset: QuerySet, lookup: str, ids: list[int]) -> QuerySet:
    """`queryset` narrowed to the rows whose `lookup` (`pk`, `placement`,
    `form__conversation__placement`, …) is one of `ids`; empty, and never queried, when there
    are none."""
    return queryset.filter(InIds(F(lookup), ids)) if ids else queryset.none()
