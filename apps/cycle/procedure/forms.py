"""Forms of the assessment procedure: doubt, dialogue, decision, concern, termination, maatwerk."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.cycle.common import MAX_TEXT, TEXT_ERRORS
from apps.cycle.models import DoubtCategory, Judgement
from apps.outcomes.models import LearningOutcome, SubjectOutcome
from apps.placements.models import TerminationReason


def long_text(
    label: str, rows: int = 4, required: bool = True, help_text: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        help_text=help_text,
        error_messages={**TEXT_ERRORS, "required": _("Dit veld is verplicht.")},
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class DoubtForm(forms.Form):
    """Raised on the form page; "steekproef" is left to the audit sample."""

    category = forms.ChoiceField(
        label=_("Wat voor twijfel is het?"),
        choices=[(v, label) for v, label in DoubtCategory.choices if v != DoubtCategory.AUDIT],
        error_messages={"required": _("Kies wat voor twijfel het is.")},
    )
    indicator = forms.IntegerField(required=False)
    reason = long_text(_("Waarom twijfel je aan dit oordeel?"), 3)


class MessageForm(forms.Form):
    text = long_text(_("Bericht"), 3)


class EscalateForm(forms.Form):
    note = long_text(_("Waarom komen jullie er samen niet uit?"), 3)


AGREED = ("overeenstemming", _("We zijn het eens geworden"))
DECIDED = ("besluit", _("Geen overeenstemming: de instituutsopleider besluit"))


class ResolveForm(forms.Form):
    """How the dialogue ends. The sides of the dialogue record an agreement; the
    instituutsopleider who was brought in decides (`choices` says which this person may)."""

    outcome = forms.ChoiceField(
        label=_("Hoe is het gesprek afgerond?"),
        choices=[AGREED, DECIDED],
        widget=forms.RadioSelect,
    )
    judgement = forms.ChoiceField(
        label=_("Oordeel"),
        choices=Judgement.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies voldaan of niet voldaan.")},
    )
    rationale = long_text(_("Onderbouwing"), 4)

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if choices is not None:
            self.fields["outcome"].choices = choices


class ConcernForm(forms.Form):
    placement_outcome = forms.TypedChoiceField(label=_("Leeruitkomst"), coerce=int)
    text = long_text(_("Wat is je zorg?"), 4, help_text=_("Beschrijf concreet wat je ziet."))

    def __init__(self, *args, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = {o.pk: o for o in outcomes}
        self.fields["placement_outcome"].choices = [(o.pk, str(o)) for o in outcomes]


class AcknowledgeForm(forms.Form):
    agreement = long_text(_("Wat is er afgesproken?"), 4)


class TerminationForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reden"), choices=TerminationReason.choices, widget=forms.RadioSelect
    )
    explanation = long_text(_("Toelichting"), 5)


class DecisionForm(forms.Form):
    """The intended decision, after consulting student, werkplekbegeleider and slb'er."""

    consulted_student = forms.BooleanField(label=_("De student is gehoord"), required=False)
    consulted_wpb = forms.BooleanField(label=_("De werkplekbegeleider is gehoord"), required=False)
    consulted_slb = forms.BooleanField(
        label=_("De studieloopbaanbegeleider (slb'er) is gehoord"), required=False
    )
    consultation = long_text(_("Uit het overleg"), 3, required=False)
    terminate = forms.TypedChoiceField(
        label=_("Besluit"),
        choices=[("ja", _("De stage wordt beëindigd")), ("nee", _("De stage gaat door"))],
        coerce=lambda v: v == "ja",
        widget=forms.RadioSelect,
    )
    note = long_text(_("Besluit en afspraken"), 4)
    plan = long_text(_("Plan voor de student"), 3, required=False)


# "wpb beoordeelt" starts from the handbook's rule per outcome (ch.1, `wpb_judgement_needed`);
# the instituutsopleider may choose otherwise.
BY_HANDBOOK = ""


class ConfirmForm(forms.Form):
    agree = forms.TypedChoiceField(
        label=_("Het voorgenomen besluit"),
        choices=[("ja", _("Ik bevestig het besluit")), ("nee", _("Ik deel het besluit niet"))],
        coerce=lambda v: v == "ja",
        widget=forms.RadioSelect,
    )
    note = long_text(_("Toelichting"), 3, required=False)


class MaatwerkForm(forms.Form):
    outcome = forms.ModelChoiceField(
        label=_("Leeruitkomst"),
        queryset=LearningOutcome.objects.none(),
        error_messages={"invalid_choice": _("Kies een leeruitkomst uit de lijst.")},
    )
    reason = long_text(_("Reden"), 3)
    wpb_judges = forms.TypedChoiceField(
        label=_("Beoordeelt de werkplekbegeleider deze leeruitkomst?"),
        choices=[
            (BY_HANDBOOK, _("Zoals het handboek het per leeruitkomst zegt")),
            ("ja", _("Ja")),
            ("nee", _("Nee")),
        ],
        coerce=lambda v: {"ja": True, "nee": False}.get(v),
        empty_value=None,
        required=False,
        help_text=_("De regel van het handboek staat hieronder bij elke leeruitkomst uit jaar 1."),
    )

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
        taken = placement.outcomes.exclude(outcome=None).values("outcome_id")
        self.fields["outcome"].queryset = LearningOutcome.objects.current().exclude(pk__in=taken)


class OutcomeChoiceForm(forms.Form):
    """Pilot membership, the year-2 choice and the entry condition of one placement."""

    pilot = forms.BooleanField(
        label=_("De student doet mee aan de pilot vakdidactiek"), required=False
    )
    year_two = forms.ModelMultipleChoiceField(
        label=_("Vakdidactiek in jaar 2 (kies er twee)"),
        queryset=SubjectOutcome.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    professional_attitude = forms.TypedChoiceField(
        label=_("Professionele houding (Oriëntatie op Beroep) behaald"),
        choices=[("", _("Onbekend")), ("ja", _("Ja")), ("nee", _("Nee"))],
        coerce=lambda v: {"ja": True, "nee": False}.get(v),
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, placement, **kwargs):
        attitude = {True: "ja", False: "nee"}.get(placement.professional_attitude, "")
        kwargs.setdefault(
            "initial",
            {
                "pilot": placement.pilot,
                "year_two": list(placement.year_two_subject_outcomes.all()),
                "professional_attitude": attitude,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["year_two"].queryset = placement.student.programme.subject_outcomes.filter(
            split_over_years=True
        )


class EntryExceptionForm(forms.Form):
    reason = long_text(_("Uitzondering en reden"), 3)

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
