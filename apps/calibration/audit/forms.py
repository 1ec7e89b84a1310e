"""The forms of the audit sample: the draw, the assignment and the blind second judgement."""

from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.cycle.models import Judgement
from apps.placements.models import SCHOOL_YEAR_PATTERN, school_year_of


class DrawForm(forms.Form):
    school_year = forms.CharField(
        label=_("Schooljaar"),
        max_length=9,
        validators=[
            RegexValidator(f"^{SCHOOL_YEAR_PATTERN}$", _("Schrijf het schooljaar als 2026-2027."))
        ],
    )
    study_year = forms.TypedChoiceField(
        label=_("Studiejaar (cohort)"),
        choices=[("", _("Alle studiejaren")), (1, "1"), (2, "2"), (3, "3"), (4, "4")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    percentage = forms.DecimalField(
        label=_("Steekproefpercentage"),
        min_value=Decimal("0.1"),
        max_value=Decimal("100"),
        decimal_places=1,
        initial=Decimal("10"),
        help_text=_("Standaard 10%. Elke school krijgt minstens één oordeel in de steekproef."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].initial = school_year_of(timezone.localdate())

    def clean_school_year(self):
        year = self.cleaned_data["school_year"]
        if int(year[5:]) != int(year[:4]) + 1:
            raise forms.ValidationError(_("Schrijf het schooljaar als 2026-2027."))
        return year


class AssignForm(forms.Form):
    """`candidates`: a list of users read once for the whole page (no query per row)."""

    assessor = forms.TypedChoiceField(label=_("Tweede beoordelaar"), coerce=int)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {c.pk: c for c in candidates}
        self.fields["assessor"].choices = [("", "—")] + [
            (c.pk, c.full_name or c.email) for c in candidates
        ]

    def clean_assessor(self):
        return self.people[self.cleaned_data["assessor"]]


class SecondJudgementForm(forms.Form):
    """The fields of the real form: indicators seen, judgement, confidence in year 3 where the
    outcome asks it, motivation."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    indicators = forms.MultipleChoiceField(
        label=_("Welke indicatoren zie je terug?"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    judgement = forms.ChoiceField(
        label=_("Jouw oordeel"), choices=Judgement.choices, widget=forms.RadioSelect
    )
    confidence_year3 = forms.TypedChoiceField(
        label=_("Voldoende vertrouwen in afronding in jaar 3?"),
        choices=[("ja", _("Ja")), ("nee", _("Nee"))],
        coerce=lambda v: v == "ja",
        widget=forms.RadioSelect,
        required=False,
        empty_value=None,
    )
    motivation = forms.CharField(
        label=_("Motivatie"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("Noem de indicatoren waarop je je oordeel baseert."),
    )

    def __init__(self, *args, indicators, asks_confidence: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = [(str(i.pk), i.text) for i in indicators]
        if asks_confidence:
            self.fields["confidence_year3"].required = True
        else:
            del self.fields["confidence_year3"]
