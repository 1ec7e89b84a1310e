"""Forms of the session pages (crispy-forms bootstrap5)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.calibration.models import (
    AgreementKind,
    AssessorCredential,
    CalibrationSession,
    SessionAgreement,
)
from apps.calibration.sessions.selectors import available_exemplars, staff_choices
from apps.cycle.models import Judgement
from apps.outcomes.models import Indicator, LearningOutcome
from apps.placements.models import School


class PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class PersonSingle(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class ExemplarChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        # Number, outcome and title: never the source school, mentor or student.
        return f"#{obj.pk} · {obj.outcome.code} · {obj.title}"


class OutcomeChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title}"


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    scope = forms.ChoiceField(
        label=_("Reikwijdte"), choices=CalibrationSession._meta.get_field("scope").choices
    )
    school = forms.ModelChoiceField(
        label=_("School (bij één opleidingsschool)"), queryset=School.objects.all(), required=False
    )
    study_year = forms.IntegerField(
        label=_("Studiejaar (bij één cohort)"), min_value=1, max_value=4, required=False
    )
    school_year = forms.RegexField(
        label=_("Schooljaar"), regex=r"^\d{4}-\d{4}$", help_text=_("Bijvoorbeeld 2026-2027.")
    )
    outcomes = OutcomeChoice(
        label=_("Leeruitkomsten"),
        queryset=LearningOutcome.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    moment = forms.ChoiceField(
        label=_("Moment"), choices=CalibrationSession._meta.get_field("moment").choices
    )
    mode = forms.ChoiceField(
        label=_("Werkwijze"), choices=CalibrationSession._meta.get_field("mode").choices
    )
    held_on = forms.DateField(label=_("Datum bijeenkomst"), widget=DATE)
    judge_before = forms.DateTimeField(label=_("Beoordelen vóór"), required=False, widget=DATETIME)
    moderator = PersonSingle(label=_("Moderator"), queryset=User.objects.none())
    notulist = PersonSingle(label=_("Notulist"), queryset=User.objects.none(), required=False)
    target_agreement = forms.DecimalField(
        label=_("Vooraf afgesproken doel voor overeenstemming (optioneel)"),
        help_text=_(
            "Een aandeel tussen 0 en 1, bijvoorbeeld 0,80 voor 80 procent overeenstemming over "
            "voldaan/niet voldaan. Ligt vast zodra iemand een oordeel indient."
        ),
        min_value=0,
        max_value=1,
        decimal_places=2,
        required=False,
    )
    exemplars = ExemplarChoice(
        label=_("Voorbeelden (1 tot 4)"),
        queryset=available_exemplars(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Bij voorkeur één duidelijk voldaan, één duidelijk niet voldaan en één of twee "
            "twijfelgevallen."
        ),
    )
    participants = PersonChoice(
        label=_("Deelnemers"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aanbevolen: 6 tot 12 deelnemers."),
    )

    def __init__(self, *args, outcome_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        staff = staff_choices()
        self.fields["moderator"].queryset = staff
        self.fields["notulist"].queryset = staff
        self.fields["participants"].queryset = staff
        if outcome_ids:
            self.fields["exemplars"].queryset = available_exemplars(outcome_ids)

    def clean(self):
        data = super().clean()
        exemplars = data.get("exemplars") or []
        if exemplars and not 1 <= len(exemplars) <= 4:
            self.add_error("exemplars", _("Kies één tot vier voorbeelden."))
        outcomes = {o.pk for o in data.get("outcomes") or []}
        if outcomes and any(e.outcome_id not in outcomes for e in exemplars):
            self.add_error(
                "exemplars", _("Elk voorbeeld moet bij een van de gekozen leeruitkomsten horen.")
            )
        return data


class SessionEditForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    held_on = forms.DateField(label=_("Datum bijeenkomst"), widget=DATE)
    judge_before = forms.DateTimeField(label=_("Beoordelen vóór"), required=False, widget=DATETIME)
    notulist = PersonSingle(label=_("Notulist"), queryset=User.objects.none(), required=False)
    target_agreement = SessionForm.base_fields["target_agreement"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notulist"].queryset = staff_choices()


class JudgementForm(forms.Form):
    """One exemplar, the same fields as the real form (prefix per exemplar)."""

    indicators_seen = forms.ModelMultipleChoiceField(
        label=_("Indicatoren die ik heb gezien"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    judgement = forms.ChoiceField(
        label=_("Oordeel"),
        choices=[("", "—"), *Judgement.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    confidence_year3 = forms.TypedChoiceField(
        label=_("Voldoende vertrouwen in afronding in jaar 3?"),
        choices=[("", "—"), ("ja", _("Ja")), ("nee", _("Nee"))],
        coerce=lambda v: {"ja": True, "nee": False}.get(v),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    motivation = forms.CharField(
        label=_("Motivatie"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Verwijs naar de indicatoren of wat je zag (ten minste 40 tekens)."),
    )
    certainty = forms.TypedChoiceField(
        label=_("Hoe zeker ben je? (1 = onzeker, 5 = heel zeker, optioneel)"),
        choices=[("", "—")] + [(str(i), str(i)) for i in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, exemplar, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.exemplar = exemplar
        self.fields["indicators_seen"].queryset = Indicator.objects.filter(
            pk__in=[i.pk for i in indicators]
        )
        self.fields["indicators_seen"].choices = [(i.pk, i.text) for i in indicators]
        if not exemplar.outcome.asks_confidence:
            del self.fields["confidence_year3"]


class AgreementForm(forms.ModelForm):
    class Meta:
        model = SessionAgreement
        fields = ["kind", "text", "outcome", "indicator", "action"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "action": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = AgreementKind.choices
        self.fields["outcome"].queryset = session.outcomes.all()
        self.fields["indicator"].queryset = Indicator.objects.filter(
            dimension__outcome__in=session.outcomes.all()
        ).select_related("dimension__outcome")
        self.fields["indicator"].label_from_instance = lambda i: (
            f"{i.dimension.outcome.code}: {i.text[:100]}"
        )


class CredentialForm(forms.ModelForm):
    user = PersonSingle(label=_("Beoordelaar"), queryset=User.objects.none())

    class Meta:
        model = AssessorCredential
        fields = ["user", "kind", "name", "obtained_on", "expires_on"]
        widgets = {"obtained_on": DATE, "expires_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff_choices()
