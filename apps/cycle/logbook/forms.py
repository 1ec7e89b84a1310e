"""Forms of the weekly logs and their comments."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.cycle.common import MAX_TEXT, TEXT_ERRORS, text_field


class GuidanceLogForm(forms.Form):
    held = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )
    what_i_did = text_field(_("Wat heb ik gedaan?"), rows=4)
    reflection = text_field(_("Reflectie"), rows=4)
    new_goals = text_field(_("Nieuwe doelen"), rows=3)
    evidence = text_field(
        _("Bewijs"), _("Links naar lesvoorbereidingen, video's of materiaal, één per regel."), 2
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def clean_what_i_did(self) -> str:
        text = self.cleaned_data["what_i_did"]
        if not text.strip():
            raise forms.ValidationError(_("Schrijf op wat je hebt gedaan."))
        return text


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Opmerking"),
        max_length=MAX_TEXT,
        error_messages={**TEXT_ERRORS, "required": _("Schrijf een opmerking.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
