"""Forms of the feedback- en beoordelingsformulier. One small form per outcome, rendered beside
its kijkkader."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.cycle.common import text_field
from apps.cycle.feedback.rules import asks_three_steps, may_say_too_little_seen
from apps.cycle.models import (
    FormEntry,
    Judgement,
)


class ReflectionEntryForm(forms.Form):
    self_reflection = text_field(
        _("Zelfreflectie"),
        _("Wat heb je gedaan, wat was het effect en hoe weet je dat? Gebruik het kijkkader."),
        rows=8,
    )


class FeedbackEntryForm(forms.Form):
    """What the werkplekbegeleider writes on one outcome; fields depend on the outcome."""

    indicators_seen = forms.MultipleChoiceField(
        label=_("Indicatoren die ik heb gezien"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Deze indicator hoort niet bij deze leeruitkomst.")},
    )
    feedback = text_field(
        _("Feedback"), _("Beschrijf concreet gedrag dat je zag, met een voorbeeld uit een les.")
    )
    feed_forward = text_field(_("Feed-forward"), _("De volgende haalbare ontwikkelstappen."), 4)
    too_little_seen = forms.BooleanField(
        label=_("Te weinig gezien om nu iets over te zeggen"),
        help_text=_(
            "Bij de tussenevaluatie mag je dit eerlijk zeggen. Noem dan wel de volgende stappen "
            "in de feed-forward."
        ),
        required=False,
    )
    development_made = text_field(_("Ontwikkeling die is doorgemaakt"), rows=4)
    development_to_make = text_field(_("Ontwikkeling die nog gemaakt moet worden"), rows=4)
    judgement = forms.ChoiceField(
        label=_("Oordeel"),
        required=False,
        choices=[("", _("Nog geen oordeel")), *Judgement.choices],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies voldaan of niet voldaan.")},
    )
    confidence_year3 = forms.TypedChoiceField(
        label=_("Hebben de begeleiders voldoende vertrouwen dat de student dit in jaar 3 afrondt?"),
        required=False,
        choices=[("", _("Nog niet ingevuld")), ("ja", _("Ja")), ("nee", _("Nee"))],
        coerce=lambda v: {"ja": True, "nee": False}.get(v),
        empty_value=None,
        widget=forms.RadioSelect,
    )
    motivation = text_field(_("Motivatie bij het oordeel"), rows=3)
    combination_motivation = text_field(
        _("Toelichting: voldaan, maar geen vertrouwen in afronding in jaar 3"),
        _(
            "Alleen nodig bij die combinatie: het niveau omvat volgens het handboek dat "
            "vertrouwen. Leg uit waarom beide toch gelden."
        ),
        rows=3,
    )

    def __init__(self, *args, entry: FormEntry, is_final: bool, **kwargs):
        super().__init__(*args, **kwargs)
        po = entry.placement_outcome
        outcome = po.outcome
        indicators = entry.gradable_indicators
        self.fields["indicators_seen"].choices = [(str(i.pk), i.text) for i in indicators]
        judged = is_final and po.wpb_judges
        if not judged:
            for name in ("judgement", "confidence_year3", "motivation", "combination_motivation"):
                del self.fields[name]
        elif outcome is None or not outcome.asks_confidence:
            del self.fields["confidence_year3"]
            del self.fields["combination_motivation"]
        if not asks_three_steps(po, is_final=is_final):
            del self.fields["development_made"]
            del self.fields["development_to_make"]
        if not may_say_too_little_seen(po, is_final=is_final):
            del self.fields["too_little_seen"]
        if not indicators:
            del self.fields["indicators_seen"]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        if "indicators_seen" in data:
            data["indicators_seen"] = [int(pk) for pk in data["indicators_seen"]]
        if "judgement" in data and data["judgement"] is None:
            data["judgement"] = ""
        return data


def entry_initial(entry: FormEntry) -> dict:
    return {
        "self_reflection": entry.self_reflection,
        "indicators_seen": [str(i.pk) for i in entry.indicators_seen.all()],
        "feedback": entry.feedback,
        "feed_forward": entry.feed_forward,
        "development_made": entry.development_made,
        "development_to_make": entry.development_to_make,
        "judgement": entry.judgement,
        "confidence_year3": {True: "ja", False: "nee"}.get(entry.confidence_year3, ""),
        "motivation": entry.motivation,
        "combination_motivation": entry.combination_motivation,
        "too_little_seen": entry.too_little_seen,
    }


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van de correctie"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Geef de reden van de correctie.")},
    )
