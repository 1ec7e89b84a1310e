"""A realistic data set for the load benchmark: a whole year of an institute.

Default 2,000 placements across 40 schools, 400 werkplekbegeleiders, a schoolopleider per
school and an instituutsopleider per five schools, with forms at every stage. Only for a
database of its own: it refuses unless DRIEHOEK_BENCH=1.
"""

import os
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.accounts.models import Role, RoleMembership, User
from apps.cycle.feedback.services import form_version_send
from apps.cycle.models import FormState, FormVersion, Judgement
from apps.outcomes.models import LearningOutcome
from apps.placements.models import (
    Institute,
    Period,
    Programme,
    School,
    SchoolRole,
    StudentProfile,
)
from apps.placements.services import placement_create, school_assign

PASSWORD = "bench"
CONCRETE = (
    "In de les van dinsdag in 2B zag ik dat je de regels kort herhaalde en consequent ingreep "
    "toen twee leerlingen door de uitleg heen praatten."
)


class Command(BaseCommand):
    help = "Bouwt de dataset voor de belastingtest (alleen met DRIEHOEK_BENCH=1)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--placements", type=int, default=2000)
        parser.add_argument("--schools", type=int, default=40)

    def handle(self, *args, placements: int, schools: int, **options) -> None:
        if os.environ.get("DRIEHOEK_BENCH") != "1":
            raise CommandError(
                "bench_data draait alleen met DRIEHOEK_BENCH=1, op een eigen database."
            )
        if not LearningOutcome.objects.exists():
            call_command(
                "loaddata", "rubrics", "outcomes", "leidraad", "conversation_guide", verbosity=0
            )
        self.build(placements, schools)

    def users(self, prefix: str, count: int, role: Role) -> list[User]:
        password = make_password(PASSWORD)
        users = User.objects.bulk_create(
            [
                User(
                    email=f"{prefix}{n}@bench.test",
                    full_name=f"{prefix.title()} {n}",
                    password=password,
                )
                for n in range(1, count + 1)
            ]
        )
        users = list(User.objects.filter(email__endswith="@bench.test", email__startswith=prefix))
        RoleMembership.objects.bulk_create([RoleMembership(user=u, role=role) for u in users])
        return sorted(users, key=lambda u: int(u.email[len(prefix) : u.email.index("@")]))

    def build(self, n_placements: int, n_schools: int) -> None:
        institute, _ = Institute.objects.get_or_create(name="Benchmark-instituut")
        outcomes = LearningOutcome.objects.current().filter(is_maatwerk=False, study_year=2)
        programme, _ = Programme.objects.get_or_create(
            institute=institute, code="BI", defaults={"name": "Leraar Biologie"}
        )
        programme.default_outcomes.set(outcomes)
        start = timezone.localdate() - timedelta(weeks=4)
        period, _ = Period.objects.get_or_create(
            name="Benchmark-periode", defaults={"start": start, "end": start + timedelta(weeks=8)}
        )
        school_rows = School.objects.bulk_create(
            [School(name=f"School {n:02d}", city="Arnhem") for n in range(1, n_schools + 1)]
        )
        students = self.users("student", n_placements, Role.STUDENT)
        wpbs = self.users("wpb", max(1, n_placements // 5), Role.WERKPLEKBEGELEIDER)
        sos = self.users("so", n_schools, Role.SCHOOLOPLEIDER)
        ios = self.users("io", max(1, n_schools // 5), Role.INSTITUUTSOPLEIDER)
        for n, school in enumerate(school_rows):
            school_assign(by=None, school=school, user=sos[n], role=SchoolRole.SCHOOLOPLEIDER)
            school_assign(
                by=None,
                school=school,
                user=ios[n // 5 % len(ios)],
                role=SchoolRole.INSTITUUTSOPLEIDER,
            )
        profiles = StudentProfile.objects.bulk_create(
            [
                StudentProfile(
                    user=u, student_number=f"B{n:06d}", programme=programme, year=2, mode="voltijd"
                )
                for n, u in enumerate(students)
            ]
        )
        for n, profile in enumerate(profiles):
            school_index = n % n_schools
            placement = placement_create(
                by=None,
                student=profile,
                school=school_rows[school_index],
                periods=[period],
                werkplekbegeleider=wpbs[n // 5 % len(wpbs)],
                schoolopleider=sos[school_index],
                instituutsopleider=ios[school_index // 5 % len(ios)],
            )
            self.advance(placement, n % 4)
            if n % 250 == 0:
                self.stdout.write(f"{n} stages…")
        self.stdout.write(self.style.SUCCESS(f"{n_placements} stages, {n_schools} scholen klaar."))

    def advance(self, placement, stage: int) -> None:
        """0: not started; 1: reflection submitted; 2: tussenevaluatie sent; 3: all sent."""
        versions = {
            v.form.conversation.kind: v
            for v in FormVersion.objects.filter(
                form__conversation__placement=placement
            ).select_related("form__conversation")
        }
        wpb = placement.werkplekbegeleider
        if stage >= 1:
            tussen = versions["tussenevaluatie"]
            tussen.entries.update(self_reflection="Ik begon met een vraag op het bord.")
            FormVersion.objects.filter(pk=tussen.pk).update(state=FormState.SUBMITTED)
        if stage >= 2:
            tussen.entries.update(
                feedback=CONCRETE, feed_forward="Volgende stap: korter instrueren."
            )
            tussen.refresh_from_db()
            form_version_send(by=wpb, version=tussen)
            eind = versions["eindbeoordeling"]
            eind.entries.update(self_reflection="Ik werk nu routinematig met een lesstart.")
            FormVersion.objects.filter(pk=eind.pk).update(state=FormState.SUBMITTED)
        if stage >= 3:
            eind.entries.update(
                feedback=CONCRETE,
                feed_forward="Volgende stap: differentiëren.",
                judgement=Judgement.VOLDAAN,
                motivation=CONCRETE,
                development_made="Meer rust in de klas.",
                development_to_make="Keuzes onderbouwen.",
            )
            eind.refresh_from_db()
            form_version_send(by=wpb, version=eind)
