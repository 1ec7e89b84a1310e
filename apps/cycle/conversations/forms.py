"""Forms of the conversations: kennismaking, sensitive information, held on, a new date."""

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from apps.cycle.common import text_field
from apps.cycle.models import (
    DEFAULT_PARTICIPANTS,
    ConversationGuideItem,
    ConversationKind,
    KennismakingRecord,
    Participant,
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
            "open_year1_outcomes",
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


class HeldForm(forms.Form):
    """The day a conversation took place and who took part (the student and the
    werkplekbegeleider pre-ticked on the page; the schoolopleider and the instituutsopleider
    when they came)."""

    held = forms.DateField(
        label=_("Gehouden op"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _("Vul een geldige datum in."),
            "required": _("Vul de datum in."),
        },
    )
    participants = forms.MultipleChoiceField(
        label=_("Wie waren erbij?"),
        choices=Participant.choices,
        initial=list(DEFAULT_PARTICIPANTS),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Vink aan wie er bij het gesprek waren."),
            "invalid_choice": _(
                "Kies uit student, werkplekbegeleider, schoolopleider en instituutsopleider."
            ),
        },
    )


class RescheduleForm(forms.Form):
    planned_date = forms.DateField(
        label=gettext_lazy("Nieuwe datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy("Kies een datum."),
            "invalid": gettext_lazy("Vul een geldige datum in."),
        },
    )
