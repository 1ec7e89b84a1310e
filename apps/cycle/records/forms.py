"""The filter of the judgements export."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.cycle.models import (
    FORM_KINDS,
)
from apps.outcomes.models import LearningOutcome, SubjectOutcome
from apps.placements.models import Period, Placement, PlacementOutcome, Programme

# Outcome choices name their kind, as a learning outcome and a subject outcome can share a pk.
OUTCOME_PREFIX = "lu"


SUBJECT_PREFIX = "vd"


class JudgementFilterForm(forms.Form):
    """What to export. The choices are those that occur in the placements in scope; an
    unknown value is an error with a message, and the other choices stay as they were."""

    periode = forms.TypedChoiceField(
        label=gettext_lazy("Periode"), required=False, coerce=int, empty_value=None
    )
    opleiding = forms.TypedChoiceField(
        label=gettext_lazy("Opleiding"), required=False, coerce=int, empty_value=None
    )
    leeruitkomst = forms.ChoiceField(label=gettext_lazy("Leeruitkomst"), required=False)
    formulier = forms.ChoiceField(
        label=gettext_lazy("Formulier"),
        required=False,
        choices=[("", gettext_lazy("Beide")), *((k.value, k.label) for k in FORM_KINDS)],
    )

    def __init__(self, *args, scope: QuerySet[Placement], **kwargs):
        super().__init__(*args, **kwargs)
        used = PlacementOutcome.objects.filter(placement__in=scope)
        outcomes = [
            (f"{OUTCOME_PREFIX}-{o.pk}", f"{o.code} {o.title}")
            for o in LearningOutcome.objects.filter(pk__in=used.values("outcome"))
        ] + [
            (f"{SUBJECT_PREFIX}-{o.pk}", f"{o.get_subject_display()}: {o.title}")
            for o in SubjectOutcome.objects.filter(pk__in=used.values("subject_outcome"))
        ]
        options = {
            "periode": list(
                Period.objects.filter(placements__in=scope).distinct().values_list("pk", "name")
            ),
            "opleiding": list(
                Programme.objects.filter(students__placements__in=scope)
                .distinct()
                .values_list("pk", "name")
            ),
            "leeruitkomst": outcomes,
        }
        for name, choices in options.items():
            self.fields[name].choices = [("", _("Alle")), *choices]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def full_clean(self) -> None:
        """Mark a rejected choice for the eye and for screen readers (tied to its message)."""
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = "form-select is-invalid"
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}-fout"

    def filters(self) -> dict:
        """The cleaned choices as keyword arguments of `judgement_entries`."""
        data = self.cleaned_data
        prefix, _sep, pk = (data.get("leeruitkomst") or "").partition("-")
        return {
            "period": data.get("periode"),
            "programme": data.get("opleiding"),
            "outcome": int(pk) if prefix == OUTCOME_PREFIX else None,
            "subject_outcome": int(pk) if prefix == SUBJECT_PREFIX else None,
            "kind": data.get("formulier") or None,
        }
