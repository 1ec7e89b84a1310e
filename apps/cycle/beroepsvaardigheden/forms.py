"""The form for one moment of the complexe beroepsvaardigheden: a phase per dimension."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.cycle.beroepsvaardigheden.services import PhaseChoice
from apps.cycle.models import CbvPlacement
from apps.rubrics.models import RubricDimension
from apps.rubrics.selfassessment.forms import MAX_TEXT, level_field


class CbvForm(forms.Form):
    """Per dimension of the phase table: the phase and an optional note."""

    def __init__(self, *args, dimensions, levels, existing: dict[int, CbvPlacement], **kwargs):
        initial = {}
        for dimension_id, row in existing.items():
            initial[f"level_{dimension_id}"] = row.level_id
            initial[f"note_{dimension_id}"] = row.note
        super().__init__(*args, initial=initial, **kwargs)
        self.dimensions = dimensions
        for d in dimensions:
            self.fields[f"level_{d.pk}"] = level_field(_("Fase"), levels)
            self.fields[f"note_{d.pk}"] = forms.CharField(
                label=_("Toelichting (optioneel)"),
                required=False,
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def groups(self) -> list[tuple[RubricDimension, list]]:
        return [(d, [self[f"level_{d.pk}"], self[f"note_{d.pk}"]]) for d in self.dimensions]

    def choices(self) -> dict[int, PhaseChoice]:
        data = self.cleaned_data
        return {
            d.pk: PhaseChoice(data[f"level_{d.pk}"], data[f"note_{d.pk}"]) for d in self.dimensions
        }
