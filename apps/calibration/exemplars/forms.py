from django import forms
from django.utils.translation import gettext_lazy as _

from apps.calibration.exemplars.deidentify import TEXT_FIELDS
from apps.calibration.models import ConsentDecision, Exemplar, ExemplarState
from apps.core.concurrency import LockForm
from apps.cycle.models import ConversationKind, Judgement
from apps.outcomes.models import Indicator, LearningOutcome
from apps.placements.models import SchoolType, StudyMode

TEXT_LABELS = {f: Exemplar._meta.get_field(f).verbose_name for f in TEXT_FIELDS}
CONFIDENCE = [("", _("Niet van toepassing")), ("ja", _("Ja")), ("nee", _("Nee"))]


def confidence_value(value: str) -> bool | None:
    return {"ja": True, "nee": False}.get(value)


def confidence_initial(value: bool | None) -> str:
    return {True: "ja", False: "nee"}.get(value, "")


class ConsentForm(forms.Form):
    """Nothing is chosen beforehand: the person picks one."""

    decision = forms.ChoiceField(
        label=_("Jouw besluit"),
        choices=ConsentDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of je toestemming geeft of niet.")},
    )


class PrepareForm(forms.Form):
    title = forms.CharField(
        label=_("Titel van het voorbeeld"),
        max_length=200,
        help_text=_("Zonder namen, bijvoorbeeld: 'Grensgeval klassenmanagement, jaar 2'."),
    )
    other_names = forms.CharField(
        label=_("Andere namen (collega's, leerlingen)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Eén naam per regel of gescheiden door komma's. De namen van de student, de "
            "begeleiders en de school vervangt Driehoek zelf."
        ),
    )
    reference_annotation = forms.CharField(
        label=_("Toelichting bij de referentie"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Waarom dit op, boven of onder de cesuur ligt."),
    )


class ConstructForm(forms.Form):
    title = forms.CharField(label=_("Titel van het voorbeeld"), max_length=200)
    outcome = forms.ModelChoiceField(
        label=_("Leeruitkomst"), queryset=LearningOutcome.objects.none()
    )
    moment = forms.ChoiceField(
        label=_("Moment"),
        choices=[
            (ConversationKind.EINDBEOORDELING.value, ConversationKind.EINDBEOORDELING.label),
            (ConversationKind.TUSSENEVALUATIE.value, ConversationKind.TUSSENEVALUATIE.label),
        ],
    )
    study_year = forms.IntegerField(label=_("Studiejaar"), min_value=1, max_value=4, initial=2)
    track = forms.ChoiceField(label=_("Variant"), choices=StudyMode.choices)
    school_type = forms.ChoiceField(
        label=_("Schooltype"),
        choices=[("", _("Onbekend")), *SchoolType.choices],
        required=False,
    )
    subject = forms.CharField(
        label=_("Vak"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld: Geschiedenis. Leeg: niet vermeld."),
    )
    judgement = forms.ChoiceField(label=_("Referentieoordeel"), choices=Judgement.choices)
    confidence_year3 = forms.ChoiceField(
        label=_("Voldoende vertrouwen in afronding in jaar 3"), choices=CONFIDENCE, required=False
    )
    reference_annotation = forms.CharField(
        label=_("Toelichting bij de referentie"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = LearningOutcome.objects.current()
        for field in TEXT_FIELDS:
            self.fields[field] = forms.CharField(
                label=TEXT_LABELS[field], required=False, widget=forms.Textarea(attrs={"rows": 4})
            )


class ReviewForm(LockForm):
    title = forms.CharField(label=_("Titel van het voorbeeld"), max_length=200)

    def __init__(self, *args, hits=(), **kwargs):
        super().__init__(*args, **kwargs)
        for field in TEXT_FIELDS:
            self.fields[field] = forms.CharField(
                label=TEXT_LABELS[field], required=False, widget=forms.Textarea(attrs={"rows": 5})
            )
        open_hits = [(i, h) for i, h in enumerate(hits) if not h.get("resolution")]
        self.fields["harmless"] = forms.TypedMultipleChoiceField(
            label=_("Gevoelige woorden die onschadelijk zijn"),
            choices=[
                (i, f"{h['word']} ({TEXT_LABELS.get(h['field'], h['field'])})")
                for i, h in open_hits
            ],
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_(
                "Vink alleen aan wat je hebt gelezen en onschadelijk vindt. Verwijder anders "
                "de passage uit de tekst hierboven."
            ),
        )


class ReferenceForm(LockForm):
    reference_judgement = forms.ChoiceField(label=_("Referentieoordeel"), choices=Judgement.choices)
    reference_confidence_year3 = forms.ChoiceField(
        label=_("Voldoende vertrouwen in afronding in jaar 3"), choices=CONFIDENCE, required=False
    )
    reference_indicators = forms.ModelMultipleChoiceField(
        label=_("Relevante indicatoren"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reference_annotation = forms.CharField(
        label=_("Toelichting bij de referentie"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reason = forms.CharField(
        label=_("Reden van de wijziging"),
        max_length=300,
        required=False,
        help_text=_("Bijvoorbeeld: 'afspraak kalibratiesessie 12 maart'."),
    )

    def __init__(self, *args, outcome=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference_indicators"].queryset = Indicator.objects.filter(
            dimension__outcome=outcome
        ).order_by("dimension__position", "position")


class BankFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle"))] + ExemplarState.choices, required=False
    )
    outcome = forms.ModelChoiceField(
        label=_("Leeruitkomst"),
        queryset=LearningOutcome.objects.all(),
        required=False,
        empty_label=_("Alle"),
    )
