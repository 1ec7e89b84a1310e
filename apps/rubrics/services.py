"""Writes on rubrics.

A rubric that is in use (anything points at its dimensions, levels, roles or descriptors: a
leerplan goal's phases, a self-assessment, a cbv placement, …) is never changed in place: a
change makes version n+1, linked to n, and what pointed at n keeps pointing at n. A rubric
nobody uses yet may be corrected in place. Only the current (newest) version of a rubric is
ever changed.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from apps.accounts.models import Role, User
from apps.accounts.services import audit_record
from apps.core.usage import is_referenced, referenced_values
from apps.rubrics.models import (
    CbvMoment,
    CbvPerspective,
    CbvPlacement,
    Descriptor,
    HeatmapConsent,
    Rubric,
    RubricDimension,
    RubricKind,
    RubricLevel,
    RubricRole,
    SelfAssessment,
    SelfAssessmentRating,
)

# Every model of a rubric with the lookup from it to the rubric's id.
PARTS = [
    (Rubric, "id"),
    (RubricLevel, "rubric"),
    (RubricRole, "rubric"),
    (RubricDimension, "rubric"),
    (Descriptor, "dimension__rubric"),
]
STAFF_ROLES = (Role.WERKPLEKBEGELEIDER, Role.SCHOOLOPLEIDER, Role.INSTITUUTSOPLEIDER)
# An example is concrete when it tells what happened; a few words ("gaat wel goed") do not.
MIN_EXAMPLE_LENGTH = 20
PHASE_TABLE_SLUG = "complexe-beroepsvaardigheden"


class RubricError(Exception):
    """A domain error with a message that can be shown to the user."""


@dataclass
class DimensionContent:
    """One row of a rubric as data: where it stands, its name and role, its text per level."""

    position: int
    name: str
    role: str  # "" in a rubric without roles
    texts: dict[str, str] = field(default_factory=dict)  # level name -> descriptor


@dataclass(frozen=True)
class RubricChange:
    """What a change did: the rubric now holding the content, whether that is a new version,
    and how many cells differ from before."""

    rubric: Rubric
    new_version: bool
    changed: int


# Reading -------------------------------------------------------------------------------------


def rubric_is_in_use(rubric: Rubric) -> bool:
    """Whether anything (other than the rubric's own parts) points at this rubric or a part."""
    return is_referenced(PARTS, rubric.pk)


def rubric_ids_in_use() -> set[int]:
    """The ids of every rubric in use, in one query per relation (for lists)."""
    return referenced_values(PARTS)


def rubric_content(rubric: Rubric) -> list[DimensionContent]:
    """The rubric's dimensions in order with their role and text per level (two queries)."""
    rows = {
        d.pk: DimensionContent(d.position, d.name, d.role.name if d.role else "")
        for d in RubricDimension.objects.filter(rubric=rubric).select_related("role")
    }
    for descriptor in Descriptor.objects.filter(dimension__rubric=rubric).select_related("level"):
        rows[descriptor.dimension_id].texts[descriptor.level.name] = descriptor.text
    return sorted(rows.values(), key=lambda row: row.position)


def rubric_grid(rubric: Rubric) -> list[dict]:
    """The rubric as rows for a grid: per dimension (grouped by role) its cell per level."""
    levels = list(rubric.levels.all())
    cells = {
        (d.dimension_id, d.level_id): d.text
        for d in Descriptor.objects.filter(dimension__rubric=rubric)
    }
    rows = []
    for dimension in RubricDimension.objects.filter(rubric=rubric).select_related("role"):
        rows.append(
            {
                "dimension": dimension,
                "role": dimension.role,
                "cells": [
                    {"level": level, "text": cells.get((dimension.pk, level.pk), "")}
                    for level in levels
                ],
            }
        )
    return rows


# Writing -------------------------------------------------------------------------------------


def _structure(content: list[DimensionContent]) -> list[tuple[int, str, str]]:
    return [(row.position, row.name, row.role) for row in content]


def _changed_cells(old: list[DimensionContent], new: list[DimensionContent]) -> int:
    before = {(r.position, r.name, r.role, lv): t for r in old for lv, t in r.texts.items()}
    after = {(r.position, r.name, r.role, lv): t for r in new for lv, t in r.texts.items()}
    return sum(1 for key in before.keys() | after.keys() if before.get(key) != after.get(key))


def _copy_rubric(rubric: Rubric, *, by: User) -> Rubric:
    """Version n+1 of `rubric` with the same name, kind, description and levels (no rows)."""
    copy = Rubric(
        slug=rubric.slug,
        name=rubric.name,
        kind=rubric.kind,
        description=rubric.description,
        source=rubric.source,
        version=rubric.version + 1,
        previous=rubric,
    )
    copy.full_clean(exclude=["previous"])
    copy._history_user = by
    copy.save()
    levels = [
        RubricLevel(rubric=copy, position=level.position, name=level.name)
        for level in rubric.levels.all()
    ]
    RubricLevel.objects.bulk_create(levels)
    return copy


def _write_rows(
    rubric: Rubric, content: list[DimensionContent], *, by: User, descriptions: dict[str, str]
) -> None:
    """Create the roles, dimensions and descriptors of `content` in an empty rubric. The rows
    were validated as a whole before (unique positions and names, every level filled in)."""
    roles: dict[str, RubricRole] = {}
    for row in content:
        if row.role and row.role not in roles:
            roles[row.role] = RubricRole(
                rubric=rubric,
                position=len(roles) + 1,
                name=row.role,
                description=descriptions.get(row.role, ""),
            )
    dimensions = [
        RubricDimension(
            rubric=rubric, role=roles.get(row.role), position=row.position, name=row.name
        )
        for row in content
    ]
    for obj in [*roles.values(), *dimensions]:
        obj.full_clean(exclude=["rubric", "role"], validate_constraints=False)
    RubricRole.objects.bulk_create(roles.values())
    for dimension in dimensions:
        dimension.role_id = dimension.role.pk if dimension.role else None
    RubricDimension.objects.bulk_create(dimensions)
    levels = {level.name: level for level in RubricLevel.objects.filter(rubric=rubric)}
    descriptors = [
        Descriptor(dimension=dimension, level=levels[name], text=text)
        for dimension, row in zip(dimensions, content, strict=True)
        for name, text in row.texts.items()
    ]
    for descriptor in descriptors:
        descriptor.full_clean(exclude=["dimension", "level"], validate_constraints=False)
    bulk_create_with_history(descriptors, Descriptor, default_user=by)


def _update_texts(rubric: Rubric, content: list[DimensionContent], *, by: User) -> None:
    """Same rows, other texts: save only the cells that differ (history keeps who)."""
    wanted = {(row.position, name): text for row in content for name, text in row.texts.items()}
    for descriptor in Descriptor.objects.filter(dimension__rubric=rubric).select_related(
        "dimension", "level"
    ):
        text = wanted[(descriptor.dimension.position, descriptor.level.name)]
        if descriptor.text != text:
            descriptor.text = text
            descriptor._history_user = by
            descriptor.full_clean(exclude=["dimension", "level"], validate_constraints=False)
            descriptor.save(update_fields=["text"])


@transaction.atomic
def rubric_replace_content(
    *, by: User, rubric: Rubric, content: list[DimensionContent], source: str = ""
) -> RubricChange:
    """Give the rubric this content (validated as a whole beforehand). Nothing is written when
    nothing differs. A rubric in use gets a new version with the content and keeps its own; a
    rubric not in use is corrected in place. Old versions are never changed (RubricError)."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    current = rubric_content(rubric)
    changed = _changed_cells(current, content)
    if not changed and _structure(current) == _structure(content):
        return RubricChange(rubric, new_version=False, changed=0)
    if not rubric.is_current:
        raise RubricError(
            _("Dit is versie %(n)d; er is al een nieuwere versie. Wijzig de huidige versie.")
            % {"n": rubric.version}
        )
    descriptions = dict(rubric.roles.values_list("name", "description"))
    in_use = rubric_is_in_use(rubric)
    target = _copy_rubric(rubric, by=by) if in_use else rubric
    if not in_use and _structure(current) == _structure(content):
        _update_texts(rubric, content, by=by)
    else:
        if not in_use:
            Descriptor.objects.filter(dimension__rubric=rubric).delete()
            rubric.dimensions.all().delete()
            rubric.roles.all().delete()
        _write_rows(target, content, by=by, descriptions=descriptions)
    audit_record(
        actor=by,
        action="rubric_new_version" if in_use else "rubric_corrected",
        target=target,
        detail={"from_version": rubric.version, "cells_changed": changed, "source": source},
    )
    return RubricChange(target, new_version=in_use, changed=changed)


@transaction.atomic
def rubric_update_cells(
    *, by: User, rubric: Rubric, cells: dict[tuple[int, int], str]
) -> RubricChange:
    """Correct descriptor texts of a rubric in one go: {(dimension_id, level_id): text}.

    Cells of another rubric are refused; an empty cell is refused (every dimension has a
    descriptor at every level). A rubric in use gets a new version (see
    `rubric_replace_content`)."""
    dimensions = {d.pk: d.position for d in rubric.dimensions.all()}
    levels = dict(rubric.levels.values_list("pk", "name"))
    for (dimension_id, level_id), text in cells.items():
        if dimension_id not in dimensions or level_id not in levels:
            raise RubricError(_("Een cel hoort niet bij deze rubric."))
        if not text.strip():
            raise RubricError(_("Een cel mag niet leeg zijn."))
    content = rubric_content(rubric)
    by_position = {row.position: row for row in content}
    for (dimension_id, level_id), text in cells.items():
        by_position[dimensions[dimension_id]].texts[levels[level_id]] = text.strip()
    return rubric_replace_content(by=by, rubric=rubric, content=content, source="raster")


@transaction.atomic
def rubric_new_version(*, by: User, rubric: Rubric) -> Rubric:
    """Version n+1 of the current version, a full copy, whether or not n is in use."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    if not rubric.is_current:
        raise RubricError(_("Van een oude versie maak je geen nieuwe versie."))
    descriptions = dict(rubric.roles.values_list("name", "description"))
    copy = _copy_rubric(rubric, by=by)
    _write_rows(copy, rubric_content(rubric), by=by, descriptions=descriptions)
    audit_record(
        actor=by, action="rubric_new_version", target=copy, detail={"from_version": rubric.version}
    )
    return copy


def is_staff_member(user: User) -> bool:
    """Werkplekbegeleiders, schoolopleiders and instituutsopleiders take role rubrics as a
    self-assessment."""
    return user.is_authenticated and any(user.has_role(role) for role in STAFF_ROLES)


@dataclass(frozen=True)
class Rating:
    """What a person fills in for one dimension of a role."""

    current_level_id: int
    example: str
    target_level_id: int


@transaction.atomic
def self_assessment_create(
    *, by: User, role: RubricRole, ratings: dict[int, Rating]
) -> SelfAssessment:
    """Save a dated self-assessment of `by` on `role`: per dimension of the role the current
    level with a concrete example and the target level, all required. The target is never
    below the current level. A saved self-assessment is never changed; a new moment is a new
    one. Raises RubricError with a message for the person."""
    if not is_staff_member(by):
        raise RubricError(_("Alleen begeleiders en opleiders vullen een rolrubric in."))
    if role.rubric.kind != RubricKind.ROLE:
        raise RubricError(_("Kies een rol uit een rolrubric."))
    if not Rubric.objects.current().filter(pk=role.rubric_id).exists():
        raise RubricError(
            _("Deze versie van de rubric is vervangen; kies de rol in de huidige versie.")
        )
    dimensions = list(role.dimensions.order_by("position"))
    levels = {level.pk: level for level in role.rubric.levels.all()}
    if set(ratings) != {d.pk for d in dimensions}:
        raise RubricError(_("Vul elke dimensie van deze rol in."))
    for dimension in dimensions:
        rating = ratings[dimension.pk]
        current = levels.get(rating.current_level_id)
        target = levels.get(rating.target_level_id)
        if current is None or target is None:
            raise RubricError(
                _("Kies bij ‘%(name)s’ een niveau uit deze rubric.") % {"name": dimension.name}
            )
        if len(rating.example.strip()) < MIN_EXAMPLE_LENGTH:
            raise RubricError(
                _("Geef bij ‘%(name)s’ een concreet voorbeeld.") % {"name": dimension.name}
            )
        if target.position < current.position:
            raise RubricError(
                _("Het streefniveau bij ‘%(name)s’ ligt onder je huidige.")
                % {"name": dimension.name}
            )
    assessment = SelfAssessment(person=by, role=role)
    assessment.full_clean()
    assessment.save()
    rows = [
        SelfAssessmentRating(
            assessment=assessment,
            dimension=dimension,
            current_level_id=ratings[dimension.pk].current_level_id,
            example=ratings[dimension.pk].example.strip(),
            target_level_id=ratings[dimension.pk].target_level_id,
        )
        for dimension in dimensions
    ]
    for row in rows:
        row.full_clean(exclude=["assessment"])
    SelfAssessmentRating.objects.bulk_create(rows)
    return assessment


@transaction.atomic
def heatmap_consent_set(*, by: User, given: bool) -> HeatmapConsent:
    """Give or withdraw consent to show `by`'s name in a schoolopleider's team heatmap. The
    history keeps who changed it and when."""
    consent = HeatmapConsent.objects.select_for_update().filter(
        person=by
    ).first() or HeatmapConsent(person=by)
    consent.given = given
    consent.changed_at = timezone.now()
    consent._history_user = by
    consent.full_clean()
    consent.save()
    return consent


def phase_rubric() -> Rubric:
    """The current version of the complexe beroepsvaardigheden table: the seeded one (the slug
    the leerplan uses too), otherwise the newest phase table."""
    seeded = ExpressionWrapper(Q(slug=PHASE_TABLE_SLUG), output_field=BooleanField())
    rubric = (
        Rubric.objects.current()
        .filter(kind=RubricKind.PHASES)
        .annotate(seeded=seeded)
        .order_by("-seeded", "-pk")
        .first()
    )
    if rubric is None:
        raise RubricError(_("De tabel complexe beroepsvaardigheden is nog niet geladen."))
    return rubric


@dataclass(frozen=True)
class PhaseChoice:
    level_id: int
    note: str = ""


@transaction.atomic
def cbv_place(
    *,
    by: User,
    placement,
    moment: CbvMoment,
    perspective: CbvPerspective,
    choices: dict[int, PhaseChoice],
) -> int:
    """Place the student of `placement` on every dimension of the complexe
    beroepsvaardigheden table at `moment`, in the student's or the werkplekbegeleider's column.

    The student writes the student's column; the werkplekbegeleider (or the schoolopleider in
    their place) the mentor's. Each dimension needs a phase; a note is optional. Placing again
    at the same moment replaces the earlier choice (the history keeps it). Returns the number
    of dimensions placed."""
    if perspective == CbvPerspective.STUDENT and not placement.is_student(by):
        raise RubricError(_("Alleen de student vult de kolom van de student in."))
    if perspective == CbvPerspective.MENTOR and not placement.is_assessor(by):
        raise RubricError(
            _("Alleen de werkplekbegeleider of de schoolopleider vult deze kolom in.")
        )
    if moment not in CbvMoment.values:
        raise RubricError(_("Onbekend moment."))
    rubric = phase_rubric()
    dimensions = list(rubric.dimensions.order_by("position"))
    levels = set(rubric.levels.values_list("pk", flat=True))
    if set(choices) != {d.pk for d in dimensions}:
        raise RubricError(_("Kies bij elke dimensie een fase."))
    for dimension in dimensions:
        if choices[dimension.pk].level_id not in levels:
            raise RubricError(
                _("Kies bij ‘%(name)s’ een fase uit de tabel.") % {"name": dimension.name}
            )
    existing = {
        row.dimension_id: row
        for row in CbvPlacement.objects.select_for_update().filter(
            placement=placement, moment=moment, perspective=perspective
        )
    }
    now = timezone.now()
    for dimension in dimensions:
        choice = choices[dimension.pk]
        row = existing.get(dimension.pk) or CbvPlacement(
            placement=placement, moment=moment, perspective=perspective, dimension=dimension
        )
        row.level_id = choice.level_id
        row.note = choice.note.strip()
        row.placed_by = by
        row.placed_at = now
        row._history_user = by
        row.full_clean()
        row.save()
    return len(dimensions)
