"""The form to attach evidence: a file or a link, a title and what it shows."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.cycle.common import MAX_TEXT, TEXT_ERRORS


class EvidenceForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={**TEXT_ERRORS, "required": _("Geef het bewijs een titel.")},
    )
    description = forms.CharField(
        label=_("Wat laat het zien?"),
        help_text=_("Bijvoorbeeld: welke les, wat je deed en wat het effect was."),
        required=False,
        max_length=MAX_TEXT,
        error_messages=TEXT_ERRORS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_(
            "Een lesvoorbereiding (pdf, docx, odt), een foto (jpg, png, webp) of een korte "
            "video (mp4, mov, webm)."
        ),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.docx,.odt,image/jpeg,image/png,image/webp,video/*"}
        ),
    )
    url = forms.URLField(
        label=_("Of een link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": _("Vul een geldige link in, zoals https://…")},
    )
    placement_outcome = forms.TypedChoiceField(
        label=_("Bij leeruitkomst"),
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args, outcomes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if outcomes is None:
            del self.fields["placement_outcome"]
        else:
            self.outcomes = {po.pk: po for po in outcomes}
            self.fields["placement_outcome"].choices = [("", _("Geen bepaalde"))] + [
                (po.pk, str(po)) for po in outcomes
            ]

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(
                _("Kies een bestand of vul een link in (één van beide)."), code="file_or_link"
            )
        return data

    def chosen_outcome(self):
        pk = self.cleaned_data.get("placement_outcome")
        return self.outcomes.get(pk) if pk and hasattr(self, "outcomes") else None
