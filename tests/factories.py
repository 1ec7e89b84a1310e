"""factory_boy factories: data for tests. Seed content comes from the fixtures instead."""

from datetime import date, timedelta

import factory

from apps.accounts.models import Role, User
from apps.accounts.services import role_grant
from apps.outcomes.models import Assessment, LearningOutcome, WpbPart
from apps.placements.models import (
    Institute,
    Period,
    Programme,
    School,
    StudentProfile,
    StudyMode,
)
from apps.placements.services import placement_create
from apps.rubrics.models import (
    Descriptor,
    Rubric,
    RubricDimension,
    RubricKind,
    RubricLevel,
    RubricRole,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.test")
    full_name = factory.Faker("name", locale="nl_NL")
    password = factory.PostGenerationMethodCall("set_password", "geheim-wachtwoord-1")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        for role in extracted or []:
            role_grant(by=None, user=self, role=role)


class InstituteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institute
        django_get_or_create = ["name"]

    name = "Testinstituut"


class LearningOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningOutcome

    code = factory.Sequence(lambda n: f"T.{n}")
    title = factory.Sequence(lambda n: f"Leeruitkomst {n}")
    assessment = Assessment.SUMMATIEF
    wpb_part = WpbPart.BEOORDELEN_EN_BEGELEIDEN


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    institute = factory.SubFactory(InstituteFactory)
    code = factory.Sequence(lambda n: f"P{n}")
    name = factory.Sequence(lambda n: f"Leraar vak {n}")

    @factory.post_generation
    def default_outcomes(self, create, extracted, **kwargs):
        if extracted:
            self.default_outcomes.set(extracted)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"School {n}")
    city = "Arnhem"


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Period

    name = factory.Sequence(lambda n: f"Periode {n}")
    start = date(2027, 2, 1)
    end = factory.LazyAttribute(lambda p: p.start + timedelta(weeks=8))


class StudentProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudentProfile

    user = factory.SubFactory(UserFactory, roles=[Role.STUDENT])
    student_number = factory.Sequence(lambda n: f"S{100000 + n}")
    programme = factory.SubFactory(ProgrammeFactory)
    year = 2
    mode = StudyMode.VOLTIJD


def make_placement(
    *,
    student: StudentProfile | None = None,
    school: School | None = None,
    werkplekbegeleider: User | None = None,
    schoolopleider: User | None = None,
    instituutsopleider: User | None = None,
    period: Period | None = None,
):
    """A placement created through the service, so its people get their grants."""
    return placement_create(
        by=None,
        student=student or StudentProfileFactory(),
        school=school or SchoolFactory(),
        periods=[period or PeriodFactory()],
        werkplekbegeleider=werkplekbegeleider,
        schoolopleider=schoolopleider,
        instituutsopleider=instituutsopleider,
    )


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric

    slug = factory.Sequence(lambda n: f"rubric-{n}")
    name = factory.Sequence(lambda n: f"Rubric {n}")
    kind = RubricKind.ROLE


def make_rubric(
    *,
    kind: str = RubricKind.ROLE,
    roles: tuple[str, ...] = ("Coach", "Beoordelaar"),
    dimensions: int = 2,
    levels: tuple[str, ...] = ("Volgend", "Herkennend", "Relaterend"),
    **fields,
) -> Rubric:
    """A complete rubric: per role (none for a phase table) `dimensions` rows, a descriptor
    "<dimension> – <level>" in every cell."""
    rubric = RubricFactory(kind=kind, **fields)
    level_rows = RubricLevel.objects.bulk_create(
        RubricLevel(rubric=rubric, position=n, name=name) for n, name in enumerate(levels, 1)
    )
    role_rows = RubricRole.objects.bulk_create(
        RubricRole(rubric=rubric, position=n, name=name, description=f"Over {name}.")
        for n, name in enumerate(roles if kind == RubricKind.ROLE else (), 1)
    )
    rows = [
        RubricDimension(rubric=rubric, role=role, position=0, name=f"{prefix}dimensie {n}")
        for role, prefix in [(r, f"{r.name}: ") for r in role_rows] or [(None, "")]
        for n in range(1, dimensions + 1)
    ]
    for position, row in enumerate(rows, 1):
        row.position = position
    RubricDimension.objects.bulk_create(rows)
    Descriptor.objects.bulk_create(
        Descriptor(dimension=row, level=level, text=f"{row.name} – {level.name}")
        for row in rows
        for level in level_rows
    )
    return rubric


def make_goal_phase(*, placement, dimension: RubricDimension, level: RubricLevel):
    """A leerplan goal of `placement` that aims for `level` on `dimension`: a use of the rubric."""
    from apps.cycle.models import GoalPhase, Leerplan, LeerplanGoal
    from apps.placements.models import PlacementOutcome

    leerplan, _ = Leerplan.objects.get_or_create(placement=placement)
    outcome = PlacementOutcome.objects.create(placement=placement, outcome=LearningOutcomeFactory())
    goal = LeerplanGoal.objects.create(leerplan=leerplan, placement_outcome=outcome)
    return GoalPhase.objects.create(goal=goal, dimension=dimension, level=level)
