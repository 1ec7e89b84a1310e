"""factory_boy factories: data for tests. Seed content comes from the fixtures instead."""

import itertools
from datetime import date, timedelta

import factory
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from simple_history.utils import bulk_create_with_history

from apps.accounts.models import Role, User
from apps.accounts.services import role_grant
from apps.outcomes.models import Assessment, LearningOutcome, WpbPart
from apps.placements.models import (
    Institute,
    Period,
    Placement,
    PlacementOutcome,
    PlacementUserObjectPermission,
    Programme,
    School,
    SchoolAssignment,
    StudentProfile,
    StudyMode,
)
from apps.placements.services import VIEW, placement_create
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
    opleider: User | None = None,
    studieloopbaanbegeleider: User | None = None,
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
        opleider=opleider,
        studieloopbaanbegeleider=studieloopbaanbegeleider,
    )


_bulk_numbers = itertools.count(1)


def make_students(count: int, *, programme: Programme) -> list[StudentProfile]:
    """`count` students of `programme` in a few bulk inserts, with what StudentProfileFactory
    gives one: an account, the student role, the history rows."""
    from apps.accounts.models import RoleMembership

    password = make_password("geheim-wachtwoord-1")
    numbers = [next(_bulk_numbers) for _ in range(count)]
    users = User.objects.bulk_create(
        User(email=f"bulkstudent{n}@example.test", full_name=f"Student {n}", password=password)
        for n in numbers
    )
    bulk_create_with_history(
        [RoleMembership(user=u, role=Role.STUDENT) for u in users], RoleMembership
    )
    return bulk_create_with_history(
        [
            StudentProfile(
                user=u, student_number=f"B{n:06d}", programme=programme, year=2, mode="voltijd"
            )
            for u, n in zip(users, numbers, strict=True)
        ],
        StudentProfile,
    )


def make_placements(
    count: int,
    *,
    student: StudentProfile | None = None,
    programme: Programme | None = None,
    school: School | None = None,
    period: Period | None = None,
    werkplekbegeleider: User | None = None,
    schoolopleider: User | None = None,
    instituutsopleider: User | None = None,
) -> list[Placement]:
    """`count` placements with everything `placement_create` gives one (its period, its
    programme's default outcomes, its people's grants, its planned conversations with their
    draft forms and entries, the history rows), in a few bulk inserts: the many placements of
    a query-budget test. All share one period (a new one unless given). Unless given, the
    schools and programmes take turns among three new ones, so a page that ran a query per
    school or per programme still costs more at 500 than at 5; without `student` each has a
    new student. tests/test_factories.py holds it to what the service makes."""
    from apps.cycle.conversations.selectors import planned_dates_for
    from apps.cycle.models import FORM_KINDS, Conversation, FeedbackForm, FormEntry, FormVersion

    period = period or PeriodFactory()
    pool = min(count, 3) or 1
    schools = [school] if school else [SchoolFactory() for _ in range(pool)]
    if student is None:
        programmes = [programme] if programme else [ProgrammeFactory() for _ in range(pool)]
        students = [
            s
            for n, prog in enumerate(programmes)
            for s in make_students(len(range(n, count, len(programmes))), programme=prog)
        ]
    else:
        students = [student] * count
    placements = bulk_create_with_history(
        [
            Placement(
                student=s,
                school=schools[n % len(schools)],
                werkplekbegeleider=werkplekbegeleider,
                schoolopleider=schoolopleider,
                instituutsopleider=instituutsopleider,
            )
            for n, s in enumerate(students)
        ],
        Placement,
    )
    Placement.periods.through.objects.bulk_create(
        Placement.periods.through(placement_id=p.pk, period_id=period.pk) for p in placements
    )

    # The default outcomes and the planned dates, once per programme (placement_create).
    outcomes, dates = {}, {}
    for p in placements:
        programme_id = p.student.programme_id
        if programme_id not in outcomes:
            prog = p.student.programme
            outcomes[programme_id] = [
                (o.pk, None, o.is_summative) for o in prog.default_outcomes.all()
            ] + [
                (None, s.pk, s.wpb_judges)
                for s in prog.subject_outcomes.filter(institute_only=False)
            ]
            dates[programme_id] = planned_dates_for(p)
    placement_outcomes = PlacementOutcome.objects.bulk_create(
        PlacementOutcome(placement=p, outcome_id=o, subject_outcome_id=s, wpb_judges=judges)
        for p in placements
        for o, s, judges in outcomes[p.student.programme_id]
    )

    # The people's grants (placement_sync_grants).
    permission = Permission.objects.get(content_type__app_label="placements", codename=VIEW)
    assigned = {}
    for school_id, user_id in SchoolAssignment.objects.filter(school__in=schools).values_list(
        "school_id", "user_id"
    ):
        assigned.setdefault(school_id, set()).add(user_id)
    PlacementUserObjectPermission.objects.bulk_create(
        PlacementUserObjectPermission(content_object=p, user_id=user_id, permission=permission)
        for p in placements
        for user_id in {u.pk for u in p.people().values() if u} | assigned.get(p.school_id, set())
    )

    # The cycle (conversations_plan): the conversations, a form with a draft per form kind.
    conversations = bulk_create_with_history(
        [
            Conversation(placement=p, kind=kind, planned_date=when)
            for p in placements
            for kind, when in dates[p.student.programme_id].items()
        ],
        Conversation,
    )
    forms = FeedbackForm.objects.bulk_create(
        FeedbackForm(conversation=c) for c in conversations if c.kind in FORM_KINDS
    )
    versions = bulk_create_with_history([FormVersion(form=f, number=1) for f in forms], FormVersion)
    by_placement = {}
    for po in placement_outcomes:
        by_placement.setdefault(po.placement_id, []).append(po)
    FormEntry.objects.bulk_create(
        FormEntry(version=v, placement_outcome=po)
        for v, f in zip(versions, forms, strict=True)
        for po in by_placement.get(f.conversation.placement_id, [])
    )
    return placements


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


class ExemplarFactory(factory.django.DjangoModelFactory):
    """A constructed exemplar (no source, no consent needed); pass source_* for a copied one."""

    class Meta:
        model = "calibration.Exemplar"

    constructed = True
    title = factory.Sequence(lambda n: f"Voorbeeld {n}")
    outcome = factory.SubFactory(LearningOutcomeFactory)
    moment = "eindbeoordeling"
    study_year = 1
    track = "voltijd"
    prepared_by = factory.SubFactory(UserFactory)
    expires_on = date(2031, 8, 1)
