"""Forms of hours and lessons: a week registered or corrected by the student, and the
werkplekbegeleider's reason to reopen a confirmed week."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.cycle.hours.selectors import week_label
from apps.cycle.hours.services import (
    MAX_GUIDANCE_MINUTES_PER_WEEK,
    MAX_LESSONS_PER_WEEK,
    MAX_NOTE,
    QUARTER,
)

HOURS_HELP = _("In uren, in kwartieren: 1,5 is anderhalf uur, 0,25 een kwartier.")


class WeekHoursForm(forms.Form):
    """The lessons of a week and the werkplekbegeleider's guidance time; with `weeks`, the
    week is chosen too (registering), without it the week is fixed (correcting)."""

    week = forms.TypedChoiceField(
        label=_("Week"),
        coerce=date.fromisoformat,
        error_messages={
            "required": _("Kies een week."),
            "invalid_choice": _("Kies een week van je stage die al begonnen is."),
        },
    )
    lessons = forms.IntegerField(
        label=_("Lessen en/of onderwijsactiviteiten met groepen leerlingen"),
        help_text=_("Hoeveel lessen of onderwijsactiviteiten met een groep gaf je deze week?"),
        min_value=0,
        max_value=MAX_LESSONS_PER_WEEK,
        error_messages={
            "required": _("Vul het aantal lessen in (0 als je geen les gaf)."),
            "invalid": _("Vul een heel getal in."),
            "min_value": _("Het aantal lessen kan niet negatief zijn."),
            "max_value": _("Meer dan %(limit_value)s lessen in één week kan niet kloppen."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    guidance_hours = forms.CharField(
        label=_("Begeleidingstijd van je werkplekbegeleider (uren)"),
        help_text=HOURS_HELP,
        max_length=10,
        error_messages={"required": _("Vul de begeleidingstijd in (0 als er geen was).")},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    note = forms.CharField(
        label=_("Toelichting"),
        help_text=_("Optioneel, bijvoorbeeld welke klassen of een les die uitviel."),
        required=False,
        max_length=MAX_NOTE,
        error_messages={"max_length": _("Maximaal %(limit_value)d tekens (nu %(show_value)d).")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args, weeks: list[date] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if weeks is None:
            del self.fields["week"]
        else:
            self.fields["week"].choices = [(w.isoformat(), week_label(w)) for w in weeks]

    def clean_guidance_hours(self) -> int:
        """Hours in quarter-hours ("1,5", "1.25", "2") as minutes."""
        raw = self.cleaned_data["guidance_hours"].strip().replace(",", ".")
        try:
            hours = Decimal(raw)
        except InvalidOperation as exc:
            raise forms.ValidationError(
                _("Vul een aantal uren in, bijvoorbeeld 1,5."), code="invalid"
            ) from exc
        if not hours.is_finite() or hours < 0:
            raise forms.ValidationError(_("Vul een aantal uren van 0 of meer in."), code="invalid")
        minutes = hours * 60
        if minutes > MAX_GUIDANCE_MINUTES_PER_WEEK:
            raise forms.ValidationError(
                _("Meer dan %(max)d uur begeleiding in één week kan niet kloppen.")
                % {"max": MAX_GUIDANCE_MINUTES_PER_WEEK // 60},
                code="max_value",
            )
        if minutes % QUARTER:
            raise forms.ValidationError(
                _("Vul de tijd in kwartieren in: 0,25, 0,5, 0,75 of hele uren."), code="quarter"
            )
        return int(minutes)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Wat moet er gecorrigeerd worden?"),
        max_length=MAX_NOTE,
        error_messages={
            "required": _("Schrijf op wat er gecorrigeerd moet worden."),
            "max_length": _("Maximaal %(limit_value)d tekens (nu %(show_value)d)."),
        },
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
