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

from django.core.paginator import Page, Paginator
from django.db.models import (
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.models import Role, User
from apps.core import db
from apps.cycle.conversations.timeline import (
    DUE_SOON,
    LEERPLAN_WITH_STUDENT,
    kind_label,
    sent_version,
    student_placements,
    unsent_version,
    with_latest_version,
)
from apps.cycle.conversations.triangle import triangle_by_school
from apps.cycle.hours.selectors import Progress, progress_from, with_hours_totals
from apps.cycle.models import (
    Concern,
    ConcernStatus,
    Conversation,
    ConversationKind,
    Disagreement,
    DisagreementStatus,
    FormState,
    FormVersion,
    GuidanceComment,
    GuidanceLog,
    KennismakingRecord,
    Leerplan,
    LeerplanStatus,
    Observation,
)
from apps.home.forms import PlacementFilterForm
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


def overdue_conversations(today: date) -> QuerySet[Conversation]:
    """Overdue items: conversations whose planned date has passed and that were not held (a
    sent form shows it was, even when nobody recorded the date), or whose form was not sent
    yet. A placement that ended early has nothing overdue: its remaining conversations will
    not take place."""
    return (
        Conversation.objects.filter(planned_date__lt=today)
        .filter((Q(held_date__isnull=True) & ~sent_version()) | unsent_version())
        .exclude(placement__status=PlacementStatus.TERMINATED)
    )


def _with_cycle_summary(placements: QuerySet[Placement], today: date) -> QuerySet[Placement]:
    """Annotate placements with where they are in the cycle (the last held conversation),
    their number of overdue items, open disagreements and open concerns."""
    held = Conversation.objects.filter(placement=OuterRef("pk"), held_date__isnull=False).order_by(
        "-held_date", "-id"
    )
    sent = FormVersion.objects.filter(
        form__conversation__placement=OuterRef("pk"), state=FormState.SENT
    ).order_by("-sent_at", "-id")
    return placements.annotate(
        last_held_kind=Subquery(held.values("kind")[:1]),
        last_held_date=Subquery(held.values("held_date")[:1]),
        last_sent_kind=Subquery(sent.values("form__conversation__kind")[:1]),
        last_sent_at=Subquery(sent.values("sent_at")[:1]),
        overdue_count=db.count_subquery(
            overdue_conversations(today).filter(placement=OuterRef("pk"))
        ),
        open_disagreement_count=db.count_subquery(
            Disagreement.objects.filter(
                status=DisagreementStatus.OPEN,
                entry__version__form__conversation__placement=OuterRef("pk"),
            )
        ),
        open_concern_count=db.count_subquery(
            Concern.objects.filter(
                status=ConcernStatus.OPEN, placement_outcome__placement=OuterRef("pk")
            )
        ),
        observation_count=db.count_subquery(Observation.objects.filter(placement=OuterRef("pk"))),
    )


def _query_with(params: QueryDict, key: str, value: int) -> str:
    query = params.copy()
    query[key] = str(value)
    return query.urlencode()


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
    (count and page), or only the page when `count` was counted already (`db.counts`); an
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


# --- Rows -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacementRow:
    """A placement in a guide's table; `last_held` is empty before the first conversation.
    `stage` says where it is in the cycle: the last held conversation or the last sent form,
    whichever came later ("Eindbeoordeling verzonden" once the cycle is done)."""

    placement: Placement
    periods: list[str]
    last_held: str
    last_held_date: date | None
    stage: str
    stage_date: date | None
    overdue_count: int
    open_disagreement_count: int
    open_concern_count: int
    missing: list[str]
    # Lesson observations so far against the number the school agreed (0: no agreement).
    observation_count: int = 0
    agreed_observations: int = 0
    # Lessons and guidance time against the handbook's norm (ch.4), flagged when far behind.
    hours: Progress | None = None

    @property
    def observations_short(self) -> bool:
        """Nobody has visited yet, or fewer visits than the school agreed."""
        return self.observation_count == 0 or self.observation_count < self.agreed_observations


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
class LogRow:
    log: GuidanceLog
    placement: Placement
    kind: str


@dataclass(frozen=True)
class LeerplanRow:
    leerplan: Leerplan
    placement: Placement


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


NO_WERKPLEKBEGELEIDER = gettext_lazy("Geen werkplekbegeleider")
NO_INSTITUUTSOPLEIDER = gettext_lazy(
    "Geen instituutsopleider: niemand kan een oordeel in twijfel trekken"
)


def missing_people(wpb_id: int | None, io_id: int | None) -> list[str]:
    """What the triangle of a placement lacks, in words (empty when it is complete)."""
    missing = [] if wpb_id else [str(NO_WERKPLEKBEGELEIDER)]
    return missing if io_id else [*missing, str(NO_INSTITUUTSOPLEIDER)]


CYCLE_ORDER = list(ConversationKind.values)  # kennismaking … eindbeoordeling


def _stage(placement: Placement) -> tuple[str, date | None]:
    """The furthest point of the cycle reached: the last sent form when its conversation
    comes at or after the last held one (so a sent eindbeoordeling always ends the cycle,
    also when nobody recorded the date it was held), otherwise the last held conversation."""
    held_kind, held_date = placement.last_held_kind, placement.last_held_date
    sent_kind, sent_at = placement.last_sent_kind, placement.last_sent_at
    sent_date = timezone.localdate(sent_at) if sent_at else None
    if sent_kind and (
        held_kind is None or CYCLE_ORDER.index(sent_kind) >= CYCLE_ORDER.index(held_kind)
    ):
        label = ConversationKind(sent_kind).label
        return _("%(kind)s verzonden") % {"kind": label}, sent_date
    if held_kind:
        return _("%(kind)s gehouden") % {"kind": ConversationKind(held_kind).label}, held_date
    return "", None


def _placement_row(placement: Placement, scope: "PlacementScope", today: date) -> PlacementRow:
    kind = placement.last_held_kind
    stage, stage_date = _stage(placement)
    return PlacementRow(
        placement=placement,
        periods=scope.periods[placement.pk],
        last_held=ConversationKind(kind).label if kind else "",
        last_held_date=placement.last_held_date,
        stage=stage,
        stage_date=stage_date,
        overdue_count=placement.overdue_count,
        open_disagreement_count=placement.open_disagreement_count,
        open_concern_count=placement.open_concern_count,
        missing=missing_people(scope.mentor[placement.pk], scope.institute[placement.pk]),
        observation_count=placement.observation_count,
        agreed_observations=placement.school.agreed_observations,
        hours=progress_from(
            placement, scope.period_dates[placement.pk], placement.student.year, today
        ),
    )


def _placement_table(
    scope: "PlacementScope", ids: list[int], today: date, params: QueryDict, key: str
) -> Page:
    """A page of the placements `ids` (of `scope`) with their people, periods and cycle
    summary and hours, by student name: one query at any size (the count and the periods are
    known from the scope)."""
    queryset = _with_cycle_summary(
        db.filter_by_ids(
            Placement.objects.select_related(
                "student__user", "student__programme", "school", "werkplekbegeleider"
            ).only(
                "start",
                "end",
                "status",
                "student__year",
                "student__user__full_name",
                "student__programme__name",
                "school__name",
                "school__agreed_observations",
                "werkplekbegeleider__full_name",
            ),
            "pk",
            ids,
        ),
        today,
    ).order_by("student__user__full_name", "id")
    queryset = with_hours_totals(queryset)
    return _paginate(
        queryset, params, key, lambda p: _placement_row(p, scope, today), count=len(ids)
    )


# --- Scope and filters ------------------------------------------------------------------------


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
    period_dates: dict[int, list[tuple[date, date]]]
    programme: dict[int, int | None]
    mentor: dict[int, int | None]
    institute: dict[int, int | None]
    choices: dict[str, list[tuple[int, str]]]

    @property
    def incomplete(self) -> list[int]:
        """The placements without a werkplekbegeleider or an instituutsopleider."""
        return [pk for pk in self.ids if not (self.mentor[pk] and self.institute[pk])]

    @classmethod
    def of(cls, placements: QuerySet[Placement]) -> "PlacementScope":
        rows = placements.order_by().values_list(
            "pk",
            "periods__pk",
            "periods__name",
            "periods__start",
            "periods__end",
            "student__programme_id",
            "student__programme__name",
            "werkplekbegeleider_id",
            "werkplekbegeleider__full_name",
            "instituutsopleider_id",
        )
        ids, periods, dates, programme, mentor, institute = [], {}, {}, {}, {}, {}
        options = {"periode": {}, "opleiding": {}, "werkplekbegeleider": {}}
        for pk, period, period_name, start, end, prog, prog_name, wpb, wpb_name, io in rows:
            if pk not in programme:
                ids.append(pk)
                periods[pk], dates[pk] = [], []
                programme[pk], mentor[pk], institute[pk] = prog, wpb, io
            if period is not None:
                periods[pk].append((start, period, period_name))
                dates[pk].append((start, end))
                options["periode"][period] = Choice(period, period_name, start)
            if prog is not None:
                options["opleiding"][prog] = Choice(prog, prog_name, prog_name)
            if wpb is not None:
                options["werkplekbegeleider"][wpb] = Choice(wpb, wpb_name, wpb_name)
        return cls(
            ids=ids,
            periods={pk: [name for *_k, name in sorted(ps)] for pk, ps in periods.items()},
            period_ids={pk: {period for _s, period, _n in ps} for pk, ps in periods.items()},
            period_dates={pk: sorted(ds) for pk, ds in dates.items()},
            programme=programme,
            mentor=mentor,
            institute=institute,
            choices={
                field: [(c.pk, c.label) for c in sorted(found.values(), key=_choice_order)]
                for field, found in options.items()
            },
        )


def _choice_order(choice: Choice) -> tuple:
    return (choice.sort, choice.pk)


# --- Student ----------------------------------------------------------------------------------


def student_todo(placements: QuerySet[Placement], today: date) -> QuerySet[Placement]:
    """The placements on which the student has a step of their own to take (as `_next_step`
    finds them): the kennismaking not recorded nor held, the leerplan not submitted, or a
    self-reflection due within DUE_SOON. A placement ended early asks nothing more."""
    here = OuterRef("pk")
    kennismaking_open = ~Exists(KennismakingRecord.objects.filter(placement=here)) & ~Exists(
        Conversation.objects.filter(
            placement=here, kind=ConversationKind.KENNISMAKING, held_date__isnull=False
        )
    )
    leerplan_open = ~Exists(
        Leerplan.objects.filter(placement=here).exclude(status__in=LEERPLAN_WITH_STUDENT)
    )
    reflection_due = Exists(
        FormVersion.objects.filter(
            form__conversation__placement=here,
            form__conversation__planned_date__lte=today + DUE_SOON,
            state=FormState.DRAFT,
        )
    )
    return placements.exclude(status=PlacementStatus.TERMINATED).filter(
        kennismaking_open | leerplan_open | reflection_due
    )


def _student_scope(user: User) -> QuerySet[Placement]:
    return placements_visible_to(user).filter(student__user=user)


def student_dashboard(user: User, today: date) -> dict:
    """The student's placements (school, period, werkplekbegeleider; newest first, bounded)
    with their cycle as a timeline, and on each its next step with a link to where it is
    taken (`_next_step`).

    Timeline: each conversation of the placement by planned date, with its status: gehouden
    (held), te laat (planned date passed and not held), gepland, or nog niet gepland; and a
    link to what belongs to it: the kennismaking's record, the leerplan, the log, or the form
    with what waits on its newest version: "Zelfreflectie schrijven" (concept: the student's
    turn), "Wacht op feedback van je werkplekbegeleider" (reflectie ingediend) or "Formulier
    ontvangen" (verzonden, with its PDF).
    Queries: placements with their people, periods, conversations: three at any size.
    """
    items = student_placements(
        _student_scope(user).order_by("-id")[:STUDENT_PLACEMENT_LIMIT], today
    )
    nexts = [item.next for item in items if item.next]
    mine = [n for n in nexts if n.is_mine]
    return {
        "template": "home/_dashboard_student.html",
        "placements": items,
        "next_step": (mine or nexts or [None])[0],
    }


# --- Werkplekbegeleider -----------------------------------------------------------------------

Narrow = Callable[[QuerySet, str], QuerySet]


def _narrow_to_ids(ids: list[int]) -> Narrow:
    return lambda queryset, lookup: db.filter_by_ids(queryset, lookup, ids)


def _narrow_to(placements: QuerySet[Placement]) -> Narrow:
    pks = placements.order_by().values("pk")
    return lambda queryset, lookup: queryset.filter(**{f"{lookup}__in": pks})


def _mentor_placements(user: User) -> QuerySet[Placement]:
    """The werkplekbegeleider's placements: where they are the werkplekbegeleider, or the
    schoolopleider named on the placement (who may act in the wpb's place)."""
    return placements_visible_to(user).filter(Q(werkplekbegeleider=user) | Q(schoolopleider=user))


def mentor_waiting(user: User, today: date, narrow: Narrow) -> dict[str, QuerySet]:
    """What waits, on the placements `narrow` selects. For the werkplekbegeleider: a
    submitted leerplan to approve, a weekly log without their comment, a form whose
    self-reflection was submitted (feedback and send), an open doubt about a judgement (they
    are part of the dialogue). For the student ("student_" lists): a self-reflection still to
    write whose conversation is due within DUE_SOON (or past), a leerplan still a concept or
    returned."""
    return {
        "leerplans": narrow(Leerplan.objects.filter(status=LeerplanStatus.SUBMITTED), "placement"),
        "logs": narrow(
            GuidanceLog.objects.exclude(
                Exists(GuidanceComment.objects.filter(log=OuterRef("pk"), author=user))
            ),
            "conversation__placement",
        ),
        "forms": narrow(
            FormVersion.objects.filter(state=FormState.SUBMITTED), "form__conversation__placement"
        ),
        "doubts": narrow(
            Disagreement.objects.filter(status=DisagreementStatus.OPEN),
            "entry__version__form__conversation__placement",
        ),
        "student_forms": narrow(
            FormVersion.objects.filter(
                state=FormState.DRAFT, form__conversation__planned_date__lte=today + DUE_SOON
            ),
            "form__conversation__placement",
        ),
        "student_leerplans": narrow(
            Leerplan.objects.filter(status__in=LEERPLAN_WITH_STUDENT), "placement"
        ),
    }


MENTOR_MINE = ("leerplans", "logs", "forms", "doubts")


def _task(version: FormVersion, today: date) -> Task:
    conversation = version.form.conversation
    due = conversation.planned_date
    if version.state == FormState.SUBMITTED:
        action = _("Feedback geven en verzenden")
    else:
        action = _("Zelfreflectie nog niet ingediend")
    return Task(
        version=version,
        placement=conversation.placement,
        kind=kind_label(conversation),
        action=action,
        due=due,
        is_overdue=due is not None and due < today,
    )


def _log_row(log: GuidanceLog) -> LogRow:
    return LogRow(log=log, placement=log.conversation.placement, kind=kind_label(log.conversation))


def _leerplan_row(leerplan: Leerplan) -> LeerplanRow:
    return LeerplanRow(leerplan=leerplan, placement=leerplan.placement)


def mentor_dashboard(user: User, today: date, params: QueryDict | None = None) -> dict:
    """The werkplekbegeleider's students and what waits for them (`mentor_waiting`).

    Students: the visible placements where this person is the werkplekbegeleider, or the
    schoolopleider named on the placement. What waits for me: leerplannen to approve,
    logs to comment on, forms to give feedback on (due on the conversation's planned date,
    earliest first, overdue when that date has passed), doubts I am part of. What waits
    for the student, quieter: self-reflections due, leerplannen still a concept.
    Queries: the scope; every list's count (one); a page for each list that is not empty;
    the students page: four when only one list has rows, at any size.
    """
    params = params if params is not None else QueryDict()
    scope = PlacementScope.of(_mentor_placements(user))
    lists = mentor_waiting(user, today, _narrow_to_ids(scope.ids))
    counts = db.counts(**lists)
    forms_related = _prefixed("form__conversation__", *PLACEMENT_ROW_RELATED)
    forms_only = (
        "state",
        *_prefixed("form__conversation__", *CONVERSATION_LABEL_FIELDS, "planned_date"),
        *_prefixed("form__conversation__", *PLACEMENT_ROW_FIELDS),
    )
    by_due = (F("form__conversation__planned_date").asc(nulls_last=True), "id")
    leerplan_related = _prefixed("placement__", "student__user", "school")
    pages = {
        "leerplans": (
            lists["leerplans"]
            .select_related(*leerplan_related)
            .only("status", *PLACEMENT_ROW_FIELDS)
            .order_by("id"),
            _leerplan_row,
        ),
        "logs": (
            lists["logs"]
            .select_related(*_prefixed("conversation__", *PLACEMENT_ROW_RELATED))
            .only(
                *_prefixed("conversation__", *CONVERSATION_LABEL_FIELDS, "held_date"),
                *_prefixed("conversation__", *PLACEMENT_ROW_FIELDS),
            )
            .order_by("conversation__held_date", "id"),
            _log_row,
        ),
        "forms": (
            lists["forms"].select_related(*forms_related).only(*forms_only).order_by(*by_due),
            lambda v: _task(v, today),
        ),
        "doubts": (
            lists["doubts"]
            .select_related(
                *_prefixed("entry__version__form__conversation__", *PLACEMENT_ROW_RELATED),
                "entry__placement_outcome__outcome",
                "entry__placement_outcome__subject_outcome",
                "raised_by",
            )
            .order_by("raised_at", "id"),
            _doubt,
        ),
        "student_forms": (
            lists["student_forms"]
            .select_related(*forms_related)
            .only(*forms_only)
            .order_by(*by_due),
            lambda v: _task(v, today),
        ),
        "student_leerplans": (
            lists["student_leerplans"]
            .select_related(*leerplan_related)
            .only("status", *PLACEMENT_ROW_FIELDS)
            .order_by("id"),
            _leerplan_row,
        ),
    }
    waiting = {
        name: _paginate(queryset, params, f"wpb-{name.replace('_', '-')}", row, count=counts[name])
        for name, (queryset, row) in pages.items()
    }
    return {
        "template": "home/_dashboard_mentor.html",
        "key": "wpb",
        "waiting": waiting,
        "mine_count": sum(counts[name] for name in MENTOR_MINE),
        "student_count": counts["student_forms"] + counts["student_leerplans"],
        "students": _placement_table(scope, scope.ids, today, params, "wpb-pagina"),
    }


# --- Schoolopleider ---------------------------------------------------------------------------


def _assigned_as(user: User, role: SchoolRole) -> Exists:
    """The placement's school (OuterRef) has `user` assigned to it in `role`."""
    return Exists(SchoolAssignment.objects.filter(school=OuterRef("school"), user=user, role=role))


def _open_doubts(narrow: Narrow) -> QuerySet[Disagreement]:
    """Open disagreements on the placements `narrow` selects, with what their rows show."""
    return (
        narrow(
            Disagreement.objects.filter(status=DisagreementStatus.OPEN),
            "entry__version__form__conversation__placement",
        )
        .select_related(
            *_prefixed("entry__version__form__conversation__", *PLACEMENT_ROW_RELATED),
            "entry__placement_outcome__outcome",
            "entry__placement_outcome__subject_outcome",
            "raised_by",
        )
        .order_by("raised_at", "id")
    )


def _schoolopleider_placements(user: User) -> QuerySet[Placement]:
    return placements_visible_to(user).filter(
        Q(schoolopleider=user) | _assigned_as(user, SchoolRole.SCHOOLOPLEIDER)
    )


def schoolopleider_dashboard(user: User, today: date, params: QueryDict | None = None) -> dict:
    """Every student at the schoolopleider's school(s) in one table, and the doubts about a
    judgement there (the schoolopleider takes part in that dialogue).

    Scope: the visible placements whose school has this person assigned as schoolopleider,
    plus the placements that name them as schoolopleider. Per placement: student, programme,
    werkplekbegeleider, period, where it is in the cycle (the last held conversation or sent
    form, or "nog niet gestart"), its number of overdue items and of open disagreements on
    its form entries. Filters (GET `so-periode`, `so-opleiding`, `so-werkplekbegeleider`)
    narrow the table; an invalid value is ignored. Per school, who took part in the held
    conversations against the triangle the school chose (`triangle_by_school`, filtered too).
    Queries: the scope (which also gives the filter choices), the doubts (count, and a page
    when there are any), the students page and the triangle: four at any size without doubts.
    """
    params = params if params is not None else QueryDict()
    scope = PlacementScope.of(_schoolopleider_placements(user))
    filters = PlacementFilterForm(params, prefix="so", scope=scope)
    shown = filters.apply(scope)
    return {
        "template": "home/_dashboard_schoolopleider.html",
        "key": "so",
        "filters": filters,
        "doubts": _paginate(_open_doubts(_narrow_to_ids(scope.ids)), params, "so-twijfel", _doubt),
        "students": _placement_table(scope, shown, today, params, "so-pagina"),
        "triangle": triangle_by_school(shown),
    }


# --- Instituutsopleider and praktijkbureau ----------------------------------------------------


def _received(version: FormVersion) -> Received:
    conversation = version.form.conversation
    return Received(
        version=version, placement=conversation.placement, kind=kind_label(conversation)
    )


def _doubt(disagreement: Disagreement) -> Doubt:
    conversation = disagreement.entry.version.form.conversation
    return Doubt(
        disagreement=disagreement, placement=conversation.placement, kind=kind_label(conversation)
    )


def _overdue(conversation: Conversation) -> Overdue:
    reason = _("niet gehouden") if conversation.held_date is None else _("formulier niet verzonden")
    return Overdue(
        conversation=conversation,
        placement=conversation.placement,
        kind=kind_label(conversation),
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
    doubts_wait_for_me: bool,
) -> dict:
    """The instituutsopleider-style overview of the placements in `scope`, filtered: the
    placements without a werkplekbegeleider or instituutsopleider (flagged until someone is
    named), the students table, forms received (sent versions, newest first), forms in doubt
    (open disagreements, oldest first) and overdue items (earliest first)."""
    scope = PlacementScope.of(placements_in_scope)
    filters = PlacementFilterForm(params, prefix=key, scope=scope)
    ids = filters.apply(scope)
    received = (
        db.filter_by_ids(
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
    doubts = _open_doubts(_narrow_to_ids(ids))
    overdue = (
        with_latest_version(db.filter_by_ids(overdue_conversations(today), "placement", ids))
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
    counts = db.counts(received=received, doubts=doubts, overdue=overdue)
    shown = set(ids)
    incomplete = [pk for pk in scope.incomplete if pk in shown]
    return {
        "template": "home/_dashboard_instituutsopleider.html",
        "key": key,
        "title": title,
        "students_caption": students_caption,
        "doubts_wait_for_me": doubts_wait_for_me,
        "filters": filters,
        "students": _placement_table(scope, ids, today, params, f"{key}-pagina"),
        "incomplete": _placement_table(scope, incomplete, today, params, f"{key}-zonder"),
        "received": _paginate(
            received, params, f"{key}-ontvangen", _received, count=counts["received"]
        ),
        "doubts": _paginate(doubts, params, f"{key}-twijfel", _doubt, count=counts["doubts"]),
        "overdue": _paginate(overdue, params, f"{key}-te-laat", _overdue, count=counts["overdue"]),
    }


def _institute_placements(user: User) -> QuerySet[Placement]:
    extra = Exists(PlacementExtraAccess.objects.filter(placement=OuterRef("pk"), user=user))
    return placements_visible_to(user).filter(
        Q(instituutsopleider=user)
        | Q(opleider=user)
        | _assigned_as(user, SchoolRole.INSTITUUTSOPLEIDER)
        | extra
    )


def _incomplete(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    return placements.filter(
        Q(werkplekbegeleider__isnull=True) | Q(instituutsopleider__isnull=True)
    )


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
    return _overview(
        _institute_placements(user),
        today,
        params,
        key="io",
        title=_("Als instituutsopleider"),
        students_caption=_("Studenten op mijn scholen"),
        doubts_wait_for_me=True,
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
        doubts_wait_for_me=False,
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
    """The names of this person's roles, in the order of `Role` (no query beyond role_set); a
    superuser counts as the praktijkbureau (see `User.is_praktijkbureau`), never as roleless."""
    held = user.role_set | ({Role.ADMIN} if user.is_praktijkbureau else set())
    return [label for value, label in Role.choices if value in held]


# --- The navigation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NavigationCounts:
    """The navigation's numbers: unread notifications, and the things that wait for this
    person (the dashboards' waiting lists, for every role they hold) with the address of the
    first list that has any."""

    unread: int
    waiting: int
    waiting_url: str


def navigation_counts(user: User, today: date) -> NavigationCounts:
    """Counted in one query whatever the roles and the number of placements. The lists are
    the dashboards' own (`student_todo`, `mentor_waiting`, the open doubts, the placements
    without a werkplekbegeleider or instituutsopleider), so the count is what the list shows
    (unfiltered, whole lists across pages)."""
    lists: dict[str, tuple[str, QuerySet]] = {}
    if user.has_role(Role.STUDENT):
        lists["student"] = ("student", student_todo(_student_scope(user), today))
    if user.has_role(Role.WERKPLEKBEGELEIDER):
        waiting = mentor_waiting(user, today, _narrow_to(_mentor_placements(user)))
        for name in MENTOR_MINE:
            lists[f"wpb-{name}"] = ("wpb-wacht", waiting[name])
    if user.has_role(Role.SCHOOLOPLEIDER):
        narrow = _narrow_to(_schoolopleider_placements(user))
        lists["so-doubts"] = ("so-wacht", _open_doubts(narrow))
    if user.has_role(Role.INSTITUUTSOPLEIDER):
        placements = _institute_placements(user)
        lists["io-doubts"] = ("io-wacht", _open_doubts(_narrow_to(placements)))
        lists["io-incomplete"] = ("io-wacht", _incomplete(placements))
    if user.is_praktijkbureau:
        lists["pb-incomplete"] = ("pb-wacht", _incomplete(placements_visible_to(user)))
    counts = db.counts(
        unread=user.notifications.filter(read_at__isnull=True),
        **{name: queryset for name, (_anchor, queryset) in lists.items()},
    )
    anchor = next((a for name, (a, _q) in lists.items() if counts[name]), "")
    return NavigationCounts(
        unread=counts["unread"],
        waiting=sum(counts[name] for name in lists),
        waiting_url=f"{reverse('home')}#{anchor}" if anchor else reverse("home"),
    )
