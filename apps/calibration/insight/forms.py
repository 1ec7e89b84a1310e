"""The filters of the map and the dashboard: school year, school, outcome, moment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.calibration.insight.selectors import COLUMN_KINDS, MOMENTS, Filters
from apps.outcomes.models import LearningOutcome
from apps.placements.models import School


class InsightFilterForm(forms.Form):
    jaar = forms.ChoiceField(label=_("Schooljaar"), required=False)
    school = forms.ModelChoiceField(
        label=_("School"), queryset=School.objects.none(), required=False, empty_label=_("Alle")
    )
    leeruitkomst = forms.ModelChoiceField(
        label=_("Leeruitkomst"),
        queryset=LearningOutcome.objects.none(),
        required=False,
        empty_label=_("Alle"),
    )
    moment = forms.ChoiceField(
        label=_("Moment"), choices=[(m.value, m.label) for m in MOMENTS], required=False
    )

    def __init__(self, data, *, schools, years):
        super().__init__(data)
        self.fields["jaar"].choices = [("", _("Alle"))] + [(y, y) for y in years]
        self.fields["school"].queryset = schools.order_by("name")
        self.fields["leeruitkomst"].queryset = LearningOutcome.objects.order_by(
            "position", "code", "pk"
        )

    def filters(self) -> Filters:
        """The chosen filters; a value that is not on offer is reported and left out."""
        if not self.is_valid():
            cleaned = {k: v for k, v in getattr(self, "cleaned_data", {}).items()}
        else:
            cleaned = self.cleaned_data
        return Filters(
            school_year=cleaned.get("jaar") or "",
            school=cleaned.get("school"),
            outcome=cleaned.get("leeruitkomst"),
            moment=cleaned.get("moment") or MOMENTS[0].value,
        )


class MapColumnsForm(forms.Form):
    kolommen = forms.ChoiceField(
        label=_("Kolommen"),
        required=False,
        choices=list(
            zip(
                COLUMN_KINDS,
                [_("Schooljaar"), _("School (samengevoegd)"), _("Richting van de wijziging")],
                strict=True,
            )
        ),
    )
