"""Forms of the conversation cycle. One small form per outcome, rendered beside its kijkkader."""

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from apps.cycle.models import (
    ConversationGuideItem,
    ConversationKind,
    FormEntry,
    Judgement,
    KennismakingRecord,
)

MAX_TEXT = 5000
TEXT_ERRORS = {
    "max_length": _("Deze tekst is te lang: maximaal %(limit_value)d tekens (nu %(show_value)d)."),
}


def text_field(label: str, help_text: str = "", rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=MAX_TEXT,
        strip=False,
        error_messages=TEXT_ERRORS,
        widget=forms.Textarea(attrs={"rows": rows, "data-autosave": "1"}),
    )


class LockForm(forms.Form):
    """The edit counter the page was loaded with; a stale one means someone else saved."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


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

    def __init__(self, *args, entry: FormEntry, is_final: bool, **kwargs):
        super().__init__(*args, **kwargs)
        po = entry.placement_outcome
        outcome = po.outcome
        indicators = entry.gradable_indicators
        self.fields["indicators_seen"].choices = [(str(i.pk), i.text) for i in indicators]
        judged = is_final and po.wpb_judges
        formative = is_final and not po.wpb_judges
        if not judged:
            for name in ("judgement", "confidence_year3", "motivation"):
                del self.fields[name]
        elif outcome is None or not outcome.asks_confidence:
            del self.fields["confidence_year3"]
        if not formative:
            del self.fields["development_made"]
            del self.fields["development_to_make"]
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
    }


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van de correctie"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Geef de reden van de correctie.")},
    )


class KennismakingForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_done"].queryset = ConversationGuideItem.objects.filter(
            kind=ConversationKind.KENNISMAKING, is_sensitive=False, is_note=False
        )
        self.fields["agenda_done"].label = _("Besproken agendapunten")
        # The agenda above shows each point in full; a checkbox names it in its first words,
        # cut between words (an item's str() cuts at 80 characters, mid-word).
        self.fields["agenda_done"].label_from_instance = lambda item: Truncator(item.text).words(14)
        self.fields["agenda_done"].required = False

    class Meta:
        model = KennismakingRecord
        fields = [
            "agenda_done",
            "year1_development",
            "route_outcomes",
            "guidance_approach",
            "days_present",
            "classes",
            "first_lesson",
            "evaluation_moments",
            "other_arrangements",
        ]
        widgets = {
            "agenda_done": forms.CheckboxSelectMultiple,
            **{
                f: forms.Textarea(attrs={"rows": 3})
                for f in (
                    "year1_development",
                    "route_outcomes",
                    "guidance_approach",
                    "classes",
                    "evaluation_moments",
                    "other_arrangements",
                )
            },
        }


class SensitiveInfoForm(forms.Form):
    """Optional and only if the student chooses; visible only to whom they choose."""

    neurodiversity = text_field(_("Neurodiversiteit"), rows=3)
    health = text_field(_("Gezondheid"), rows=3)
    private_situation = text_field(_("Privésituatie"), rows=3)
    visible_to = forms.MultipleChoiceField(
        label=_("Wie mag dit lezen?"),
        help_text=_("Alleen de mensen die je hier aanvinkt. Je kunt dit altijd weer wijzigen."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Je kunt alleen je eigen begeleiders kiezen.")},
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.fields["visible_to"].choices = [
            (pk, f"{p.full_name}") for pk, p in self.people.items()
        ]

    def chosen(self) -> list:
        return [self.people[pk] for pk in self.cleaned_data["visible_to"]]


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


class HeldForm(forms.Form):
    held = forms.DateField(
        label=_("Gehouden op"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _("Vul een geldige datum in."),
            "required": _("Vul de datum in."),
        },
    )
