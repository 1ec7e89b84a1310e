"""Every placement has its cycle: give each placement without conversations its four main
conversations and the forms of the tussenevaluatie and eindbeoordeling.

Until now only the demo's placements were planned; a placement made by the import or the admin
had no conversations. New placements get them through the placements lifecycle hook; this
gives the existing ones theirs. The planning rule is a frozen copy of
`apps.cycle.planning.planned_dates_for` as it is now (app code moves; a migration must not),
reading the historical models only.
"""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone

KINDS = ("kennismaking", "startgesprek", "tussenevaluatie", "eindbeoordeling")
FORM_KINDS = ("tussenevaluatie", "eindbeoordeling")
# In weeks from the first day; None: halfway / the last week.
DEFAULT_WEEKS = {
    "kennismaking": 1,
    "startgesprek": 3,
    "tussenevaluatie": None,
    "eindbeoordeling": None,
}
REASON = "gepland bij de invoering van één cyclus per stage"


def _rule_for(placement, periods, rules):
    """Programme and period, then period, then programme; the earliest period decides."""
    order = {p.pk: n for n, p in enumerate(periods)}
    programme_id = placement.student.programme_id
    ranked = []
    for rule in rules:
        if rule.period_id is not None and rule.period_id not in order:
            continue
        if rule.programme_id is not None and rule.programme_id != programme_id:
            continue
        if rule.programme_id and rule.period_id:
            ranked.append(((0, order[rule.period_id]), rule))
        elif rule.period_id:
            ranked.append(((1, order[rule.period_id]), rule))
        elif rule.programme_id:
            ranked.append(((2, 0), rule))
    return min(ranked, key=lambda pair: pair[0])[1] if ranked else None


def _inside(day, periods):
    for period in periods:
        if day <= period.end:
            return max(day, period.start)
    return periods[-1].end


def planned_dates(placement, periods, rules):
    """The planned date of each main conversation (frozen copy of planned_dates_for)."""
    last = max(p.end for p in periods)
    start = max(placement.start or periods[0].start, periods[0].start)
    end = min(placement.end or last, last)
    last_week = start + timedelta(weeks=(end - start).days // 7)
    rule = _rule_for(placement, periods, rules)
    weeks = DEFAULT_WEEKS
    if rule is not None:
        weeks = {kind: getattr(rule, f"{kind}_week") for kind in KINDS}
    defaults = {
        "tussenevaluatie": start + timedelta(weeks=(end - start).days // 2 // 7),
        "eindbeoordeling": last_week,
    }
    dates = {}
    for kind in KINDS:
        week = weeks[kind]
        when = defaults[kind] if week is None else start + timedelta(weeks=week - 1)
        dates[kind] = _inside(min(when, last_week), periods)
    return dates


def _history(history_model, model, objects, now):
    """The 'created' history rows simple-history would have written, without a user."""
    fields = [f.attname for f in model._meta.concrete_fields]
    return [
        history_model(
            **{name: getattr(obj, name) for name in fields},
            history_date=now,
            history_type="+",
            history_change_reason=REASON,
        )
        for obj in objects
    ]


def give_every_placement_its_cycle(apps, schema_editor):
    Placement = apps.get_model("placements", "Placement")
    PlacementOutcome = apps.get_model("placements", "PlacementOutcome")
    PlanningRule = apps.get_model("cycle", "PlanningRule")
    Conversation = apps.get_model("cycle", "Conversation")
    FeedbackForm = apps.get_model("cycle", "FeedbackForm")
    FormVersion = apps.get_model("cycle", "FormVersion")
    FormEntry = apps.get_model("cycle", "FormEntry")
    HistoricalConversation = apps.get_model("cycle", "HistoricalConversation")
    HistoricalFormVersion = apps.get_model("cycle", "HistoricalFormVersion")

    rules = list(PlanningRule.objects.all())
    now = timezone.now()
    placements = (
        Placement.objects.exclude(pk__in=Conversation.objects.values("placement_id"))
        .select_related("student")
        .prefetch_related("periods")
        .order_by("pk")
    )
    for placement in placements:
        periods = sorted(placement.periods.all(), key=lambda p: (p.start, p.pk))
        if not periods:
            continue
        dates = planned_dates(placement, periods, rules)
        conversations = Conversation.objects.bulk_create(
            Conversation(placement_id=placement.pk, kind=kind, sequence=1, planned_date=when)
            for kind, when in dates.items()
        )
        forms = FeedbackForm.objects.bulk_create(
            FeedbackForm(conversation_id=c.pk) for c in conversations if c.kind in FORM_KINDS
        )
        versions = FormVersion.objects.bulk_create(
            FormVersion(form_id=f.pk, number=1, state="concept") for f in forms
        )
        outcomes = list(
            PlacementOutcome.objects.filter(placement_id=placement.pk).values_list("pk", flat=True)
        )
        FormEntry.objects.bulk_create(
            FormEntry(version_id=v.pk, placement_outcome_id=o) for v in versions for o in outcomes
        )
        HistoricalConversation.objects.bulk_create(
            _history(HistoricalConversation, Conversation, conversations, now)
        )
        HistoricalFormVersion.objects.bulk_create(
            _history(HistoricalFormVersion, FormVersion, versions, now)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cycle", "0007_dossier_job"),
        ("placements", "0005_quality_monitor"),
    ]

    operations = [
        migrations.RunPython(give_every_placement_its_cycle, migrations.RunPython.noop),
    ]
