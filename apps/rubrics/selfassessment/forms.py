"""Forms of rubrics in use: a self-assessment on a role, the consent for the team heatmap,
and a placement on the complexe beroepsvaardigheden table. Fields are made per dimension."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.rubrics.models import CbvPlacement, RubricDimension, RubricLevel, RubricRole
from apps.rubrics.services import MIN_EXAMPLE_LENGTH, PhaseChoice, Rating

MAX_TEXT = 2000


def level_field(label, levels: list[RubricLevel], required: bool = True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("", _("— kies —"))] + [(level.pk, level.name) for level in levels],
        coerce=int,
        required=required,
        error_messages={
            "required": _("Kies een niveau."),
            "invalid_choice": _("Kies een niveau uit deze rubric."),
        },
    )


class SelfAssessmentForm(forms.Form):
    """Per dimension of a role: current level, a concrete example, the level I aim for."""

    def __init__(self, *args, role: RubricRole, **kwargs):
        super().__init__(*args, **kwargs)
        self.dimensions = list(
            role.dimensions.order_by("position").prefetch_related("descriptors__level")
        )
        levels = list(role.rubric.levels.all())
        for d in self.dimensions:
            self.fields[f"current_{d.pk}"] = level_field(_("Waar sta ik nu?"), levels)
            self.fields[f"example_{d.pk}"] = forms.CharField(
                label=_("Concreet voorbeeld uit mijn praktijk"),
                help_text=_("Wat deed je, wanneer, met wie? Minstens %(n)d tekens.")
                % {"n": MIN_EXAMPLE_LENGTH},
                min_length=MIN_EXAMPLE_LENGTH,
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "required": _("Geef een concreet voorbeeld."),
                    "min_length": _(
                        "Maak je voorbeeld concreet: beschrijf wat je deed "
                        "(minstens %(limit_value)d tekens, nu %(show_value)d)."
                    ),
                },
            )
            self.fields[f"target_{d.pk}"] = level_field(_("Waar wil ik naartoe?"), levels)
        self.positions = {level.pk: level.position for level in levels}

    def clean(self):
        data = super().clean()
        for d in self.dimensions:
            current, target = data.get(f"current_{d.pk}"), data.get(f"target_{d.pk}")
            if current and target and self.positions[target] < self.positions[current]:
                self.add_error(f"target_{d.pk}", _("Je streefniveau ligt onder je huidige niveau."))
        return data

    def groups(self) -> list[tuple[RubricDimension, list]]:
        """Per dimension its descriptors and its three bound fields, for the template."""
        return [
            (d, [self[f"current_{d.pk}"], self[f"example_{d.pk}"], self[f"target_{d.pk}"]])
            for d in self.dimensions
        ]

    def ratings(self) -> dict[int, Rating]:
        data = self.cleaned_data
        return {
            d.pk: Rating(data[f"current_{d.pk}"], data[f"example_{d.pk}"], data[f"target_{d.pk}"])
            for d in self.dimensions
        }


class ConsentForm(forms.Form):
    given = forms.TypedChoiceField(
        label=_("Naam tonen in het teamoverzicht"),
        choices=[("ja", _("Ja")), ("nee", _("Nee"))],
        coerce=lambda value: value == "ja",
    )


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
