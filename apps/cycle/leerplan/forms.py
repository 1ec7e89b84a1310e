"""Forms of the persoonlijk leerplan: one form per outcome (goal, schaalvraag, de maat, phases
on the complexe beroepsvaardigheden table), a leerroute formset per outcome, the guidance
wishes, and the guides' answer and decision."""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from apps.core.concurrency import LockForm
from apps.cycle.common import MAX_TEXT, TEXT_ERRORS, text_field
from apps.cycle.leerplan.selectors import (
    ANSWER_FIELDS,
    GOAL_FIELDS,
    LINE_FIELDS,
    PITCH_FIELDS,
    WISH_FIELDS,
    PhaseTable,
    answer_token,
)
from apps.cycle.models import (
    ApprovalDecision,
    Leerplan,
    LeerplanGoal,
    LeerrouteKind,
    LeerrouteOrigin,
)
from apps.placements.models import PlacementOutcome

SCALE_ERROR = _("Vul een getal van 1 tot en met 100 in.")


SCALE_ERRORS = {"invalid": SCALE_ERROR, "min_value": SCALE_ERROR, "max_value": SCALE_ERROR}


ROUTE_EXTRA_ROWS = 2


class TiedErrorsMixin:
    """Fields rendered by hand (in tables) get Bootstrap's invalid style after validation;
    Django itself adds aria-invalid and points aria-describedby at `<id>_error`."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
            if "aria-describedby" in widget.attrs:
                widget.attrs["aria-describedby"] += f" {self[name].auto_id}_error"


def scale_field(label, help_text="") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=1,
        max_value=100,
        error_messages=SCALE_ERRORS,
        widget=forms.NumberInput(attrs={"min": 1, "max": 100, "class": "scale-input"}),
    )


class LeerplanForm(forms.Form):
    """The student's guidance wishes (co-design tool, sessie 3: begeleidingsbehoefte)."""

    qualities = text_field(_("Wat zijn mijn kwaliteiten?"), rows=3)
    pitfalls = text_field(_("Wat zijn mijn valkuilen?"), rows=3)
    expectations = text_field(
        _("Wat verwacht ik van mijn begeleiders, en wat mogen zij van mij verwachten?"),
        _("Denk aan je werkplekbegeleider, schoolopleider en instituutsopleider."),
        rows=3,
    )
    help_wanted = text_field(_("Bij welke leeruitkomsten wil ik graag geholpen worden?"), rows=3)


def wishes_initial(leerplan: Leerplan | None) -> dict:
    return {f: getattr(leerplan, f) for f in WISH_FIELDS} if leerplan else {}


class GoalForm(TiedErrorsMixin, forms.Form):
    """What the student prepares on one outcome for the startgesprek."""

    why = text_field(_("Waarom is deze leeruitkomst belangrijk voor mij?"), rows=3)
    goal = text_field(
        _("Mijn doel"),
        _("Wat wil je aan het eind van de stage laten zien? Gebruik het kijkkader."),
        rows=3,
    )
    indicators = forms.MultipleChoiceField(
        label=_("Over welke indicatoren uit het kijkkader gaat mijn doel?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Deze indicator hoort niet bij deze leeruitkomst.")},
    )
    scale_now = scale_field(_("Waar sta ik nu? (1–100)"))
    scale_because = text_field(_("Ik geef dit cijfer, omdat …"), rows=2)
    scale_not_higher = text_field(_("Ik geef geen hoger cijfer, omdat …"), rows=2)
    scale_not_lower = text_field(_("Ik geef geen lager cijfer, omdat …"), rows=2)
    scale_target = scale_field(_("Naar welk cijfer wil ik toewerken? (1–100)"))
    scale_target_means = text_field(_("Wat weet en kan ik dan? Wat laat ik dan zien?"), rows=3)
    activities = text_field(_("Wat ga ik doen om daar te komen? (leeractiviteiten)"), rows=3)
    satisfied_when = text_field(
        _("Toelichting bij de tabel"),
        _("Wat zien we je doen als je deze fasen hebt bereikt?"),
        rows=2,
    )
    maat_onvoldoende = text_field(_("Onvoldoende: wanneer zijn we teleurgesteld?"), rows=2)
    maat_voldoende = text_field(_("Voldoende: wanneer zijn we tevreden?"), rows=2)
    maat_goed = text_field(_("Goed: wanneer zijn we trots?"), rows=2)
    expected_product = text_field(
        _("Welke prestatie of welk eindproduct laat ik aan het eind zien?"), rows=2
    )

    def __init__(
        self,
        *args,
        placement_outcome: PlacementOutcome,
        phases: PhaseTable | None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.placement_outcome = placement_outcome
        outcome = placement_outcome.outcome
        self.dimensions = list(outcome.dimensions.all()) if outcome else []
        indicators = [i for d in self.dimensions for i in d.indicators.all()]
        if indicators:
            self.fields["indicators"].choices = [(str(i.pk), i.text) for i in indicators]
        else:
            del self.fields["indicators"]
        self.phase_table = phases
        for row in phases.rows if phases else []:
            name = f"phase_{row.dimension.pk}"
            described = " ".join(
                f"{self.add_prefix(name)}-l{level.pk}" for level, _text in row.descriptors
            )
            self.fields[name] = forms.ChoiceField(
                label=row.dimension.name,
                required=False,
                choices=[("", _("geen keuze")), *((str(lv.pk), lv.name) for lv in phases.levels)],
                error_messages={"invalid_choice": _("Kies een van de fasen uit de tabel.")},
                widget=forms.Select(
                    attrs={
                        "class": "form-select form-select-sm w-auto",
                        "aria-describedby": described,
                    }
                ),
            )

    @property
    def has_phases(self) -> bool:
        """Whether a phase is chosen (or wrong), so the table opens by itself."""
        return any(field.value() or field.errors for _row, field in self.phase_rows())

    def indicator_groups(self) -> list[tuple]:
        """The kijkkader for the checkboxes: (dimension, [(indicator, checked)])."""
        chosen = {str(v) for v in (self["indicators"].value() or [])} if self.dimensions else set()
        return [
            (d, [(i, str(i.pk) in chosen) for i in d.indicators.all()]) for d in self.dimensions
        ]

    def phase_rows(self) -> list[tuple]:
        """The complexe beroepsvaardigheden table: (row, bound select) per dimension."""
        if not self.phase_table:
            return []
        return [(row, self[f"phase_{row.dimension.pk}"]) for row in self.phase_table.rows]

    def values(self) -> dict:
        """What leerplan_save takes for this outcome (without the leerroute)."""
        data = {f: self.cleaned_data[f] for f in GOAL_FIELDS}
        data["indicators"] = [int(pk) for pk in self.cleaned_data.get("indicators", [])]
        data["phases"] = {
            row.dimension.pk: int(self.cleaned_data[f"phase_{row.dimension.pk}"])
            for row in (self.phase_table.rows if self.phase_table else [])
            if self.cleaned_data.get(f"phase_{row.dimension.pk}")
        }
        return data


def goal_initial(goal: LeerplanGoal | None) -> dict:
    """A saved goal as form data; uses the goal's prefetched indicators and phases."""
    if goal is None:
        return {}
    initial = {f: getattr(goal, f) for f in GOAL_FIELDS}
    initial["indicators"] = [str(i.pk) for i in goal.indicators.all()]
    initial |= {f"phase_{p.dimension_id}": str(p.level_id) for p in goal.phases.all()}
    return initial


class RouteItemForm(TiedErrorsMixin, forms.Form):
    """One step of the leerroute: a content, activity or source, from institute or school."""

    kind = forms.ChoiceField(
        label=_("Soort"),
        required=False,
        choices=[("", "—"), *LeerrouteKind.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    description = forms.CharField(
        label=_("Omschrijving"),
        required=False,
        max_length=500,
        error_messages=TEXT_ERRORS,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    origin = forms.ChoiceField(
        label=_("Van"),
        required=False,
        choices=[("", "—"), *LeerrouteOrigin.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("DELETE"):
            return data
        described = (data.get("description") or "").strip()
        if not described:
            if data.get("kind") or data.get("origin"):
                self.add_error("description", _("Beschrijf deze stap, of maak de rij leeg."))
            return data
        if not data.get("kind"):
            self.add_error("kind", _("Kies: leerinhoud, leeractiviteit of bron."))
        if not data.get("origin"):
            self.add_error("origin", _("Kies: van het instituut of van de school."))
        return data


class BaseRouteFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Verwijderen")
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def steps(self) -> list[dict]:
        """The rows that describe a step, in their order; empty and deleted rows drop out."""
        return [
            {k: f.cleaned_data[k] for k in ("kind", "description", "origin")}
            for f in self.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and (f.cleaned_data.get("description") or "").strip()
        ]


RouteFormSet = formset_factory(
    RouteItemForm,
    formset=BaseRouteFormSet,
    extra=ROUTE_EXTRA_ROWS,
    can_delete=True,
    can_delete_extra=False,
    max_num=40,
    validate_max=True,
)


def route_initial(goal: LeerplanGoal | None) -> list[dict]:
    if goal is None:
        return []
    return [
        {"kind": r.kind, "description": r.description, "origin": r.origin} for r in goal.route.all()
    ]


class MoreGoalForm(TiedErrorsMixin, forms.Form):
    """A further leerdoel under the same outcome, with its own schaalvraag line."""

    text = text_field(_("Leerdoel"), rows=2)
    scale_now = scale_field(_("Waar sta ik nu op dit leerdoel? (1–100)"))
    scale_because = text_field(_("Ik geef dit cijfer, omdat …"), rows=2)
    scale_not_higher = text_field(_("Ik geef geen hoger cijfer, omdat …"), rows=2)
    scale_not_lower = text_field(_("Ik geef geen lager cijfer, omdat …"), rows=2)
    scale_target = scale_field(_("Naar welk cijfer wil ik op dit leerdoel toewerken? (1–100)"))
    scale_target_means = text_field(_("Wat weet en kan ik dan?"), rows=2)

    def clean(self):
        data = super().clean()
        if data.get("DELETE"):
            return data
        others = any(data.get(f) not in (None, "") for f in LINE_FIELDS[1:])
        if others and not (data.get("text") or "").strip():
            self.add_error("text", _("Beschrijf dit leerdoel, of maak de rij leeg."))
        return data


class BaseMoreGoalFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Dit leerdoel verwijderen")
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def lines(self) -> list[dict]:
        """The leerdoelen that are written, in their order; empty and deleted rows drop out."""
        return [
            {f: f_.cleaned_data[f] for f in LINE_FIELDS}
            for f_ in self.forms
            if f_.cleaned_data
            and not f_.cleaned_data.get("DELETE")
            and (f_.cleaned_data.get("text") or "").strip()
        ]


MoreGoalFormSet = formset_factory(
    MoreGoalForm,
    formset=BaseMoreGoalFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=10,
    validate_max=True,
)


def more_goals_initial(goal: LeerplanGoal | None) -> list[dict]:
    if goal is None:
        return []
    return [{f: getattr(line, f) for f in LINE_FIELDS} for line in goal.more_goals.all()]


def _pitch_field(label, help_text=""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=MAX_TEXT,
        strip=False,
        error_messages=TEXT_ERRORS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AnswerForm(forms.Form):
    """The mentor's pitch beside the student's, and the guides' answer to the student's
    guidance wishes."""

    mentor_who = _pitch_field(_("Wie ben ik als mentor, welke waarden vind ik belangrijk?"))
    mentor_methods = _pitch_field(_("Welke methodieken zet ik in of kan ik inzetten?"))
    mentor_qualities = _pitch_field(
        _("Wat zijn, in de begeleiding, mijn kwaliteiten en wat zijn mijn valkuilen?")
    )
    mentor_available_for = _pitch_field(_("Waarvoor kunnen studenten bij mij terecht?"))
    mentor_expects = _pitch_field(_("Wat verwacht ik van de student?"))
    guides_answer = forms.CharField(
        label=_("Jullie antwoord aan de student"),
        help_text=_(
            "Hoe begeleiden jullie de student? Wat mag de student van jullie verwachten, en wat "
            "verwachten jullie van de student?"
        ),
        max_length=MAX_TEXT,
        strip=False,
        error_messages={**TEXT_ERRORS, "required": _("Schrijf een antwoord.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    seen = forms.CharField(widget=forms.HiddenInput, max_length=64)

    @classmethod
    def for_leerplan(cls, leerplan: Leerplan | None) -> "AnswerForm":
        return cls(
            initial={
                **{f: getattr(leerplan, f) if leerplan else "" for f in ANSWER_FIELDS},
                "seen": answer_token(leerplan),
            }
        )

    def pitch(self) -> dict:
        return {f: self.cleaned_data[f] for f in PITCH_FIELDS}


class DecisionForm(forms.Form):
    """The werkplekbegeleider's didactic and pedagogic approval, or a return with comments."""

    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[
            (ApprovalDecision.APPROVED, _("Goedkeuren (didactisch en pedagogisch)")),
            (ApprovalDecision.RETURNED, _("Teruggeven met opmerkingen")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies: goedkeuren of teruggeven."),
            "invalid_choice": _("Kies: goedkeuren of teruggeven."),
        },
    )
    comment = forms.CharField(
        label=_("Opmerkingen"),
        help_text=_("Verplicht bij teruggeven: wat moet de student aanpassen?"),
        required=False,
        max_length=MAX_TEXT,
        error_messages=TEXT_ERRORS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") == ApprovalDecision.RETURNED
            and not (data.get("comment") or "").strip()
        ):
            self.add_error(
                "comment", _("Schrijf bij het teruggeven wat de student moet aanpassen.")
            )
        return data


class VersionCompareForm(forms.Form):
    """Which two submitted versions to compare (?van=&naar=)."""

    van = forms.TypedChoiceField(label=_("Van versie"), coerce=int)
    naar = forms.TypedChoiceField(label=_("Naar versie"), coerce=int)

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(n), str(n)) for n in numbers]
        for name in ("van", "naar"):
            self.fields[name].choices = choices
            self.fields[name].error_messages["invalid_choice"] = _("Deze versie bestaat niet.")


class GoalStepForms:
    """The forms of one step of the student's leerplan: the edit counter, the outcome's
    GoalForm and its leerroute formset."""

    def __init__(
        self,
        data=None,
        *,
        leerplan: Leerplan | None,
        placement_outcome: PlacementOutcome,
        phases: PhaseTable | None,
    ):
        goals = {g.placement_outcome_id: g for g in leerplan.goals.all()} if leerplan else {}
        goal = goals.get(placement_outcome.pk)
        prefix = f"g{placement_outcome.pk}"
        self.placement_outcome = placement_outcome
        self.phases = phases
        self.lock = LockForm(
            data, initial={"lock_version": leerplan.lock_version if leerplan else 0}
        )
        self.form = GoalForm(
            data,
            prefix=prefix,
            initial=goal_initial(goal),
            placement_outcome=placement_outcome,
            phases=phases,
        )
        self.route = RouteFormSet(data, prefix=f"{prefix}-route", initial=route_initial(goal))
        # A POST without these rows (an older page) leaves the further leerdoelen as they are.
        more = f"{prefix}-doelen"
        self.more = (
            MoreGoalFormSet(data, prefix=more, initial=more_goals_initial(goal))
            if data is None or f"{more}-TOTAL_FORMS" in data
            else None
        )
        self.other_change: list[tuple[str, object]] = []

    def _all(self) -> list:
        return [f for f in (self.lock, self.form, self.route, self.more) if f is not None]

    def is_valid(self) -> bool:
        return all([f.is_valid() for f in self._all()])  # all report

    @property
    def lock_version(self) -> int:
        return self.lock.cleaned_data["lock_version"]

    def values(self) -> dict:
        """What leerplan_goal_save takes: the goal's fields, indicators, phases and route."""
        values = self.form.values() | {"route": self.route.steps()}
        if self.more is not None:
            values["more_goals"] = self.more.lines()
        return values

    def show_other_change(self, current: dict) -> None:
        """After a refused (stale) save: the saved text of this outcome that differs from
        what this person typed, labelled like the fields."""
        saved = current.get("goals", {}).get(self.placement_outcome.pk)
        if saved is None:
            return
        self.other_change = [
            (self.form.fields[f].label, saved[f])
            for f in GOAL_FIELDS
            if saved[f] != self.form.cleaned_data[f]
        ]

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, text) for every error in page order, for the list at the top of the step."""
        form, items = self.form, []
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            anchor = "kijkkader" if name in ("indicators", "__all__") else form[name].auto_id
            items.append((f"#{anchor}", f"{label}: {' '.join(errors)}"))
        if errors := self.route.non_form_errors():
            items.append(("#leerroute", f"{_('Leerroute')}: {' '.join(errors)}"))
        for n, step in enumerate(self.route.forms, start=1):
            for name, errors in step.errors.items():
                where = _("Leerroute, stap %(n)s") % {"n": n}
                items.append((f"#{step[name].auto_id}", f"{where}: {' '.join(errors)}"))
        for n, line in enumerate(self.more.forms if self.more is not None else [], start=2):
            for name, errors in line.errors.items():
                where = _("Leerdoel %(n)s") % {"n": n}
                items.append((f"#{line[name].auto_id}", f"{where}: {' '.join(errors)}"))
        return items


class WishesStepForms:
    """The guidance step of the student's leerplan: the edit counter and the wishes."""

    def __init__(self, data=None, *, leerplan: Leerplan | None):
        self.lock = LockForm(
            data, initial={"lock_version": leerplan.lock_version if leerplan else 0}
        )
        self.wishes = LeerplanForm(data, initial=wishes_initial(leerplan))
        self.other_change: list[tuple[str, object]] = []

    def is_valid(self) -> bool:
        return all([f.is_valid() for f in (self.lock, self.wishes)])

    @property
    def lock_version(self) -> int:
        return self.lock.cleaned_data["lock_version"]

    def values(self) -> dict:
        return {f: self.wishes.cleaned_data[f] for f in WISH_FIELDS}

    def show_other_change(self, current: dict) -> None:
        saved = current.get("wishes", {})
        self.other_change = [
            (self.wishes.fields[f].label, saved[f])
            for f in WISH_FIELDS
            if saved.get(f, "") != self.wishes.cleaned_data[f]
        ]

    def error_summary(self) -> list[tuple[str, str]]:
        return [
            (f"#{self.wishes[name].auto_id}", f"{self.wishes.fields[name].label}: {' '.join(e)}")
            for name, e in self.wishes.errors.items()
        ]
