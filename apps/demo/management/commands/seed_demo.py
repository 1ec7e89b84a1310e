"""Build a believable demo partnership. Refuses to run when DEBUG is off; safe to run twice."""

from datetime import date, timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Role, User
from apps.accounts.services import role_grant, user_create
from apps.cycle.beroepsvaardigheden.services import PhaseChoice, cbv_place
from apps.cycle.conversations.services import conversation_mark_held, named_roles
from apps.cycle.feedback.services import form_version_send
from apps.cycle.hours.selectors import placement_weeks
from apps.cycle.hours.services import week_hours_confirm, week_hours_register
from apps.cycle.leerplan.selectors import phase_table
from apps.cycle.leerplan.services import leerplan_decide, leerplan_submit
from apps.cycle.logbook.services import guidance_comment_add, guidance_log_create
from apps.cycle.models import (
    ApprovalDecision,
    CbvMoment,
    CbvPerspective,
    CbvPlacement,
    Concern,
    ConversationKind,
    DossierJob,
    FormState,
    GuidanceLog,
    Judgement,
    WeekHours,
)
from apps.cycle.procedure.services import concern_raise, disagreement_open, termination_propose
from apps.cycle.records.dossier import dossier_request, dossier_run
from apps.outcomes.models import LearningOutcome, SubjectOutcome
from apps.placements.leidraad.services import school_review_save, student_evaluation_submit
from apps.placements.models import (
    Institute,
    Period,
    Placement,
    PlacementStatus,
    Programme,
    QualityCriterion,
    School,
    SchoolReview,
    SchoolRole,
    StudentProfile,
    StudyMode,
    TerminationReason,
    school_year_of,
)
from apps.placements.services import placement_create, placement_set_status, school_assign
from apps.rubrics.models import HeatmapConsent, Rubric, RubricKind, RubricRole, SelfAssessment
from apps.rubrics.services import (
    Rating,
    heatmap_consent_set,
    phase_rubric,
    self_assessment_create,
)

DEMO_PASSWORD = "demo"
SEED_FIXTURES = ["rubrics", "outcomes", "leidraad", "conversation_guide"]

PROGRAMMES = [
    ("BI", "Leraar Biologie"),
    ("EN", "Leraar Engels"),
    ("GS", "Leraar Geschiedenis"),
    ("WI", "Leraar Wiskunde"),
    ("NA/SK", "Leraar Natuurkunde / Scheikunde"),
]
# The students 1..12 take the first four programmes in turn; 13 is the NaSk student.
ROTATION = 4
SCHOOLS = [
    ("Lorentz Lyceum (demo)", "Arnhem"),
    ("Montessori College Oost (demo)", "Nijmegen"),
    ("Rivierland College (demo)", "Tiel"),
]
STAFF = [
    ("admin@demo.test", "Annelies Praktijkbureau", [Role.ADMIN]),
    ("io1@demo.test", "Ingrid Oosterhuis", [Role.INSTITUUTSOPLEIDER]),
    ("io2@demo.test", "Hamid El Idrissi", [Role.INSTITUUTSOPLEIDER]),
    ("so1@demo.test", "Sandra Ofori", [Role.SCHOOLOPLEIDER]),
    ("so2@demo.test", "Bart Schouten", [Role.SCHOOLOPLEIDER, Role.WERKPLEKBEGELEIDER]),
    ("wpb1@demo.test", "Wendy de Boer", [Role.WERKPLEKBEGELEIDER]),
    ("wpb2@demo.test", "Pieter Bakker", [Role.WERKPLEKBEGELEIDER]),
    ("wpb3@demo.test", "Fatima Amrani", [Role.WERKPLEKBEGELEIDER]),
    ("wpb4@demo.test", "Joost van Dijk", [Role.WERKPLEKBEGELEIDER]),
    ("wpb5@demo.test", "Marloes Jansen", [Role.WERKPLEKBEGELEIDER]),
    ("wpb6@demo.test", "Kees Verbeek", [Role.WERKPLEKBEGELEIDER]),
]
STUDENT_NAMES = [
    "Sanne Visser",
    "Daan Mulder",
    "Noa Hendriks",
    "Milan de Graaf",
    "Yara Bos",
    "Luuk Smit",
    "Emma Kuipers",
    "Thijs van Leeuwen",
    "Lotte Dekker",
    "Ayoub Benali",
    "Fleur Willems",
    "Jesse Vos",
    "Sem Jansen",
]
# The stage of the cycle each demo student is in, by student number 1..12.
STAGES = {
    1: "na_startgesprek",
    2: "niet_gestart",
    3: "tussenevaluatie",
    4: "eindbeoordeling_verzonden",
    5: "meningsverschil",
    6: "voortijdig_beeindigd",
    7: "na_startgesprek",
    8: "niet_gestart",
    9: "tussenevaluatie",
    10: "eindbeoordeling_verzonden",
    11: "niet_gestart",
    12: "na_startgesprek",
    13: "niet_gestart",
}
# The outcome set that matches each student (handbook 5.5): "Bij Biologie, *een deel van de
# studenten NaSk en Engels (Teaching grammar) heeft u als werkplekbegeleider ook een
# beoordelende rol" (the pilot), and for WI and NaSk "*studenten tonen 2 luks aan in jaar 2 en
# de overige in jaar 3" (the year-2 choice, by title).
OUTCOME_CHOICES = {
    10: {"pilot": True},
    4: {"year_two": ("Vakdidactiek algebra", "vakdidactiek meetkunde")},
    8: {"year_two": ("vakdidactiek rekenen", "vakdidactiek statistiek")},
    12: {"year_two": ("Vakdidactiek algebra", "vakdidactiek statistiek")},
    13: {
        "pilot": True,
        "year_two": (
            "Rekendidactiek in NaSk-onderwijs gebruiken",
            "Vaktaal analyseren en onderwijzen",
        ),
    },
}

REFLECTION = (
    "In de les van dinsdag in 2B heb ik de start anders aangepakt: de leerlingen kregen bij "
    "binnenkomst een korte vraag op het bord. Daardoor was de klas binnen twee minuten rustig. "
    "Bij de groepsopdracht merkte ik dat twee leerlingen zich terugtrokken; ik heb ze een rol "
    "gegeven en dat werkte. Volgende stap: de instructie korter maken."
)
FEEDBACK = (
    "Ik zag in de les van 14 oktober dat je de regels aan het begin kort herhaalt en consequent "
    "ingrijpt als iemand door de uitleg heen praat. Je benoemt gewenst gedrag expliciet "
    '("fijn dat jullie meteen beginnen").'
)
FEED_FORWARD = (
    "Volgende stap: stem het tempo af op de groep door na de instructie een controlevraag te "
    "stellen en pas daarna de verwerking te starten."
)

LOGBOOK = [
    (
        timedelta(days=9),
        {
            "what_i_did": "Twee lessen in 2B gegeven en een les in 3A geobserveerd.",
            "reflection": "De start ging goed; bij de verwerking liep het tempo uiteen.",
            "new_goals": "Na de instructie een controlevraag stellen.",
        },
    ),
    (
        timedelta(days=2),
        {
            "what_i_did": "De controlevraag uitgeprobeerd in 2B en 2C.",
            "reflection": "In 2C werkte het; in 2B stelde ik de vraag te laat.",
            "new_goals": "De vraag op het bord zetten voordat ik begin.",
        },
    ),
]
LOGBOOK_COMMENT = "Mooi: noem in je reflectie het voorbeeld van de leerling die vastliep."
# Who takes the role rubric: (demo user, [(weeks ago, current level, target level, example)],
# consent to be named in the team heatmap). Levels are positions 1..4.
SELF_ASSESSMENTS = [
    (
        "wpb1",
        [
            (16, 1, 3, "In september liet ik de student vooral meekijken in mijn eigen lessen."),
            (0, 2, 3, "In de sectievergadering van maart stelde ik een lessenreeks voor."),
        ],
        True,
    ),
    ("wpb4", [(0, 1, 2, "Ik bespreek elke week de lesvoorbereiding met de student.")], False),
    ("wpb2", [(0, 2, 3, "Ik liet de student zelf een toets ontwerpen en nabespreken.")], True),
    (
        "wpb5",
        [(0, 3, 4, "Ik zette met twee collega's een intervisiegroep voor studenten op.")],
        False,
    ),
    ("so1", [(0, 2, 4, "Ik organiseer per periode een bijeenkomst voor alle begeleiders.")], True),
]


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


class Command(BaseCommand):
    help = "Bouwt een demopartnerschap met gebruikers, scholen en stages (alleen met DEBUG aan)."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not getattr(settings, "TESTING", False):
            raise CommandError("seed_demo draait alleen met DEBUG aan: dit is demodata.")
        if not LearningOutcome.objects.exists():
            call_command("loaddata", *SEED_FIXTURES, verbosity=0)
        with transaction.atomic():
            created = self.build()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo klaar: {created} nieuwe stages. Inloggen met bijvoorbeeld "
                f"student1@demo.test / {DEMO_PASSWORD}."
            )
        )

    def person(self, email: str, name: str, roles: list[Role]) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = user_create(by=None, email=email, full_name=name, password=DEMO_PASSWORD)
        for role in roles:
            role_grant(by=None, user=user, role=role)
        if Role.ADMIN in roles and not user.is_superuser:
            user.is_superuser = True
            user.save(update_fields=["is_superuser"])
        return user

    def build(self) -> int:
        institute, _ = Institute.objects.get_or_create(name="Hogeschool Driehoek (demo)")
        default_outcomes = LearningOutcome.objects.current().filter(is_maatwerk=False, study_year=2)
        programmes = []
        for code, name in PROGRAMMES:
            programme, _ = Programme.objects.get_or_create(
                institute=institute, code=code, defaults={"name": name}
            )
            programme.default_outcomes.set(default_outcomes)
            programme.subject_outcomes.set(SubjectOutcome.objects.filter(subject=code))
            programmes.append(programme)
        schools = [
            School.objects.get_or_create(name=name, defaults={"city": city})[0]
            for name, city in SCHOOLS
        ]
        people = {email: self.person(email, name, roles) for email, name, roles in STAFF}
        for school, so, io in [
            (schools[0], "so1@demo.test", "io1@demo.test"),
            (schools[1], "so1@demo.test", "io1@demo.test"),
            (schools[2], "so2@demo.test", "io2@demo.test"),
        ]:
            school_assign(by=None, school=school, user=people[so], role=SchoolRole.SCHOOLOPLEIDER)
            school_assign(
                by=None, school=school, user=people[io], role=SchoolRole.INSTITUUTSOPLEIDER
            )

        this_monday = monday(timezone.localdate())
        periods = {
            "afgerond": ("Demo: stageperiode afgerond", this_monday - timedelta(weeks=20)),
            "lopend": ("Demo: stageperiode lopend", this_monday - timedelta(weeks=4)),
            "volgend": ("Demo: stageperiode volgend", this_monday + timedelta(weeks=6)),
        }
        period_objs = {
            key: Period.objects.get_or_create(
                name=name, defaults={"start": start, "end": start + timedelta(weeks=8, days=-3)}
            )[0]
            for key, (name, start) in periods.items()
        }

        wpbs = [people[f"wpb{n}@demo.test"] for n in range(1, 7)] + [people["so2@demo.test"]]
        created = 0
        for n, full_name in enumerate(STUDENT_NAMES, start=1):
            student_user = self.person(f"student{n}@demo.test", full_name, [Role.STUDENT])
            profile, _ = StudentProfile.objects.get_or_create(
                user=student_user,
                defaults={
                    "student_number": f"D{2600000 + n}",
                    "programme": programmes[(n - 1) % ROTATION if n <= 12 else ROTATION],
                    "year": 2,
                    "mode": StudyMode.VOLTIJD if n % 4 else StudyMode.DEELTIJD,
                },
            )
            if profile.placements.exists():
                continue
            school_index = (n - 1) % 3
            stage = STAGES[n]
            period_key = {
                "niet_gestart": "volgend",
                "eindbeoordeling_verzonden": "afgerond",
                "meningsverschil": "afgerond",
            }.get(stage, "lopend")
            wpb = wpbs[6] if n == 12 else wpbs[(n - 1) % 6]
            choice = dict(OUTCOME_CHOICES.get(n, {}))
            if "year_two" in choice:
                choice["year_two"] = profile.programme.subject_outcomes.filter(
                    title__in=choice["year_two"]
                )
            placement = placement_create(
                by=people["admin@demo.test"],
                student=profile,
                school=schools[school_index],
                periods=[period_objs[period_key]],
                werkplekbegeleider=wpb,
                schoolopleider=people["so2@demo.test" if school_index == 2 else "so1@demo.test"],
                instituutsopleider=people[
                    "io2@demo.test" if school_index == 2 else "io1@demo.test"
                ],
                **choice,
            )
            self.advance(placement, stage, people)
            created += 1
        self.quality(schools, people)
        self.weeks_after(people)
        return created

    def quality(self, schools: list[School], people: dict[str, User]) -> None:
        """The quality monitor: an afgeronde leidraad review of the first school this school
        year with two shortfalls, and the evaluations of the completed placements. Through
        the services; what exists already is left alone."""
        year = school_year_of(timezone.localdate())
        criteria = list(QualityCriterion.objects.select_related("group"))
        if not SchoolReview.objects.filter(school=schools[0], school_year=year).exists():
            notes = {
                "Randvoorwaarden": ("deels", "Begeleidingstijd is niet overal ingeroosterd."),
                "Kwaliteitszorg": ("niet", "De leerwerkplekken worden nog niet vast geëvalueerd."),
            }
            answers = {c.pk: ("voldoet", "") for c in criteria}
            for c in criteria:
                if c.position == 1 and c.group.name in notes:
                    answers[c.pk] = notes[c.group.name]
            school_review_save(
                by=people["so1@demo.test"],
                school=schools[0],
                school_year=year,
                lock_version=0,
                answers=answers,
                submit=True,
            )
        completed = Placement.objects.filter(
            school__in=schools,
            status=PlacementStatus.COMPLETED,
            quality_evaluation__isnull=True,
        ).select_related("student__user")
        for placement in completed:
            answers = {
                c.pk: "deels" if c.group.name == "Praktisch" else "voldoet"
                for c in criteria
                if c.concerns_student
            }
            student_evaluation_submit(
                by=placement.student.user, placement=placement, answers=answers
            )

    def weeks_after(self, people: dict[str, User]) -> None:
        """What people do with the demo next, so that no page of the app is empty: a logbook
        with a comment, lessons and guidance time per week (one placement far behind), a
        concern, a proposal to terminate, the complexe beroepsvaardigheden at the start,
        self-assessments on a role rubric with heatmap consent, and a dossier.
        Through the services; each part is skipped when it exists already."""
        placements = {
            p.student.user.email.split("@")[0]: p
            for p in Placement.objects.filter(student__user__email__endswith="@demo.test")
            .select_related("student__user", "werkplekbegeleider")
            .order_by("-pk")  # the demo's own placement wins over one added later
        }
        sanne, noa, emma = placements["student1"], placements["student3"], placements["student7"]
        today = timezone.localdate()
        if not GuidanceLog.objects.filter(conversation__placement=sanne).exists():
            for held, values in LOGBOOK:
                guidance_log_create(
                    by=sanne.student.user, placement=sanne, held=today - held, values=values
                )
            first = GuidanceLog.objects.filter(conversation__placement=sanne).earliest(
                "conversation__sequence"
            )
            guidance_comment_add(by=sanne.werkplekbegeleider, log=first, text=LOGBOOK_COMMENT)
        if not WeekHours.objects.filter(placement__in=[sanne, noa]).exists():
            self.hours(sanne, [(4, 150), (3, 120), (3, 90)], confirmed=2)
            self.hours(noa, [(1, 30)], confirmed=0)  # far behind on the so's overview
        if not Concern.objects.filter(placement_outcome__placement=noa).exists():
            concern_raise(
                by=noa.werkplekbegeleider,
                placement_outcome=noa.outcomes.order_by("pk").first(),
                text="Noa komt niet toe aan de verwerking; de lessen lopen steeds uit.",
            )
        if not emma.termination_proposals.exists():
            termination_propose(
                by=emma.werkplekbegeleider,
                placement=emma,
                reason=TerminationReason.MISMATCH,
                explanation=(
                    "Emma krijgt alleen bovenbouwklassen, terwijl de opleiding afspraken maakte "
                    "over onderbouw; op deze school is dat dit jaar niet op te lossen."
                ),
            )
        if not CbvPlacement.objects.filter(placement=sanne).exists():
            self.cbv_start(sanne)
        self.self_assessments(people)
        milan = placements["student4"]
        if not DossierJob.objects.filter(student=milan.student).exists():
            job = dossier_request(by=milan.student.user, placement=milan)
            # Made here, not when the transaction commits: a background thread would die
            # with this command. The job started on commit then finds it done.
            dossier_run(job.pk)

    def hours(self, placement: Placement, weeks: list[tuple[int, int]], confirmed: int) -> None:
        """Lessons and guidance minutes of the placement's first weeks that have passed, as
        the student registers them; the werkplekbegeleider confirms the first `confirmed`."""
        today = timezone.localdate()
        passed = [w for w in placement_weeks(placement) if w + timedelta(weeks=1) <= today]
        for n, (week, (lessons, minutes)) in enumerate(zip(passed, weeks, strict=False)):
            row = week_hours_register(
                by=placement.student.user,
                placement=placement,
                week=week,
                lessons=lessons,
                guidance_minutes=minutes,
            )
            if n < confirmed:
                week_hours_confirm(by=placement.werkplekbegeleider, row=row, lock_version=0)

    def cbv_start(self, placement: Placement) -> None:
        """Student and werkplekbegeleider place the student on the complexe
        beroepsvaardigheden at the start; the mentor sees a little more on some dimensions,
        so the side-by-side view shows differences."""
        table = phase_rubric()
        levels = list(table.levels.order_by("position"))
        dimensions = list(table.dimensions.order_by("position"))
        student = {d.pk: PhaseChoice(levels[0].pk) for d in dimensions}
        mentor = {
            d.pk: PhaseChoice(
                levels[1 if i % 3 == 0 else 0].pk,
                "Dit zag ik al in de lessen in 2B." if i % 3 == 0 else "",
            )
            for i, d in enumerate(dimensions)
        }
        for by, perspective, choices in (
            (placement.student.user, CbvPerspective.STUDENT, student),
            (placement.werkplekbegeleider, CbvPerspective.MENTOR, mentor),
        ):
            cbv_place(
                by=by,
                placement=placement,
                moment=CbvMoment.START,
                perspective=perspective,
                choices=choices,
            )

    def self_assessments(self, people: dict[str, User]) -> None:
        """Staff take the coach role of the role rubric: wpb1 twice (a growth line), the
        werkplekbegeleiders of so1's schools once; some consent to their name in the team
        heatmap, the others are only counted."""
        role = (
            RubricRole.objects.filter(
                rubric__in=Rubric.objects.current().filter(kind=RubricKind.ROLE)
            )
            .filter(position=2)  # Begeleider leerlingenopdracht/Coach
            .first()
        )
        if role is None:
            return
        levels = list(role.rubric.levels.order_by("position"))
        dimensions = list(role.dimensions.order_by("position"))
        for name, moments, consent in SELF_ASSESSMENTS:
            person = people[f"{name}@demo.test"]
            if not SelfAssessment.objects.filter(person=person).exists():
                for weeks_ago, current, target, example in moments:
                    ratings = {}
                    for i, d in enumerate(dimensions):
                        level = min(current + i % 2, len(levels))
                        ratings[d.pk] = Rating(
                            levels[level - 1].pk, example, levels[max(level, target) - 1].pk
                        )
                    assessment = self_assessment_create(by=person, role=role, ratings=ratings)
                    if weeks_ago:
                        # The demo's earlier moment: a self-assessment is dated when it is saved.
                        SelfAssessment.objects.filter(pk=assessment.pk).update(
                            created_at=timezone.now() - timedelta(weeks=weeks_ago)
                        )
            if consent and not HeatmapConsent.objects.filter(person=person).exists():
                heatmap_consent_set(by=person, given=True)

    def leerplan(self, placement) -> None:
        """The student submits a persoonlijk leerplan after the startgesprek; the
        werkplekbegeleider approves it. Through the services, as in the app."""
        table = phase_table()
        phases = {table.rows[0].dimension.pk: table.levels[1].pk} if table and table.rows else {}
        goals = {
            po.pk: {
                "why": "Ik wil dat alle leerlingen in mijn lessen mee kunnen doen.",
                "goal": f"Ik werk aan {po}: concreet zichtbaar in mijn lessen in klas 2 en 3.",
                "scale_now": 40,
                "scale_because": "Ik pas het soms toe, maar nog niet in elke les.",
                "scale_target": 70,
                "scale_target_means": "Ik doe het in elke les zonder dat ik erover nadenk.",
                "activities": (
                    "Lesvoorbereiding met mijn werkplekbegeleider; observatie bij een collega."
                ),
                "route": [
                    {
                        "kind": "activiteit",
                        "description": "Observatie bij een collega in klas 2",
                        "origin": "school",
                    },
                    {
                        "kind": "inhoud",
                        "description": "Bijeenkomst Afstemmen en creëren",
                        "origin": "instituut",
                    },
                ],
                "phases": phases,
                "satisfied_when": "Groei-fase: ik werk routinematig in herkenbare situaties.",
                "maat_voldoende": "De klas werkt binnen vijf minuten na binnenkomst.",
            }
            for po in placement.outcomes.all()
        }
        leerplan_submit(
            by=placement.student.user,
            placement=placement,
            lock_version=0,
            wishes={"help_wanted": "Bij het afstemmen op verschillen tussen leerlingen."},
            goals=goals,
        )
        leerplan_decide(
            by=placement.werkplekbegeleider,
            placement=placement,
            decision=ApprovalDecision.APPROVED,
        )

    def advance(self, placement, stage: str, people: dict[str, User]) -> None:
        """Walk one placement through the cycle up to `stage`."""
        admin = people["admin@demo.test"]
        # placement_create planned its conversations and forms (the lifecycle hook).
        if stage == "niet_gestart":
            return
        placement_set_status(by=admin, placement=placement, status=PlacementStatus.ACTIVE)
        by_kind = {c.kind: c for c in placement.conversations.all()}
        wpb = placement.werkplekbegeleider
        # Who took part: the startgesprek and the eindbeoordeling in the whole triangle, the
        # kennismaking and the tussenevaluatie with the student and the werkplekbegeleider.
        everyone = named_roles(placement)
        for kind in (ConversationKind.KENNISMAKING, ConversationKind.STARTGESPREK):
            conv = by_kind[kind]
            conversation_mark_held(
                by=wpb,
                conversation=conv,
                held=conv.planned_date,
                participants=everyone if kind == ConversationKind.STARTGESPREK else None,
            )
        self.leerplan(placement)
        if stage == "na_startgesprek":
            return
        if stage == "voortijdig_beeindigd":
            placement_set_status(
                by=admin,
                placement=placement,
                status=PlacementStatus.TERMINATED,
                termination_reason=TerminationReason.MISMATCH,
                termination_date=timezone.localdate() - timedelta(days=7),
            )
            return
        tussen = by_kind[ConversationKind.TUSSENEVALUATIE]
        version = tussen.form.versions.get()
        version.entries.update(self_reflection=REFLECTION)
        version.state = FormState.SUBMITTED
        version.save(update_fields=["state"])
        if stage == "tussenevaluatie":
            return
        version.entries.update(feedback=FEEDBACK, feed_forward=FEED_FORWARD)
        form_version_send(by=wpb, version=version)
        conversation_mark_held(by=wpb, conversation=tussen, held=tussen.planned_date)
        eind = by_kind[ConversationKind.EINDBEOORDELING]
        final = eind.form.versions.get()
        final.entries.update(
            self_reflection=REFLECTION, feedback=FEEDBACK, feed_forward=FEED_FORWARD
        )
        for entry in final.entries.select_related("placement_outcome__outcome"):
            outcome = entry.placement_outcome.outcome
            if entry.placement_outcome.wpb_judges:
                entry.judgement = Judgement.VOLDAAN
                entry.motivation = "De voorbeelden laten zien dat de student dit routinematig doet."
                if outcome is not None and outcome.asks_confidence:
                    entry.confidence_year3 = True
            else:
                entry.development_made = "Van losse lessen naar een doordachte lessenreeks."
                entry.development_to_make = "Meer eigen keuzes verantwoorden met theorie."
            entry.save()
        final = form_version_send(by=wpb, version=final)
        conversation_mark_held(
            by=wpb, conversation=eind, held=eind.planned_date, participants=everyone
        )
        placement_set_status(by=admin, placement=placement, status=PlacementStatus.COMPLETED)
        if stage == "meningsverschil":
            entry = final.entries.exclude(judgement="").first()
            disagreement_open(
                category="niveau",
                by=placement.instituutsopleider,
                entry=entry,
                reason="De motivatie noemt geen concreet voorbeeld uit een les; graag toelichten.",
            )
