"""Writes of the audit sample: the draw, the assignment of a blind second assessor, the second
judgement and the export of a draw. Each takes the acting user, runs in a transaction and is
recorded in the audit log.

The draw (criterion 19): from the population of `selectors.eligible_entries`, exactly
ceil(rate × N) judgements are drawn with `random.Random(seed)` — ceil, so the sample is never
below the rate: 10% of 200 is 20, 10% of 201 is 21 — plus, for every school in the population
that the draw missed, one of its judgements ("minimum één per school"). The seed is stored;
`draw_entry_ids(population, rate, seed)` with the stored seed gives the same list again.

The second assessor (criterion 20): an instituutsopleider or schoolopleider who is none of the
placement's student, werkplekbegeleider, schoolopleider, instituutsopleider (also one given
access), opleider or slb'er; preferably someone not assigned to the placement's school; of
those, the one with the fewest open items (ties by the seeded generator). Nobody fits: the item
stays unassigned and the praktijkbureau assigns by hand.

A differing second judgement opens a doubt with the category "steekproef" in the existing
procedure (apps.cycle.procedure.services.disagreement_open_from_audit); the student's result
never changes by itself."""

import math
import random
import secrets
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.services import audit_record
from apps.calibration.audit import access
from apps.calibration.audit.selectors import (
    assessor_candidates,
    open_load,
    population,
    sample_items,
)
from apps.calibration.models import AuditItem, AuditSample
from apps.core.concurrency import ServiceError, StaleEdit
from apps.core.excel_csv import csv_bytes
from apps.cycle.models import FormEntry, Judgement
from apps.cycle.procedure.services import disagreement_open_from_audit
from apps.placements.models import Placement, PlacementExtraAccess

DEFAULT_RATE = Decimal("0.10")


class AuditError(ServiceError):
    """The audit refused; the message can be shown."""


class AuditLocked(AuditError):
    """A submitted second judgement is never changed (the view answers 409)."""


def sample_size(rate: Decimal, n: int) -> int:
    """ceil(rate × n), at most n: rate 10% of 200 → 20."""
    return min(n, math.ceil(Decimal(rate) * n))


def draw_entry_ids(population: list[tuple[int, int]], rate: Decimal, seed: int) -> list[int]:
    """The drawn entry ids, in draw order: a seeded sample of `sample_size(rate, N)` from the
    (entry id, school id) pairs, then one per school the sample missed (schools in id order).
    Pure: the same population, rate and seed give the same list."""
    rng = random.Random(seed)
    ordered = sorted(population)
    drawn = rng.sample([entry_id for entry_id, _school in ordered], sample_size(rate, len(ordered)))
    schools_of = dict(ordered)
    covered = {schools_of[entry_id] for entry_id in drawn}
    for school_id in sorted({school for _entry, school in ordered} - covered):
        drawn.append(rng.choice([e for e, s in ordered if s == school_id]))
    return drawn


def excluded_assessors(placement: Placement, extra: set[int] = frozenset()) -> set[int]:
    """Who may never be the second assessor of a placement's judgement."""
    return {
        placement.student.user_id,
        placement.werkplekbegeleider_id,
        placement.schoolopleider_id,
        placement.instituutsopleider_id,
        placement.opleider_id,
        placement.studieloopbaanbegeleider_id,
        *extra,
    } - {None}


def choose_assessor(
    placement: Placement,
    candidates: list[User],
    load: dict[int, int],
    rng: random.Random,
    extra: set[int] = frozenset(),
) -> User | None:
    """The balanced choice for one placement (see the module text); updates `load`."""
    excluded = excluded_assessors(placement, extra)
    eligible = [c for c in candidates if c.pk not in excluded]
    elsewhere = [c for c in eligible if placement.school_id not in c.school_ids]
    pool = elsewhere or eligible
    if not pool:
        return None
    lowest = min(load.get(c.pk, 0) for c in pool)
    chosen = rng.choice([c for c in pool if load.get(c.pk, 0) == lowest])
    load[chosen.pk] = load.get(chosen.pk, 0) + 1
    return chosen


def _extra_access(placement_ids: list[int]) -> dict[int, set[int]]:
    extra: dict[int, set[int]] = {}
    for placement_id, user_id in PlacementExtraAccess.objects.filter(
        placement_id__in=placement_ids
    ).values_list("placement_id", "user_id"):
        extra.setdefault(placement_id, set()).add(user_id)
    return extra


@transaction.atomic
def audit_sample_draw(
    *,
    by: User,
    school_year: str,
    rate: Decimal = DEFAULT_RATE,
    study_year: int | None = None,
    seed: int | None = None,
) -> AuditSample:
    """Draw a sample for `school_year` (and `study_year`), store it with its seed and assign
    the second assessors."""
    if not access.may_draw(by):
        raise AuditError(_("Alleen het praktijkbureau of de examencommissie trekt een steekproef."))
    rate = Decimal(rate)
    if not Decimal("0") < rate <= Decimal("1"):
        raise AuditError(_("Kies een percentage groter dan 0 en hoogstens 100."))
    pool = population(school_year, study_year)
    if not pool:
        raise AuditError(
            _("Er zijn in %(year)s geen verzonden eindoordelen om uit te trekken.")
            % {"year": school_year}
        )
    seed = secrets.randbits(62) if seed is None else seed
    drawn = draw_entry_ids(pool, rate, seed)
    sample = AuditSample.objects.create(
        school_year=school_year,
        study_year=study_year,
        rate=rate,
        seed=seed,
        population=len(pool),
        drawn_by=by,
    )
    entries = {
        e.pk: e
        for e in FormEntry.objects.select_related(
            "version__form__conversation__placement__student"
        ).filter(pk__in=drawn)
    }
    placements = [entries[i].version.form.conversation.placement for i in drawn]
    extra = _extra_access([p.pk for p in placements])
    candidates, load = assessor_candidates(), open_load()
    rng = random.Random(seed)
    now = timezone.now()
    items = []
    for entry_id, placement in zip(drawn, placements, strict=True):
        assessor = choose_assessor(placement, candidates, load, rng, extra.get(placement.pk, set()))
        items.append(
            AuditItem(
                sample=sample,
                entry_id=entry_id,
                second_assessor=assessor,
                assigned_at=now if assessor else None,
            )
        )
    AuditItem.objects.bulk_create(items)
    audit_record(
        actor=by,
        action="audit.draw",
        target=sample,
        detail={
            "school_year": school_year,
            "study_year": study_year,
            "rate": str(rate),
            "seed": seed,
            "population": len(pool),
            "drawn": len(drawn),
            "unassigned": sum(1 for i in items if i.second_assessor is None),
        },
    )
    return sample


@transaction.atomic
def audit_item_assign(*, by: User, item: AuditItem, assessor: User) -> AuditItem:
    """The praktijkbureau gives an item another second assessor (not after submission)."""
    if not access.may_assign(by):
        raise AuditError(_("Alleen het praktijkbureau wijst een tweede beoordelaar toe."))
    item = AuditItem.objects.select_for_update().get(pk=item.pk)
    if item.submitted_at:
        raise AuditLocked(_("Deze tweede beoordeling is al ingediend."))
    placement = Placement.objects.select_related("student").get(
        pk=item.entry.version.form.conversation.placement_id
    )
    extra = _extra_access([placement.pk]).get(placement.pk, set())
    if not access.may_judge(assessor) or assessor.pk in excluded_assessors(placement, extra):
        raise AuditError(
            _("Kies een instituutsopleider of schoolopleider die niet bij deze stage betrokken is.")
        )
    previous = item.second_assessor_id
    item.second_assessor = assessor
    item.assigned_at = timezone.now()
    item.lock_version += 1
    item.save(update_fields=["second_assessor", "assigned_at", "lock_version"])
    audit_record(
        actor=by,
        action="audit.assign",
        target=item,
        detail={"from": previous, "to": assessor.pk},
    )
    return item


def _reason(item: AuditItem, motivation: str) -> str:
    labels = dict(Judgement.choices)
    return _(
        "Steekproef: een blinde tweede beoordeling komt tot ‘%(second)s’, het oordeel was "
        "‘%(first)s’. Motivatie van de tweede beoordelaar: %(motivation)s"
    ) % {
        "second": labels[item.judgement],
        "first": labels[item.entry.judgement],
        "motivation": motivation,
    }


@transaction.atomic
def audit_item_submit(
    *,
    by: User,
    item: AuditItem,
    lock_version: int,
    judgement: str,
    motivation: str,
    indicator_ids: list[int] = (),
    confidence_year3: bool | None = None,
) -> AuditItem:
    """The blind second judgement, on the fields of the real form. Submitting locks it. Where it
    differs from the first judgement, a doubt "steekproef" is opened in the procedure; the
    student's result is not touched."""
    item = AuditItem.objects.select_for_update().get(pk=item.pk)
    if item.second_assessor_id != by.pk:
        raise AuditError(_("Dit oordeel is aan iemand anders toegewezen."))
    if item.submitted_at:
        raise AuditLocked(_("Je tweede beoordeling is al ingediend en kan niet meer veranderen."))
    if lock_version != item.lock_version:
        raise StaleEdit(
            _("De toewijzing is intussen gewijzigd. Laad de pagina opnieuw."), current={}
        )
    entry = item.entry
    outcome = entry.placement_outcome.outcome
    if judgement not in Judgement.values:
        raise AuditError(_("Kies voldaan of niet voldaan."))
    if not motivation.strip():
        raise AuditError(_("Motiveer je oordeel."))
    if outcome is not None and outcome.asks_confidence and confidence_year3 is None:
        raise AuditError(_("Geef aan of je voldoende vertrouwen hebt in afronding in jaar 3."))
    allowed = {i.pk for i in entry.gradable_indicators}
    if set(indicator_ids) - allowed:
        raise AuditError(_("Kies alleen indicatoren uit het kijkkader van deze leeruitkomst."))
    item.judgement = judgement
    item.motivation = motivation.strip()
    item.confidence_year3 = confidence_year3 if outcome and outcome.asks_confidence else None
    item.submitted_at = timezone.now()
    item.lock_version += 1
    item.save()
    item.indicators_seen.set(indicator_ids)
    if judgement != entry.judgement:
        item.disagreement = disagreement_open_from_audit(
            by=by, entry=entry, reason=_reason(item, item.motivation), audit_item_id=item.pk
        )
        item.save(update_fields=["disagreement"])
    audit_record(
        actor=by,
        action="audit.submit",
        target=item,
        detail={"differs": judgement != entry.judgement},
    )
    return item


def opaque_id(sample: AuditSample, kind: str, pk: int) -> str:
    """A code that names a placement (or school) in one draw's export without saying which:
    keyed with the site's secret, so it cannot be reversed from the export."""
    return salted_hmac("calibration.audit.export", f"{sample.pk}:{kind}:{pk}").hexdigest()[:12]


def audit_sample_export(*, by: User, sample: AuditSample) -> bytes:
    """The draw as CSV (Excel-safe): per item an opaque placement and school code, the outcome
    code and the state of the second judgement; no names, no judgements."""
    rows = [
        [
            _("steekproef"),
            _("schooljaar"),
            _("studiejaar"),
            _("percentage"),
            _("startwaarde"),
            _("populatie"),
            _("volgnummer"),
            _("stage (code)"),
            _("school (code)"),
            _("leeruitkomst"),
            _("tweede beoordelaar toegewezen"),
            _("tweede oordeel ingediend"),
        ]
    ]
    for number, item in enumerate(sample_items(sample), start=1):
        placement = item.entry.version.form.conversation.placement
        outcome = item.entry.placement_outcome
        rows.append(
            [
                sample.pk,
                sample.school_year,
                sample.study_year or "",
                f"{sample.rate * 100:.1f}",
                str(sample.seed),
                sample.population,
                number,
                opaque_id(sample, "stage", placement.pk),
                opaque_id(sample, "school", placement.school_id),
                outcome.outcome.code if outcome.outcome else str(outcome),
                _("ja") if item.second_assessor_id else _("nee"),
                _("ja") if item.submitted_at else _("nee"),
            ]
        )
    audit_record(actor=by, action="audit.export", target=sample, detail={"rows": len(rows) - 1})
    return csv_bytes(rows)
