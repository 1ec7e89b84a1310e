"""Forms of the quality monitor: the school review, the correction, the student evaluation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.placements.models import QualityCriterion, QualityRating

NOTE_MAX = 2000
# How a student reads the four ratings: about what they experienced.
STUDENT_LABELS = {
    QualityRating.MEETS: _("Klopt"),
    QualityRating.PARTLY: _("Klopt deels"),
    QualityRating.FAILS: _("Klopt niet"),
    QualityRating.NOT_APPLICABLE: _("Weet ik niet / n.v.t."),
}


def _rating_field(criterion: QualityCriterion, choices) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=criterion.text,
        required=False,
        choices=choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": _("Kies een van de mogelijkheden.")},
    )


class CriteriaForm(forms.Form):
    """One rating (and for the school a note) per criterion, grouped as in the leidraad.
    A field that has an error is marked for the eye and for screen readers."""

    def __init__(self, *args, criteria: list[QualityCriterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}-fout"

    def rating_name(self, criterion: QualityCriterion) -> str:
        return f"oordeel-{criterion.pk}"

    def note_name(self, criterion: QualityCriterion) -> str:
        return f"toelichting-{criterion.pk}"

    def groups(self) -> list[tuple]:
        """[(group, [(criterion, rating field, note field or None)])] in leidraad order."""
        grouped: dict = {}
        for c in self.criteria:
            note = self[self.note_name(c)] if self.note_name(c) in self.fields else None
            grouped.setdefault(c.group, []).append((c, self[self.rating_name(c)], note))
        return list(grouped.items())


class SchoolReviewForm(CriteriaForm):
    """The schoolopleider's review. A concept may leave ratings open; "afronden" needs all."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        choices = QualityRating.choices
        for c in self.criteria:
            self.fields[self.rating_name(c)] = _rating_field(c, choices)
            self.fields[self.note_name(c)] = forms.CharField(
                label=_("Toelichting"),
                required=False,
                max_length=NOTE_MAX,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                error_messages={
                    "max_length": _("Maximaal %(limit_value)d tekens (nu %(show_value)d).")
                },
            )

    def clean(self):
        data = super().clean()
        if self.submitting:
            for c in self.criteria:
                name = self.rating_name(c)
                if name not in self.errors and not data.get(name):
                    self.add_error(name, _("Kies een oordeel om de beoordeling af te ronden."))
        return data

    def answers(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            c.pk: (data.get(self.rating_name(c)) or "", data.get(self.note_name(c)) or "")
            for c in self.criteria
        }


def review_initial(answers: dict[int, tuple[str, str]], lock_version: int) -> dict:
    initial = {"lock_version": lock_version}
    for pk, (rating, note) in answers.items():
        initial[f"oordeel-{pk}"] = rating
        initial[f"toelichting-{pk}"] = note
    return initial


class ReviewCorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van de correctie"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        error_messages={"required": _("Geef de reden van de correctie.")},
    )


class StudentEvaluationForm(CriteriaForm):
    """The student answers every question about what they experienced (n.v.t. allowed)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(value, STUDENT_LABELS[value]) for value in QualityRating.values]
        for c in self.criteria:
            field = _rating_field(c, choices)
            field.required = True
            field.error_messages["required"] = _("Kies een antwoord (n.v.t. mag).")
            self.fields[self.rating_name(c)] = field

    def answers(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data[self.rating_name(c)] for c in self.criteria}
