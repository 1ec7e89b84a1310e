"""The filters of the dashboards' overviews."""

from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from apps.home.dashboards import PlacementScope


class _OptionalChoiceField(forms.TypedChoiceField):
    """A filter: a value that is not one of the choices (or not a number) means no filter."""

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError:
            return None


class PlacementFilterForm(forms.Form):
    """Filters of the overviews: period, programme, werkplekbegeleider. The choices are the
    ones that occur in the placements in scope (periods by start date, the others by name;
    no query of their own); an invalid value is ignored."""

    periode = _OptionalChoiceField(
        label=gettext_lazy("Periode"), required=False, coerce=int, empty_value=None
    )
    opleiding = _OptionalChoiceField(
        label=gettext_lazy("Opleiding"), required=False, coerce=int, empty_value=None
    )
    werkplekbegeleider = _OptionalChoiceField(
        label=gettext_lazy("Werkplekbegeleider"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, data: QueryDict, *, prefix: str, scope: "PlacementScope"):
        super().__init__(data, prefix=prefix)
        for name, choices in scope.choices.items():
            self.fields[name].choices = [("", _("Alle")), *choices]
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        self.is_valid()  # every value is valid: a bad one was turned into "no filter"

    @property
    def is_filtering(self) -> bool:
        return any(value is not None for value in self.cleaned_data.values())

    def apply(self, scope: "PlacementScope") -> list[int]:
        """The ids of the placements of `scope` that pass the filters."""
        period, programme, mentor = (
            self.cleaned_data.get(name) for name in ("periode", "opleiding", "werkplekbegeleider")
        )
        return [
            pk
            for pk in scope.ids
            if (period is None or period in scope.period_ids[pk])
            and (programme is None or scope.programme[pk] == programme)
            and (mentor is None or scope.mentor[pk] == mentor)
        ]
