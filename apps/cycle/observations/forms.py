"""Forms of lesson observations. The observation form has one check box and one example per
indicator the instrument offers, grouped by learning outcome."""

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.cycle.common import MAX_TEXT, TEXT_ERRORS, text_field
from apps.cycle.observations.services import Seen

# What a lesson plan may be, known by its first bytes (not by its name): PDF, or a zip
# container (DOCX and ODT both are).
LESSON_PLAN_TYPES = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04", ".odt": b"PK\x03\x04"}


def lesson_plan_max_bytes() -> int:
    return getattr(settings, "OBSERVATION_LESSON_PLAN_MAX_BYTES", 20 * 1024 * 1024)


class ObservationForm(forms.Form):
    observed_on = forms.DateField(
        label=_("Datum van de les"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )
    group = forms.CharField(label=_("Klas of groep"), max_length=80)
    subject = forms.CharField(label=_("Vak"), max_length=120)
    topic = forms.CharField(label=_("Onderwerp van de les"), max_length=200)
    lesson_plan = forms.FileField(
        label=_("Lesvoorbereiding"),
        required=False,
        help_text=_("PDF, DOCX of ODT. Alleen de mensen van deze stage kunnen hem openen."),
    )
    strengths = text_field(_("Sterke punten"), rows=4)
    feed_forward = text_field(_("Feed-forward"), _("De volgende haalbare ontwikkelstappen."), 4)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for po, options in choices:
            pairs = []
            for key, text in options:
                check, example = f"s{po.pk}_{key}", f"x{po.pk}_{key}"
                self.fields[check] = forms.BooleanField(label=text, required=False)
                self.fields[example] = forms.CharField(
                    label=_("Voorbeeld: wat deed de student, wat was het effect?"),
                    required=False,
                    max_length=MAX_TEXT,
                    error_messages=TEXT_ERRORS,
                    widget=forms.Textarea(attrs={"rows": 1}),
                )
                pairs.append((po.pk, key, check, example))
            self.groups.append((po, pairs))

    def clean_lesson_plan(self):
        upload = self.cleaned_data.get("lesson_plan")
        if not upload:
            return None
        if upload.size > lesson_plan_max_bytes():
            raise forms.ValidationError(
                _("Dit bestand is te groot: maximaal %(mb)d MB.")
                % {"mb": lesson_plan_max_bytes() // (1024 * 1024)}
            )
        head = upload.read(8)
        upload.seek(0)
        magic = LESSON_PLAN_TYPES.get(PurePath(upload.name).suffix.lower())
        if magic is None or not head.startswith(magic):
            raise forms.ValidationError(
                _("Een lesvoorbereiding is een PDF-, DOCX- of ODT-bestand.")
            )
        return upload

    def clean(self):
        data = super().clean()
        ticked = 0
        for _po, pairs in self.groups:
            for _pk, _key, check, example in pairs:
                if data.get(check):
                    ticked += 1
                    if not (data.get(example) or "").strip():
                        self.add_error(
                            example, _("Geef bij deze indicator een concreet voorbeeld.")
                        )
        if not ticked and not (data.get("strengths") or "").strip():
            raise forms.ValidationError(
                _("Vink minstens één geziene indicator aan of schrijf de sterke punten op.")
            )
        return data

    def seen(self) -> list[Seen]:
        return [
            Seen(placement_outcome_id=pk, key=key, example=self.cleaned_data[example])
            for _po, pairs in self.groups
            for pk, key, check, example in pairs
            if self.cleaned_data.get(check)
        ]

    def template_groups(self):
        """For the template: per outcome the bound check box and example of each indicator."""
        return [
            (po, [(self[check], self[example]) for _pk, _key, check, example in pairs])
            for po, pairs in self.groups
        ]


class ResponseForm(forms.Form):
    text = forms.CharField(
        label=_("Jouw reactie"),
        max_length=MAX_TEXT,
        error_messages={**TEXT_ERRORS, "required": _("Schrijf een reactie.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RequestForm(forms.Form):
    focus = forms.CharField(
        label=_("Waar moet het lesbezoek op letten?"),
        max_length=MAX_TEXT,
        error_messages={
            **TEXT_ERRORS,
            "required": _("Schrijf op waar het lesbezoek op moet letten."),
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InstrumentFileForm(forms.Form):
    file = forms.FileField(label=_("CSV-bestand"))
