"""Reads of the audit sample: the population a draw is made from, the samples and their items
for a page, the second assessor's own items, and the blind pairs the statistics use."""

from datetime import date

from django.db.models import Exists, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from apps.accounts.models import Role, User
from apps.calibration.models import AuditItem, AuditSample
from apps.cycle.models import ConversationKind, FormEntry, FormState, FormVersion, Judgement
from apps.outcomes.models import Assessment
from apps.placements.models import Period, SchoolAssignment

PLACEMENT = "version__form__conversation__placement"


def school_year_bounds(school_year: str) -> tuple[date, date]:
    """ "2026-2027" → 1 August 2026 up to and including 31 July 2027 (placements.school_year_of)."""
    first = int(school_year[:4])
    return date(first, 8, 1), date(first + 1, 7, 31)


def eligible_entries(school_year: str, study_year: int | None = None) -> QuerySet[FormEntry]:
    """The population of a draw: the voldaan/niet voldaan judgements on the latest sent version
    of each placement's eindbeoordeling, for the outcomes the werkplekbegeleider judges and that
    are summative, of placements that start in `school_year` (their first day, or the start of
    their first period: placements.models.school_year_of). Ordered by id, so a seeded draw
    over it is reproducible. One query."""
    first, last = school_year_bounds(school_year)
    newer_sent = FormVersion.objects.filter(
        form_id=OuterRef("version__form_id"),
        state=FormState.SENT,
        number__gt=OuterRef("version__number"),
    )
    first_period = (
        Period.objects.filter(placements=OuterRef(f"{PLACEMENT}_id"))
        .values("placements")
        .annotate(first=Min("start"))
        .values("first")
    )
    entries = (
        FormEntry.objects.filter(
            version__state=FormState.SENT,
            version__form__conversation__kind=ConversationKind.EINDBEOORDELING,
            judgement__in=Judgement.values,
            placement_outcome__wpb_judges=True,
            placement_outcome__outcome__assessment=Assessment.SUMMATIEF,
        )
        .exclude(Exists(newer_sent))
        .annotate(first_day=Coalesce(F(f"{PLACEMENT}__start"), Subquery(first_period)))
        .filter(first_day__gte=first, first_day__lte=last)
    )
    if study_year:
        entries = entries.filter(**{f"{PLACEMENT}__student__year": study_year})
    return entries.order_by("id")


def population(school_year: str, study_year: int | None = None) -> list[tuple[int, int]]:
    """(entry id, school id) of every eligible judgement, in id order. One query."""
    return list(
        eligible_entries(school_year, study_year).values_list("id", f"{PLACEMENT}__school_id")
    )


def assessor_candidates() -> list[User]:
    """Who may be a blind second assessor: instituutsopleiders and schoolopleiders with an
    active account, with the schools they are assigned to (`school_ids`). Two queries."""
    people = list(
        User.objects.filter(
            is_active=True,
            role_memberships__role__in=[Role.INSTITUUTSOPLEIDER, Role.SCHOOLOPLEIDER],
        )
        .distinct()
        .order_by("id")
    )
    schools: dict[int, set[int]] = {}
    for user_id, school_id in SchoolAssignment.objects.filter(user__in=people).values_list(
        "user_id", "school_id"
    ):
        schools.setdefault(user_id, set()).add(school_id)
    for person in people:
        person.school_ids = schools.get(person.pk, set())
    return people


def open_load() -> dict[int, int]:
    """Unsubmitted audit items per second assessor (the balance of the assignment)."""
    load: dict[int, int] = {}
    for user_id in AuditItem.objects.filter(
        submitted_at__isnull=True, second_assessor__isnull=False
    ).values_list("second_assessor_id", flat=True):
        load[user_id] = load.get(user_id, 0) + 1
    return load


def items_with_placement() -> QuerySet[AuditItem]:
    """Audit items with what the pages show about them in the same query."""
    return AuditItem.objects.select_related(
        "sample",
        "second_assessor",
        "disagreement",
        "entry__version__form__conversation__placement__school",
        "entry__placement_outcome__outcome",
        "entry__placement_outcome__subject_outcome",
    )


def samples_overview() -> list[AuditSample]:
    """Every draw with its counts. Two queries."""
    from django.db.models import Count

    return list(
        AuditSample.objects.select_related("drawn_by").annotate(
            n_items=Count("items", distinct=True),
            n_submitted=Count("items", filter=Q(items__submitted_at__isnull=False), distinct=True),
            n_unassigned=Count(
                "items", filter=Q(items__second_assessor__isnull=True), distinct=True
            ),
        )
    )


def sample_items(sample: AuditSample) -> list[AuditItem]:
    """The items of one draw in draw order. One query."""
    return list(items_with_placement().filter(sample=sample).order_by("id"))


def items_of_assessor(user: User) -> list[AuditItem]:
    """The second assessor's own items, open first. One query."""
    return list(
        items_with_placement()
        .filter(second_assessor=user)
        .order_by(F("submitted_at").desc(nulls_first=True), "id")
    )


def item_for_judging(item: AuditItem) -> AuditItem:
    """The item with the outcome's kijkkader for the judging page (a few queries)."""
    return (
        items_with_placement()
        .prefetch_related(
            Prefetch("entry__placement_outcome__outcome__dimensions__indicators"),
            "indicators_seen",
        )
        .get(pk=item.pk)
    )


def audit_pairs(
    sample: AuditSample | None = None,
    *,
    school_year: str | None = None,
    school_id: int | None = None,
) -> list[tuple[str, str]]:
    """The blind pairs (first judgement, second judgement) of submitted audit items, for the
    paired statistics (p_o, PA, NA, κ, AC1 in apps/calibration/stats.py). Only blind second
    judgements count (§2.3, non-independence); doubt/final-decision pairs never do. One query."""
    items = AuditItem.objects.filter(blind=True, submitted_at__isnull=False).exclude(judgement="")
    if sample is not None:
        items = items.filter(sample=sample)
    if school_year:
        items = items.filter(sample__school_year=school_year)
    if school_id:
        items = items.filter(**{f"entry__{PLACEMENT}__school_id": school_id})
    return [tuple(p) for p in items.order_by("id").values_list("entry__judgement", "judgement")]
