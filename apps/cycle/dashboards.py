"""The dashboards of the home page: what each role sees first after logging in.

Every dashboard starts from `placements_visible_to(user)`, the only way to scope placements,
and narrows it by the person's relation to the placement. Each list costs a fixed number of
queries whatever the number of placements (correlated subqueries, `Exists` and prefetches;
never a query or a permission check per row), and each long list is paginated with its own
page parameter so one section can be paged without resetting the others. The templates get
ready-made rows with their labels and flags; they make no access decisions.

A guide's dashboard reads its scope once (`PlacementScope`: the ids of the placements in scope
with their periods, programme and werkplekbegeleider, one query) and every list then selects
by those ids. The access query (guardian's grants joined with the person's relation to the
placement) thus runs once per page instead of inside every list's query, where it made each
query slow to plan and led PostgreSQL to misjudge how many rows each list would touch.

"Overdue" means two slightly different things, on purpose:
- a conversation is *te laat* in the student's timeline when its planned date has passed and
  it was not held;
- an *overdue item* (the guides' counts and lists) is a conversation whose planned date has
  passed and that was not held, or whose form still has a version that is not sent.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Exists,
    F,
    Func,
    IntegerField,
    Lookup,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.models import Role, User
from apps.cycle.models import (
    Concern,
    ConcernStatus,
    Conversation,
    ConversationKind,
    Disagreement,
    DisagreementStatus,
    FormState,
    FormVersion,
)
from apps.placements.access import placements_visible_to
from apps.placements.models import (
    Placement,
    PlacementExtraAccess,
    PlacementStatus,
    SchoolAssignment,
    SchoolRole,
)

PAGE_SIZE = 25
# A student has one or two placements; the bound only guards against odd data.
STUDENT_PLACEMENT_LIMIT = 10

PLACEMENT_ROW_RELATED = ("placement__student__user", "placement__school")
# What a list row shows of its placement. The lists load only the columns their rows show
# (`only()`): fewer columns to compile, send and turn into objects. A template that starts
# to show another field would cost a query per row, which the query-budget tests catch.
PLACEMENT_ROW_FIELDS = ("placement__student__user__full_name", "placement__school__name")
CONVERSATION_LABEL_FIELDS = ("kind", "sequence")


def _prefixed(prefix: str, *fields: str) -> list[str]:
    return [f"{prefix}{field}" for field in fields]


# --- Building blocks --------------------------------------------------------------------------


def _count(queryset: QuerySet) -> Coalesce:
    """COUNT(*) of a correlated subquery as an annotation: one aggregate row, 0 if none."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _unsent_version() -> Exists:
    """The conversation (OuterRef) has a form version that is not sent. Only the newest
    version of a form can be unsent, so this is "the form still waits to be sent"."""
    return Exists(
        FormVersion.objects.filter(form__conversation=OuterRef("pk")).exclude(state=FormState.SENT)
    )


def overdue_conversations(today: date) -> QuerySet[Conversation]:
    """Overdue items: conversations whose planned date has passed and that were not held, or
    whose form was not sent yet. A placement that ended early has nothing overdue: its
    remaining conversations will not take place."""
    return (
        Conversation.objects.filter(planned_date__lt=today)
        .filter(Q(held_date__isnull=True) | _unsent_version())
        .exclude(placement__status=PlacementStatus.TERMINATED)
    )


def _with_latest_version(conversations: QuerySet[Conversation]) -> QuerySet[Conversation]:
    """Annotate each conversation with its form's newest version (id and state), or None."""
    latest = FormVersion.objects.filter(form__conversation=OuterRef("pk")).order_by("-number")
    return conversations.annotate(
        form_version_id=Subquery(latest.values("pk")[:1]),
        form_version_state=Subquery(latest.values("state")[:1]),
    )


def _with_cycle_summary(placements: QuerySet[Placement], today: date) -> QuerySet[Placement]:
    """Annotate placements with where they are in the cycle (the last held conversation),
    their number of overdue items, open disagreements and open concerns."""
    held = Conversation.objects.filter(placement=OuterRef("pk"), held_date__isnull=False).order_by(
        "-held_date", "-id"
    )
    return placements.annotate(
        last_held_kind=Subquery(held.values("kind")[:1]),
        last_held_date=Subquery(held.values("held_date")[:1]),
        overdue_count=_count(overdue_conversations(today).filter(placement=OuterRef("pk"))),
        open_disagreement_count=_count(
            Disagreement.objects.filter(
                status=DisagreementStatus.OPEN,
                entry__version__form__conversation__placement=OuterRef("pk"),
            )
        ),
        open_concern_count=_count(
            Concern.objects.filter(
                status=ConcernStatus.OPEN, placement_outcome__placement=OuterRef("pk")
            )
        ),
    )


def _query_with(params: QueryDict, key: str, value: int) -> str:
    query = params.copy()
    query[key] = str(value)
    return query.urlencode()


def _counts(**querysets: QuerySet) -> dict[str, int]:
    """The number of rows of several querysets in one query: `SELECT (SELECT COUNT(*) …),
    (SELECT COUNT(*) …)`, instead of one COUNT query per list. An empty scope needs no query."""
    if any(queryset.query.is_empty() for queryset in querysets.values()):
        return dict.fromkeys(querysets, 0)
    parts, params = [], []
    for queryset in querysets.values():
        counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
        sql, part_params = counted.query.sql_with_params()
        parts.append(f"({sql})")
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {name: value or 0 for name, value in zip(querysets, row, strict=True)}


def _paginate(
    queryset: QuerySet,
    params: QueryDict,
    key: str,
    row: Callable[[object], object],
    *,
    count: int | None = None,
) -> Page:
    """One page (PAGE_SIZE) of `queryset`, chosen by GET parameter `key`; a bad or too large
    page number gives the first or last page. The page holds `row(obj)` for each object, and
    knows the query strings of its neighbours (keeping every other parameter). Two queries
    (count and page), or only the page when `count` was counted already (`_counts`); an
    empty list costs no page query."""
    paginator = Paginator(queryset, PAGE_SIZE)
    if count is not None:
        paginator.count = count  # a cached_property: this value is used instead of a query
    page = paginator.get_page(params.get(key))
    page.object_list = [row(obj) for obj in page.object_list]
    page.param = key
    page.previous_query = (
        _query_with(params, key, page.previous_page_number()) if page.has_previous() else ""
    )
    page.next_query = _query_with(params, key, page.next_page_number()) if page.has_next() else ""
    return page


def _kind_label(conversation: Conversation) -> str:
    # Not `get_kind_display()`: that hashes the lazily translated choices on every call.
    label = str(ConversationKind(conversation.kind).label)
    if conversation.kind == ConversationKind.BEGELEIDING:
        return f"{label} {conversation.sequence}"
    return label


# --- Rows -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One conversation in the student's timeline."""

    conversation: Conversation
    kind: str
    status: str  # gehouden | gepland | te_laat | ongepland
    status_label: str
    waiting: str
    version_id: int | None
    is_mine: bool  # the student is the one who has to act


@dataclass(frozen=True)
class StudentPlacement:
    placement: Placement
    steps: list[Step]


@dataclass(frozen=True)
class PlacementRow:
    """A placement in a guide's table; `last_held` is empty before the first conversation."""

    placement: Placement
    periods: list[str]
    last_held: str
    last_held_date: date | None
    overdue_count: int
    open_disagreement_count: int
    open_concern_count: int


@dataclass(frozen=True)
class Task:
    """A form that waits for the werkplekbegeleider, due on its conversation's date."""

    version: FormVersion
    placement: Placement
    kind: str
    action: str
    due: date | None
    is_overdue: bool


@dataclass(frozen=True)
class Received:
    version: FormVersion
    placement: Placement
    kind: str


@dataclass(frozen=True)
class Doubt:
    disagreement: Disagreement
    placement: Placement
    kind: str


@dataclass(frozen=True)
class Overdue:
    conversation: Conversation
    placement: Placement
    kind: str
    reason: str
    version_id: int | None


def _placement_row(placement: Placement, scope: "PlacementScope") -> PlacementRow:
    kind = placement.last_held_kind
    return PlacementRow(
        placement=placement,
        periods=scope.periods[placement.pk],
        last_held=ConversationKind(kind).label if kind else "",
        last_held_date=placement.last_held_date,
        overdue_count=placement.overdue_count,
        open_disagreement_count=placement.open_disagreement_count,
        open_concern_count=placement.open_concern_count,
    )


def _placement_table(
    scope: "PlacementScope", ids: list[int], today: date, params: QueryDict, key: str
) -> Page:
    """A page of the placements `ids` (of `scope`) with their people, periods and cycle
    summary, by student name: one query at any size (the count and the periods are known
    from the scope)."""
    queryset = _with_cycle_summary(
        _of_placements(
            Placement.objects.select_related(
                "student__user", "student__programme", "school", "werkplekbegeleider"
            ).only(
                "student__user__full_name",
                "student__programme__name",
                "school__name",
                "werkplekbegeleider__full_name",
            ),
            "pk",
            ids,
        ),
        today,
    ).order_by("student__user__full_name", "id")
    return _paginate(queryset, params, key, lambda p: _placement_row(p, scope), count=len(ids))


# --- Scope and filters ------------------------------------------------------------------------


class _InIds(Lookup):
    """`column IN (ids)`; on PostgreSQL `column = ANY(%s)` with the ids as one array value, so
    a scope of hundreds of placements is one parameter to convert, send and plan instead of
    hundreds of placeholders. Used as a filter expression: `filter(_InIds(F("pk"), ids))`."""

    lookup_name = "in_ids"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        placeholders = ", ".join(["%s"] * len(self.rhs))
        return f"{lhs} IN ({placeholders})", (*params, *self.rhs)

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", (*params, list(self.rhs))


def _of_placements(queryset: QuerySet, lookup: str, ids: list[int]) -> QuerySet:
    """`queryset` narrowed to the placements `ids` through `lookup` (`pk`, `placement`,
    `form__conversation__placement`, …); empty, and never queried, when there are none."""
    return queryset.filter(_InIds(F(lookup), ids)) if ids else queryset.none()


@dataclass(frozen=True)
class Choice:
    pk: int
    label: str
    sort: object


@dataclass(frozen=True)
class PlacementScope:
    """The placements of one dashboard section, read once: their ids with their periods
    (names, by start date), programme and werkplekbegeleider, which the filters and the
    students table need. One query (a row per placement and period) whatever the lists;
    the lists then select by these ids, so the access query runs once per page."""

    ids: list[int]
    periods: dict[int, list[str]]
    period_ids: dict[int, set[int]]
    programme: dict[int, int | None]
    mentor: dict[int, int | None]
    choices: dict[str, list[tuple[int, str]]]

    @classmethod
    def of(cls, placements: QuerySet[Placement]) -> "PlacementScope":
        rows = placements.order_by().values_list(
            "pk",
            "periods__pk",
            "periods__name",
            "periods__start",
            "student__programme_id",
            "student__programme__name",
            "werkplekbegeleider_id",
            "werkplekbegeleider__full_name",
        )
        ids, periods, programme, mentor = [], {}, {}, {}
        options = {"periode": {}, "opleiding": {}, "werkplekbegeleider": {}}
        for pk, period, period_name, start, prog, prog_name, wpb, wpb_name in rows:
            if pk not in programme:
                ids.append(pk)
                periods[pk] = []
                programme[pk], mentor[pk] = prog, wpb
            if period is not None:
                periods[pk].append((start, period, period_name))
                options["periode"][period] = Choice(period, period_name, start)
            if prog is not None:
                options["opleiding"][prog] = Choice(prog, prog_name, prog_name)
            if wpb is not None:
                options["werkplekbegeleider"][wpb] = Choice(wpb, wpb_name, wpb_name)
        return cls(
            ids=ids,
            periods={pk: [name for *_k, name in sorted(ps)] for pk, ps in periods.items()},
            period_ids={pk: {period for _s, period, _n in ps} for pk, ps in periods.items()},
            programme=programme,
            mentor=mentor,
            choices={
                field: [(c.pk, c.label) for c in sorted(found.values(), key=_choice_order)]
                for field, found in options.items()
            },
        )


def _choice_order(choice: Choice) -> tuple:
    return (choice.sort, choice.pk)


class _OptionalChoiceField(forms.TypedChoiceField):
    """A filter: a value that is not one of the choices (or not a number) means no filter."""

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError:
            return None


class PlacementFilterForm(forms.Form):
    """Filters of the overviews: period, programme, werkplekbegeleider. The choices are the
    ones that occur in the placements in scope (periods by start date, the others by name;
    no query of their own); an invalid value is ignored."""

    periode = _OptionalChoiceField(
        label=gettext_lazy("Periode"), required=False, coerce=int, empty_value=None
    )
    opleiding = _OptionalChoiceField(
        label=gettext_lazy("Opleiding"), required=False, coerce=int, empty_value=None
    )
    werkplekbegeleider = _OptionalChoiceField(
        label=gettext_lazy("Werkplekbegeleider"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, data: QueryDict, *, prefix: str, scope: PlacementScope):
        super().__init__(data, prefix=prefix)
        for name, choices in scope.choices.items():
            self.fields[name].choices = [("", _("Alle")), *choices]
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        self.is_valid()  # every value is valid: a bad one was turned into "no filter"

    @property
    def is_filtering(self) -> bool:
        return any(value is not None for value in self.cleaned_data.values())

    def apply(self, scope: PlacementScope) -> list[int]:
        """The ids of the placements of `scope` that pass the filters."""
        period, programme, mentor = (
            self.cleaned_data.get(name) for name in ("periode", "opleiding", "werkplekbegeleider")
        )
        return [
            pk
            for pk in scope.ids
            if (period is None or period in scope.period_ids[pk])
            and (programme is None or scope.programme[pk] == programme)
            and (mentor is None or scope.mentor[pk] == mentor)
        ]


# --- Student ----------------------------------------------------------------------------------

WAITING = {
    FormState.DRAFT: gettext_lazy("Zelfreflectie schrijven"),
    FormState.SUBMITTED: gettext_lazy("Wacht op feedback van je werkplekbegeleider"),
    FormState.SENT: gettext_lazy("Formulier ontvangen"),
}


def _step(conversation: Conversation, today: date) -> Step:
    if conversation.held_date:
        status, label = "gehouden", _("gehouden")
    elif conversation.planned_date is None:
        status, label = "ongepland", _("nog niet gepland")
    elif conversation.planned_date < today:
        status, label = "te_laat", _("te laat")
    else:
        status, label = "gepland", _("gepland")
    state = conversation.form_version_state
    return Step(
        conversation=conversation,
        kind=_kind_label(conversation),
        status=status,
        status_label=label,
        waiting=str(WAITING[state]) if state else "",
        version_id=conversation.form_version_id,
        is_mine=state == FormState.DRAFT,
    )


def student_dashboard(user: User, today: date) -> dict:
    """The student's placements (school, period, werkplekbegeleider; newest first, bounded)
    with their cycle as a timeline, and the next step.

    Timeline: each conversation of the placement by planned date, with its status: gehouden
    (held), te laat (planned date passed and not held), gepland, or nog niet gepland; and what
    waits on its form's newest version: "Zelfreflectie schrijven" (concept: the student's
    turn), "Wacht op feedback van je werkplekbegeleider" (reflectie ingediend) or "Formulier
    ontvangen" (verzonden).
    Next step: the student's earliest open item, a self-reflection still to write (by its
    conversation's planned date); when there is none, the next conversation still to come.
    Queries: placements with their people, periods, conversations: three at any size.
    """
    conversations = _with_latest_version(Conversation.objects.all()).order_by(
        F("planned_date").asc(nulls_last=True), "id"
    )
    placements = (
        placements_visible_to(user)
        .filter(student__user=user)
        .with_people()
        .prefetch_related(Prefetch("conversations", queryset=conversations, to_attr="cycle"))
        .order_by("-id")[:STUDENT_PLACEMENT_LIMIT]
    )
    items = [
        StudentPlacement(placement=p, steps=[_step(c, today) for c in p.cycle]) for p in placements
    ]
    steps = [s for item in items for s in item.steps]
    by_date = sorted(steps, key=lambda s: s.conversation.planned_date or date.max)
    next_step = next((s for s in by_date if s.is_mine), None)
    due = next_step.conversation.planned_date if next_step else None
    return {
        "template": "cycle/_dashboard_student.html",
        "placements": items,
        "next_step": next_step,
        "next_step_overdue": due is not None and due < today,
        "next_conversation": next((s for s in by_date if s.status == "gepland"), None),
    }


# --- Werkplekbegeleider -----------------------------------------------------------------------


def _task(version: FormVersion, today: date) -> Task:
    conversation = version.form.conversation
    due = conversation.planned_date
    if version.state == FormState.SUBMITTED:
        action = _("Feedback geven en verzenden")
    else:
        action = _("Wacht op de zelfreflectie van de student")
    return Task(
        version=version,
        placement=conversation.placement,
        kind=_kind_label(conversation),
        action=action,
        due=due,
        is_overdue=due is not None and due < today,
    )


def mentor_dashboard(user: User, today: date, params: QueryDict | None = None) -> dict:
    """The werkplekbegeleider's students and what waits for them.

    Students: the visible placements where this person is the werkplekbegeleider, or the
    schoolopleider named on the placement (who may fill in the form in the wpb's place).
    Waiting: the forms of those placements whose newest version is reflectie ingediend (the
    student submitted: give feedback and send), or whose conversation date has passed and
    that are not sent; due on the conversation's planned date, earliest first (no date last),
    overdue when that date has passed.
    Queries: the scope; tasks count and page; the students page: four at any size.
    """
    params = params if params is not None else QueryDict()
    scope = PlacementScope.of(
        placements_visible_to(user).filter(Q(werkplekbegeleider=user) | Q(schoolopleider=user))
    )
    tasks = (
        _of_placements(FormVersion.objects.all(), "form__conversation__placement", scope.ids)
        .filter(
            Q(state=FormState.SUBMITTED)
            | (Q(form__conversation__planned_date__lt=today) & ~Q(state=FormState.SENT))
        )
        .select_related(*_prefixed("form__conversation__", *PLACEMENT_ROW_RELATED))
        .only(
            "state",
            *_prefixed("form__conversation__", *CONVERSATION_LABEL_FIELDS, "planned_date"),
            *_prefixed("form__conversation__", *PLACEMENT_ROW_FIELDS),
        )
        .order_by(F("form__conversation__planned_date").asc(nulls_last=True), "id")
    )
    return {
        "template": "cycle/_dashboard_mentor.html",
        "key": "wpb",
        "tasks": _paginate(tasks, params, "wpb-taken", lambda v: _task(v, today)),
        "students": _placement_table(scope, scope.ids, today, params, "wpb-pagina"),
    }


# --- Schoolopleider ---------------------------------------------------------------------------


def _assigned_as(user: User, role: SchoolRole) -> Exists:
    """The placement's school (OuterRef) has `user` assigned to it in `role`."""
    return Exists(SchoolAssignment.objects.filter(school=OuterRef("school"), user=user, role=role))


def schoolopleider_dashboard(user: User, today: date, params: QueryDict | None = None) -> dict:
    """Every student at the schoolopleider's school(s) in one table.

    Scope: the visible placements whose school has this person assigned as schoolopleider,
    plus the placements that name them as schoolopleider. Per placement: student, programme,
    werkplekbegeleider, period, where it is in the cycle (the last held conversation, or "nog
    niet gestart"), its number of overdue items and of open disagreements on its form
    entries. Filters (GET `so-periode`, `so-opleiding`, `so-werkplekbegeleider`) narrow the
    table; an invalid value is ignored.
    Queries: the scope (which also gives the filter choices) and the students page: two at
    any size.
    """
    params = params if params is not None else QueryDict()
    scope = PlacementScope.of(
        placements_visible_to(user).filter(
            Q(schoolopleider=user) | _assigned_as(user, SchoolRole.SCHOOLOPLEIDER)
        )
    )
    filters = PlacementFilterForm(params, prefix="so", scope=scope)
    return {
        "template": "cycle/_dashboard_schoolopleider.html",
        "key": "so",
        "filters": filters,
        "students": _placement_table(scope, filters.apply(scope), today, params, "so-pagina"),
    }


# --- Instituutsopleider and praktijkbureau ----------------------------------------------------


def _received(version: FormVersion) -> Received:
    conversation = version.form.conversation
    return Received(
        version=version, placement=conversation.placement, kind=_kind_label(conversation)
    )


def _doubt(disagreement: Disagreement) -> Doubt:
    conversation = disagreement.entry.version.form.conversation
    return Doubt(
        disagreement=disagreement, placement=conversation.placement, kind=_kind_label(conversation)
    )


def _overdue(conversation: Conversation) -> Overdue:
    reason = _("niet gehouden") if conversation.held_date is None else _("formulier niet verzonden")
    return Overdue(
        conversation=conversation,
        placement=conversation.placement,
        kind=_kind_label(conversation),
        reason=reason,
        version_id=conversation.form_version_id,
    )


def _overview(
    placements_in_scope: QuerySet[Placement],
    today: date,
    params: QueryDict,
    *,
    key: str,
    title: str,
    students_caption: str,
) -> dict:
    """The instituutsopleider-style overview of the placements in `scope`, filtered: the
    students table, forms received (sent versions, newest first), forms in doubt (open
    disagreements, oldest first) and overdue items (earliest first)."""
    scope = PlacementScope.of(placements_in_scope)
    filters = PlacementFilterForm(params, prefix=key, scope=scope)
    ids = filters.apply(scope)
    received = (
        _of_placements(
            FormVersion.objects.filter(state=FormState.SENT), "form__conversation__placement", ids
        )
        .select_related(*_prefixed("form__conversation__", *PLACEMENT_ROW_RELATED), "sent_by")
        .only(
            "number",
            "sent_at",
            "sent_by__full_name",
            *_prefixed("form__conversation__", *CONVERSATION_LABEL_FIELDS),
            *_prefixed("form__conversation__", *PLACEMENT_ROW_FIELDS),
        )
        .order_by("-sent_at", "-id")
    )
    doubts = (
        _of_placements(
            Disagreement.objects.filter(status=DisagreementStatus.OPEN),
            "entry__version__form__conversation__placement",
            ids,
        )
        .select_related(
            *_prefixed("entry__version__form__conversation__", *PLACEMENT_ROW_RELATED),
            "entry__placement_outcome__outcome",
            "entry__placement_outcome__subject_outcome",
            "raised_by",
        )
        .order_by("raised_at", "id")
    )
    overdue = (
        _with_latest_version(_of_placements(overdue_conversations(today), "placement", ids))
        .select_related(*PLACEMENT_ROW_RELATED, "placement__werkplekbegeleider")
        .only(
            *CONVERSATION_LABEL_FIELDS,
            "planned_date",
            "held_date",
            *PLACEMENT_ROW_FIELDS,
            "placement__werkplekbegeleider__full_name",
        )
        .order_by("planned_date", "id")
    )
    counts = _counts(received=received, doubts=doubts, overdue=overdue)
    return {
        "template": "cycle/_dashboard_instituutsopleider.html",
        "key": key,
        "title": title,
        "students_caption": students_caption,
        "filters": filters,
        "students": _placement_table(scope, ids, today, params, f"{key}-pagina"),
        "received": _paginate(
            received, params, f"{key}-ontvangen", _received, count=counts["received"]
        ),
        "doubts": _paginate(doubts, params, f"{key}-twijfel", _doubt, count=counts["doubts"]),
        "overdue": _paginate(overdue, params, f"{key}-te-laat", _overdue, count=counts["overdue"]),
    }


def instituutsopleider_dashboard(user: User, today: date, params: QueryDict | None = None) -> dict:
    """The students at the instituutsopleider's schools, and what came in from them.

    Scope: the visible placements that name this person as instituutsopleider, whose school
    has them assigned as instituutsopleider, or that they were given extra access to (the
    same people `procedure.is_institute_assessor` lets doubt a judgement). Lists: the
    students table (as the schoolopleider's), forms received, forms in doubt, overdue
    items; filters as the schoolopleider's with prefix `io-`.
    Queries: the scope (which also gives the filter choices and the students' count), one for
    the other three lists' counts, and a page query for each list: six at any size (an empty
    list costs no page query).
    """
    params = params if params is not None else QueryDict()
    extra = Exists(PlacementExtraAccess.objects.filter(placement=OuterRef("pk"), user=user))
    scope = placements_visible_to(user).filter(
        Q(instituutsopleider=user) | _assigned_as(user, SchoolRole.INSTITUUTSOPLEIDER) | extra
    )
    return _overview(
        scope,
        today,
        params,
        key="io",
        title=_("Als instituutsopleider"),
        students_caption=_("Studenten op mijn scholen"),
    )


def praktijkbureau_dashboard(user: User, today: date, params: QueryDict | None = None) -> dict:
    """The praktijkbureau's overview: the instituutsopleider's overview of every placement
    it may see (everything); filters with prefix `pb-`. Queries as the instituutsopleider's."""
    params = params if params is not None else QueryDict()
    scope = placements_visible_to(user)
    return _overview(
        scope,
        today,
        params,
        key="pb",
        title=_("Alle stages (praktijkbureau)"),
        students_caption=_("Alle stages"),
    )


# --- The home page ----------------------------------------------------------------------------


def dashboards_for(user: User, today: date, params: QueryDict | None = None) -> list[dict]:
    """One dashboard per role this person holds, the student's first; the praktijkbureau
    (admins and superusers) gets the overview of everything. Each has a `template`."""
    sections = []
    if user.has_role(Role.STUDENT):
        sections.append(student_dashboard(user, today))
    if user.has_role(Role.WERKPLEKBEGELEIDER):
        sections.append(mentor_dashboard(user, today, params))
    if user.has_role(Role.SCHOOLOPLEIDER):
        sections.append(schoolopleider_dashboard(user, today, params))
    if user.has_role(Role.INSTITUUTSOPLEIDER):
        sections.append(instituutsopleider_dashboard(user, today, params))
    if user.is_praktijkbureau:
        sections.append(praktijkbureau_dashboard(user, today, params))
    return sections


def role_labels(user: User) -> list[str]:
    """The names of this person's roles, in the order of `Role` (no query beyond role_set)."""
    return [label for value, label in Role.choices if value in user.role_set]
