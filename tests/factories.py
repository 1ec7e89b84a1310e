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
