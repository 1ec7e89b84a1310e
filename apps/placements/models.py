from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from apps.outcomes.models import LearningOutcome, SubjectOutcome


class NamedManager(models.Manager):
    def get_by_natural_key(self, name: str):
        return self.get(name=name)


class Institute(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)

    objects = NamedManager()

    class Meta:
        verbose_name = _("instituut")
        verbose_name_plural = _("instituten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.name,)


class Programme(models.Model):
    """A vakopleiding, with the outcomes a placement covers by default."""

    institute = models.ForeignKey(
        Institute, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("instituut")
    )
    code = models.CharField(_("code"), max_length=16)
    name = models.CharField(_("naam"), max_length=200)
    default_outcomes = models.ManyToManyField(
        LearningOutcome, blank=True, related_name="programmes", verbose_name=_("standaardset")
    )
    subject_outcomes = models.ManyToManyField(
        SubjectOutcome,
        blank=True,
        related_name="programmes",
        verbose_name=_("vakdidactische leeruitkomsten"),
    )

    class Meta:
        verbose_name = _("opleiding")
        verbose_name_plural = _("opleidingen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["institute", "code"], name="placements_programme_code"),
        ]

    def __str__(self) -> str:
        return self.name

    def year_two_problem(self, chosen) -> str | None:
        """Why a year-2 choice of subject outcomes does not fit this programme (None: it fits).
        Handbook 5.5: "*studenten tonen 2 luks aan in jaar 2 en de overige in jaar 3"; an empty
        choice is still to be made. Reads `subject_outcomes.all()` (prefetch it for many)."""
        chosen = list(chosen)
        if not chosen:
            return None
        split = {s.pk for s in self.subject_outcomes.all() if s.split_over_years}
        if any(s.pk not in split for s in chosen):
            return _(
                "kies alleen vakdidactische leeruitkomsten van de opleiding die over jaar 2 en 3 "
                "verdeeld zijn."
            )
        if len({s.pk for s in chosen}) != 2:
            return _("kies twee vakdidactische leeruitkomsten voor jaar 2.")
        return None


class Driehoek(models.TextChoices):
    """Which triangle a school holds its conversations in. The co-design tool [004]: "De
    werkvormen worden bij voorkeur uitgevoerd in de grote driehoek van student,
    mentor/schoolopleider en instituutsopleider, maar kunnen ook gebruikt worden in de kleine
    driehoek van student, mentor en schoolopleider." In two variants: "Grote driehoek:
    student- mentor en schoolopleider van de opleidingsschool - instituutsopleider" and
    "Kleine driehoek: student- mentor - schoolopleider"."""

    GROOT = (
        "groot",
        _("Grote driehoek: student, werkplekbegeleider, schoolopleider en instituutsopleider"),
    )
    KLEIN = "klein", _("Kleine driehoek: student, werkplekbegeleider en schoolopleider")


# Who takes part in a conversation in each triangle, by the roles of `Placement.people()`.
DRIEHOEK_ROLES = {
    Driehoek.GROOT: ("student", "werkplekbegeleider", "schoolopleider", "instituutsopleider"),
    Driehoek.KLEIN: ("student", "werkplekbegeleider", "schoolopleider"),
}


class SchoolType(models.TextChoices):
    """Voortgezet onderwijs or middelbaar beroepsonderwijs; empty is unknown."""

    VO = "vo", _("VO")
    MBO = "mbo", _("MBO")


class School(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    school_type = models.CharField(
        _("schooltype"),
        max_length=8,
        choices=SchoolType.choices,
        blank=True,
        help_text=_(
            "Leeg: onbekend. Een voorbeeldformulier uit een stage hier toont het schooltype "
            "alleen als de bank genoeg voorbeelden van dezelfde soort heeft."
        ),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="SchoolAssignment",
        related_name="assigned_schools",
        verbose_name=_("opleiders"),
    )
    agreed_observations = models.PositiveSmallIntegerField(
        _("afgesproken lesbezoeken per stage"),
        default=0,
        help_text=_(
            "Hoeveel lesbezoeken de school per stageplaats heeft toegezegd; 0 is geen afspraak."
        ),
    )
    driehoek = models.CharField(
        _("driehoek bij de gesprekken"),
        max_length=8,
        choices=Driehoek.choices,
        default=Driehoek.GROOT,
        help_text=_(
            "Uit de co-designtool: “De werkvormen worden bij voorkeur uitgevoerd in de grote "
            "driehoek van student, mentor/schoolopleider en instituutsopleider, maar kunnen ook "
            "gebruikt worden in de kleine driehoek van student, mentor en schoolopleider.” "
            "De schoolopleider ziet per school wie er bij de gehouden gesprekken waren."
        ),
    )
    history = HistoricalRecords()

    objects = NamedManager()

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("scholen")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(driehoek__in=Driehoek.values), name="placements_school_driehoek_known"
            ),
            models.CheckConstraint(
                condition=Q(school_type__in=["", *SchoolType.values]),
                name="placements_school_type_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.name,)


class SchoolRole(models.TextChoices):
    SCHOOLOPLEIDER = "schoolopleider", _("Schoolopleider")
    INSTITUUTSOPLEIDER = "instituutsopleider", _("Instituutsopleider")


class SchoolAssignment(models.Model):
    """A schoolopleider of a school, or an instituutsopleider assigned to it."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("school")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="school_assignments",
        verbose_name=_("persoon"),
    )
    role = models.CharField(_("rol"), max_length=32, choices=SchoolRole.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("toewijzing aan school")
        verbose_name_plural = _("toewijzingen aan scholen")
        ordering = ["school", "role", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "user", "role"], name="placements_assignment_once"
            ),
            models.CheckConstraint(
                condition=Q(role__in=SchoolRole.values), name="placements_assignment_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.school}"


class StudyMode(models.TextChoices):
    VOLTIJD = "voltijd", _("Voltijd")
    DEELTIJD = "deeltijd", _("Deeltijd")


class StudentProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="student_profile",
        verbose_name=_("gebruiker"),
    )
    student_number = models.CharField(_("studentnummer"), max_length=32, unique=True)
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="students", verbose_name=_("opleiding")
    )
    year = models.PositiveSmallIntegerField(_("studiejaar"))
    mode = models.CharField(_("variant"), max_length=16, choices=StudyMode.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("studentprofiel")
        verbose_name_plural = _("studentprofielen")
        ordering = ["user__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1) & Q(year__lte=4), name="placements_student_year_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(mode__in=StudyMode.values), name="placements_student_mode_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.student_number})"


class Period(models.Model):
    """A placement period, such as the first eight weeks of term 3."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    start = models.DateField(_("begindatum"))
    end = models.DateField(_("einddatum"))

    objects = NamedManager()

    class Meta:
        verbose_name = _("periode")
        verbose_name_plural = _("periodes")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="placements_period_order"),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.name,)


class PlacementStatus(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    ACTIVE = "actief", _("Actief")
    COMPLETED = "afgerond", _("Afgerond")
    TERMINATED = "voortijdig_beeindigd", _("Voortijdig beëindigd")


class TerminationReason(models.TextChoices):
    """The reasons for early termination that the handbook names."""

    PERSONAL = "persoonlijk", _("Persoonlijke redenen")
    MISMATCH = "mismatch", _("Mismatch tussen student en werkplekbegeleider")
    STAGNATION = "stagnatie", _("Stagnerende ontwikkeling")
    UNSAFE = "onveilig", _("Onveilige situatie")
    ATTITUDE = "houding", _("Professionele houding")


class PlacementQuerySet(models.QuerySet["Placement"]):
    def with_people(self) -> "PlacementQuerySet":
        return self.select_related(
            "student__user",
            "student__programme",
            "school",
            "werkplekbegeleider",
            "schoolopleider",
            "instituutsopleider",
            "opleider",
            "studieloopbaanbegeleider",
        ).prefetch_related("periods")


class Placement(models.Model):
    """A student's stage at a school, guided in the triangle."""

    student = models.ForeignKey(
        StudentProfile,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("student"),
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="placements", verbose_name=_("school")
    )
    periods = models.ManyToManyField(Period, related_name="placements", verbose_name=_("periodes"))
    werkplekbegeleider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="placements_as_wpb",
        null=True,
        blank=True,
        verbose_name=_("werkplekbegeleider"),
    )
    schoolopleider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="placements_as_so",
        null=True,
        blank=True,
        verbose_name=_("schoolopleider"),
    )
    instituutsopleider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="placements_as_io",
        null=True,
        blank=True,
        verbose_name=_("instituutsopleider"),
    )
    opleider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="placements_as_opleider",
        null=True,
        blank=True,
        verbose_name=_("opleider van het instituut"),
        help_text=_(
            "De opleider die ook beoordeelt: voert de collegiale dialoog als een oordeel in "
            "twijfel wordt getrokken."
        ),
    )
    studieloopbaanbegeleider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="placements_as_slb",
        null=True,
        blank=True,
        verbose_name=_("studieloopbaanbegeleider (slb'er)"),
    )
    start = models.DateField(
        _("eerste stagedag"),
        null=True,
        blank=True,
        help_text=_("Leeg: de stage begint met de periode."),
    )
    end = models.DateField(
        _("laatste stagedag"),
        null=True,
        blank=True,
        help_text=_("Leeg: de stage loopt tot het eind van de periode."),
    )
    days = models.CharField(
        _("stagedagen"), max_length=100, blank=True, default="maandag en dinsdag"
    )
    duo_partner = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("duopartner (stage)"),
    )
    status = models.CharField(
        _("status"), max_length=24, choices=PlacementStatus.choices, default=PlacementStatus.PLANNED
    )
    termination_reason = models.CharField(
        _("reden beëindiging"), max_length=24, choices=TerminationReason.choices, blank=True
    )
    termination_date = models.DateField(_("datum beëindiging"), null=True, blank=True)
    # The outcome set that matches the student (handbook 5.5): pilot membership and which of the
    # split subject outcomes are shown in year 2. Read where the default set is built.
    pilot = models.BooleanField(
        _("in de pilot vakdidactiek"),
        default=False,
        help_text=_(
            "Bij de pilot van Engels (Teaching Grammar) en NaSk beoordeelt de "
            "werkplekbegeleider ook de vakdidactiek."
        ),
    )
    year_two_subject_outcomes = models.ManyToManyField(
        SubjectOutcome,
        blank=True,
        related_name="+",
        verbose_name=_("vakdidactiek in jaar 2"),
        help_text=_("Bij WI en NaSk tonen studenten 2 leeruitkomsten aan in jaar 2."),
    )
    # The entry condition of year 2 (handbook ch.1, Oriëntatie op Beroep): without the part
    # "professionele houding" no werkplekleren, unless the instituutsopleider records an exception.
    professional_attitude = models.BooleanField(
        _("professionele houding (Oriëntatie op Beroep) behaald"), null=True, blank=True
    )
    entry_exception = models.TextField(_("uitzondering instroom"), blank=True)
    entry_exception_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uitzondering vastgelegd door"),
    )
    entry_exception_at = models.DateTimeField(
        _("uitzondering vastgelegd op"), null=True, blank=True
    )
    history = HistoricalRecords()

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PlacementStatus.values), name="placements_status_known"
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        status=PlacementStatus.TERMINATED,
                        termination_reason__in=TerminationReason.values,
                        termination_date__isnull=False,
                    )
                    | (
                        ~Q(status=PlacementStatus.TERMINATED)
                        & Q(termination_reason="", termination_date__isnull=True)
                    )
                ),
                name="placements_termination_consistent",
            ),
            models.CheckConstraint(
                condition=~Q(duo_partner=F("id")), name="placements_not_own_duo_partner"
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="placements_placement_dates_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student.user} @ {self.school}"

    def is_student(self, user) -> bool:
        """The student of this placement writes the reflections and the leerplan."""
        return user.pk is not None and self.student.user_id == user.pk

    def is_instituutsopleider(self, user) -> bool:
        """The institute's assessor of this placement receives forms and may doubt a judgement."""
        return user.pk is not None and user.pk == self.instituutsopleider_id

    def is_opleider(self, user) -> bool:
        """The institute's opleider who also assesses (the handbook's "opleider van de HAN"):
        holds the collegial dialogue when a judgement is in doubt."""
        return user.pk is not None and user.pk == self.opleider_id

    def is_slb(self, user) -> bool:
        """The student's studieloopbaanbegeleider, consulted before early termination."""
        return user.pk is not None and user.pk == self.studieloopbaanbegeleider_id

    def is_assessor(self, user) -> bool:
        """The werkplekbegeleider judges; the schoolopleider may fill in the form in their place."""
        return user.pk is not None and user.pk in {
            self.werkplekbegeleider_id,
            self.schoolopleider_id,
        }

    @property
    def entry_blocked(self) -> bool:
        """Handbook ch.1: "Als de student deze leeruitkomst [Oriëntatie op Beroep] niet behaald
        heeft op de onderdelen ‘professionele houding’ dan kan de student niet naar het
        werkplekleren in jaar 2 doorstromen." Blocked for a year-2 student recorded as not
        having it, until the instituutsopleider records an exception."""
        return (
            self.professional_attitude is False
            and self.student.year == 2
            and not self.entry_exception.strip()
        )

    def people(self) -> dict[str, object]:
        """The people of the triangle who get access to this placement, by role."""
        return {
            "student": self.student.user,
            "werkplekbegeleider": self.werkplekbegeleider,
            "schoolopleider": self.schoolopleider,
            "instituutsopleider": self.instituutsopleider,
        }

    def institute_people(self) -> dict[str, object]:
        """The institute's people named on this placement beside the triangle: the opleider
        (assessor) and the studieloopbaanbegeleider. They get access too, but are not asked
        to every conversation."""
        return {
            "opleider": self.opleider,
            "studieloopbaanbegeleider": self.studieloopbaanbegeleider,
        }


class OutcomeSource(models.TextChoices):
    DEFAULT = "standaard", _("Standaardset van de opleiding")
    MAATWERK = "maatwerk", _("Maatwerk")


def outcome_order(prefix: str = "") -> list:
    """The order of a placement's outcomes wherever they are listed (form, PDF, exports, leerplan):
    the learning outcomes by position, then the vakdidactiek outcomes. NULL sorts first on SQLite
    and last on PostgreSQL, so the NULL side is placed explicitly. `prefix` is the path to the
    PlacementOutcome, for example "placement_outcome__"."""
    return [
        F(f"{prefix}outcome__position").asc(nulls_last=True),
        F(f"{prefix}subject_outcome__position").asc(nulls_last=True),
    ]


class PlacementOutcome(models.Model):
    """One outcome in a placement's set: the programme's default set plus maatwerk additions."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("stage")
    )
    outcome = models.ForeignKey(
        LearningOutcome,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("leeruitkomst"),
    )
    subject_outcome = models.ForeignKey(
        SubjectOutcome,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vakdidactische leeruitkomst"),
    )
    source = models.CharField(
        _("herkomst"), max_length=16, choices=OutcomeSource.choices, default=OutcomeSource.DEFAULT
    )
    reason = models.TextField(_("reden (maatwerk)"), blank=True)
    wpb_judges = models.BooleanField(_("werkplekbegeleider beoordeelt"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leeruitkomst van stage")
        verbose_name_plural = _("leeruitkomsten van stage")
        ordering = ["placement", *outcome_order()]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(outcome__isnull=False, subject_outcome__isnull=True)
                    | Q(outcome__isnull=True, subject_outcome__isnull=False)
                ),
                name="placements_outcome_exactly_one",
            ),
            models.UniqueConstraint(
                fields=["placement", "outcome"],
                condition=Q(outcome__isnull=False),
                name="placements_outcome_once",
            ),
            models.UniqueConstraint(
                fields=["placement", "subject_outcome"],
                condition=Q(subject_outcome__isnull=False),
                name="placements_subject_outcome_once",
            ),
            models.CheckConstraint(
                condition=Q(source=OutcomeSource.DEFAULT) | ~Q(reason=""),
                name="placements_maatwerk_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(self.outcome or self.subject_outcome)


class PlacementExtraAccess(models.Model):
    """Access to one placement for someone outside the triangle, such as a vakdidacticus who
    gives feedback on 5.6. The guardian grant itself is set by the placement services."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="extra_access", verbose_name=_("stage")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="extra_placement_access",
        verbose_name=_("persoon"),
    )
    reason = models.CharField(_("reden"), max_length=300)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("toegekend door"),
    )
    granted_at = models.DateTimeField(_("toegekend op"), auto_now_add=True)

    class Meta:
        verbose_name = _("extra toegang tot stage")
        verbose_name_plural = _("extra toegang tot stages")
        constraints = [
            models.UniqueConstraint(fields=["placement", "user"], name="placements_extra_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.placement}"


class PlacementUserObjectPermission(UserObjectPermissionBase):
    """django-guardian grant on one placement, with a real foreign key: deleting the placement
    deletes its grants."""

    content_object = models.ForeignKey(Placement, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("recht van gebruiker op stage")
        verbose_name_plural = _("rechten van gebruikers op stages")


class PlacementGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Placement, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("recht van groep op stage")
        verbose_name_plural = _("rechten van groepen op stages")


class CriterionGroupManager(models.Manager["QualityCriterionGroup"]):
    def get_by_natural_key(self, position: int) -> "QualityCriterionGroup":
        return self.get(position=position)


class QualityCriterionGroup(models.Model):
    """A group of the Leidraad goede leerwerkplek (Visie, Positionering, …)."""

    position = models.PositiveSmallIntegerField(_("volgorde"), unique=True)
    name = models.CharField(_("naam"), max_length=200, unique=True)

    objects = CriterionGroupManager()

    class Meta:
        verbose_name = _("groep kwaliteitscriteria")
        verbose_name_plural = _("groepen kwaliteitscriteria")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[int]:
        return (self.position,)


class CriterionManager(models.Manager["QualityCriterion"]):
    def get_by_natural_key(self, group_position: int, position: int) -> "QualityCriterion":
        return self.get(group__position=group_position, position=position)


class QualityCriterion(models.Model):
    """One criterion of the leidraad, for placement decisions and the quality monitor."""

    group = models.ForeignKey(
        QualityCriterionGroup,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("groep"),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    text = models.TextField(_("criterium"))
    concerns_student = models.BooleanField(
        _("betreft de student"),
        default=False,
        help_text=_("De student beoordeelt dit criterium aan het eind van de stage."),
    )

    objects = CriterionManager()

    class Meta:
        verbose_name = _("kwaliteitscriterium")
        verbose_name_plural = _("kwaliteitscriteria")
        ordering = ["group__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "position"], name="placements_criterion_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def natural_key(self) -> tuple:
        return (*self.group.natural_key(), self.position)

    natural_key.dependencies = ["placements.qualitycriteriongroup"]


# --- Placement quality monitor ----------------------------------------------------------------


def school_year_of(day) -> str:
    """The school year a day falls in, as "2026-2027": a school year starts on 1 August."""
    first = day.year if day.month >= 8 else day.year - 1
    return f"{first}-{first + 1}"


SCHOOL_YEAR_PATTERN = r"[0-9]{4}-[0-9]{4}"


class QualityRating(models.TextChoices):
    """How a school meets one criterion of the leidraad."""

    MEETS = "voldoet", _("Voldoet")
    PARTLY = "deels", _("Voldoet deels")
    FAILS = "niet", _("Voldoet niet")
    NOT_APPLICABLE = "nvt", _("N.v.t.")


SHORT_RATINGS = (QualityRating.PARTLY, QualityRating.FAILS)


class ReviewState(models.TextChoices):
    DRAFT = "concept", _("Concept")
    SUBMITTED = "afgerond", _("Afgerond")


class SchoolReview(models.Model):
    """The schoolopleider's review of their school against the leidraad, for one school year.

    Once afgerond it is never changed in place: a correction is a new version (number + 1) with
    a reason, and the latest afgeronde version counts. `lock_version` counts saves, so two
    people editing the same concept cannot silently overwrite each other."""

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="quality_reviews", verbose_name=_("school")
    )
    school_year = models.CharField(_("schooljaar"), max_length=9)
    number = models.PositiveSmallIntegerField(_("versie"), default=1)
    reason = models.TextField(_("reden van de correctie"), blank=True)
    state = models.CharField(
        _("status"), max_length=16, choices=ReviewState.choices, default=ReviewState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgerond door"),
    )
    submitted_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("schoolbeoordeling leidraad")
        verbose_name_plural = _("schoolbeoordelingen leidraad")
        ordering = ["school", "-school_year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "number"], name="placements_review_number_once"
            ),
            models.UniqueConstraint(
                fields=["school", "school_year"],
                condition=Q(state="concept"),
                name="placements_review_one_draft",
            ),
            models.CheckConstraint(
                condition=Q(state__in=ReviewState.values), name="placements_review_state_known"
            ),
            models.CheckConstraint(
                condition=Q(number=1) | ~Q(reason=""), name="placements_review_correction_reason"
            ),
            models.CheckConstraint(
                condition=(
                    Q(state="concept", submitted_at__isnull=True)
                    | Q(state="afgerond", submitted_at__isnull=False)
                ),
                name="placements_review_submitted_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.school_year} (v{self.number})"

    @property
    def is_submitted(self) -> bool:
        """An afgeronde review is frozen; only a new version can correct it."""
        return self.state == ReviewState.SUBMITTED


class SchoolReviewAnswer(models.Model):
    """The review's rating of one criterion, with a note. Empty rating: not yet rated."""

    review = models.ForeignKey(
        SchoolReview,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("beoordeling"),
    )
    criterion = models.ForeignKey(
        QualityCriterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterium")
    )
    rating = models.CharField(_("oordeel"), max_length=8, choices=QualityRating.choices, blank=True)
    note = models.TextField(_("toelichting"), blank=True, max_length=2000)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("oordeel op criterium")
        verbose_name_plural = _("oordelen op criteria")
        ordering = ["review", "criterion__group__position", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="placements_review_answer_once"
            ),
            models.CheckConstraint(
                condition=Q(rating="") | Q(rating__in=QualityRating.values),
                name="placements_review_answer_rating_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.rating or '—'}"


class StudentEvaluation(models.Model):
    """A student's evaluation of their placement, once per placement. The school only ever
    sees the answers aggregated per school and year, and only from enough students."""

    placement = models.OneToOneField(
        Placement,
        on_delete=models.CASCADE,
        related_name="quality_evaluation",
        verbose_name=_("stage"),
    )
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        related_name="quality_evaluations",
        verbose_name=_("school"),
    )
    school_year = models.CharField(_("schooljaar"), max_length=9)
    submitted_at = models.DateTimeField(_("ingevuld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluatie door student")
        verbose_name_plural = _("evaluaties door studenten")
        ordering = ["school", "-school_year"]

    def __str__(self) -> str:
        return f"{self.school} {self.school_year}"


class StudentEvaluationAnswer(models.Model):
    """One answer of a student evaluation, on a criterion that concerns the student."""

    evaluation = models.ForeignKey(
        StudentEvaluation,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("evaluatie"),
    )
    criterion = models.ForeignKey(
        QualityCriterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterium")
    )
    rating = models.CharField(_("oordeel"), max_length=8, choices=QualityRating.choices)

    class Meta:
        verbose_name = _("antwoord van student")
        verbose_name_plural = _("antwoorden van studenten")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion"], name="placements_evaluation_answer_once"
            ),
            models.CheckConstraint(
                condition=Q(rating__in=QualityRating.values),
                name="placements_evaluation_answer_rating_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.rating}"


class ImportStatus(models.TextChoices):
    PREVIEW = "voorbeeld", _("Voorbeeld")
    QUEUED = "wachtrij", _("In de wachtrij")
    RUNNING = "bezig", _("Wordt geïmporteerd")
    DONE = "klaar", _("Geïmporteerd")
    FAILED = "mislukt", _("Mislukt")


class ImportUpload(models.Model):
    """An import file between its preview and its confirmation.

    Kept here, not in the session (which is read on every request), and only until it is
    confirmed or `expires_at` passes: `import_uploads_purge` removes expired ones, and every
    new upload purges first. Confirming applies exactly these bytes (`digest`); only the
    person who uploaded it can confirm it."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("geüpload door"),
    )
    created_at = models.DateTimeField(_("geüpload op"), auto_now_add=True)
    expires_at = models.DateTimeField(_("verloopt op"), db_index=True)
    name = models.CharField(_("bestandsnaam"), max_length=255)
    digest = models.CharField(_("vingerafdruk"), max_length=64)
    content = models.BinaryField(_("inhoud"))
    # A large file is confirmed on the task worker; these follow it there (see
    # apps.placements.importing.services.placements_import_run).
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    rows = models.PositiveIntegerField(_("rijen"), default=0)
    expected_digest = models.CharField(max_length=64, blank=True, editable=False)
    base_url = models.CharField(max_length=255, blank=True, editable=False)
    summary = models.JSONField(_("resultaat"), default=dict, blank=True)
    error = models.TextField(_("fout"), blank=True)
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("geüpload importbestand")
        verbose_name_plural = _("geüploade importbestanden")
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "digest"], name="placements_import_upload_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name
