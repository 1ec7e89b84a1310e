"""The handbook's quality rules for what a werkplekbegeleider writes (chapter 2).

Blocking: every judgement has a motivation and next steps, the three steps on PPI and ict
(at the tussenevaluatie "te weinig gezien" is an honest answer), and "voldaan" without
confidence in year 3 is explained. Not blocking: global phrases ("gaat wel goed", "prima",
"goed gedaan") without a concrete example, and a judgement that contradicts the indicators
ticked, get a visible warning.
"""

import re

from django.utils.translation import gettext as _

from apps.cycle.models import ConversationKind, FormEntry, FormVersion, Judgement
from apps.outcomes.models import Assessment
from apps.placements.models import PlacementOutcome

GLOBAL_PHRASES = (
    "gaat wel goed",
    "gaat goed",
    "prima",
    "goed gedaan",
    "ziet er goed uit",
    "netjes",
    "prima gedaan",
    "helemaal goed",
    "niks op aan te merken",
)


# A text counts as concrete when it is long enough to describe a situation, or names one
# (a date, a class, a lesson, "bijvoorbeeld", "toen", ...).
CONCRETE_MARKERS = re.compile(
    r"\d|bijvoorbeeld|bijv\.|zoals|toen|tijdens|in de les|in klas|zag ik|ik zag|observeerde",
    re.IGNORECASE,
)


CONCRETE_MIN_WORDS = 25


def is_global_phrase(text: str) -> bool:
    """True when the text leans on a global judgement without a concrete example."""
    lowered = text.lower()
    if not any(phrase in lowered for phrase in GLOBAL_PHRASES):
        return False
    return len(text.split()) < CONCRETE_MIN_WORDS and not CONCRETE_MARKERS.search(text)


def is_optional_vakdidactiek(entry: FormEntry) -> bool:
    """Handbook 3.6: for the vakdidactiek outcomes the werkplekbegeleider does not judge, "Bij
    de andere vakgroepen kunt u de feedback kwijt in het feedback- en beoordelingsformulier":
    a place for feedback, never a requirement that blocks sending. (Judged ones, biology and
    the pilot, keep the rules of a judgement.)"""
    po = entry.placement_outcome
    return po.subject_outcome_id is not None and not po.wpb_judges


def asks_three_steps(po: PlacementOutcome, *, is_final: bool) -> bool:
    """Whether the wpb writes the three steps (indicators seen, development made, development
    still to make). Handbook ch.2 on PPI and ict, formative in year 2: "Op deze twee
    leeruitkomsten geeft u feedback en feed forward mee", at the tussenevaluatie as well as at
    the eindbeoordeling; at the eindbeoordeling every outcome the wpb does not judge."""
    if is_final:
        return not po.wpb_judges
    outcome = po.outcome
    return outcome is not None and outcome.assessment == Assessment.FORMATIEF and not po.wpb_judges


def may_say_too_little_seen(po: PlacementOutcome, *, is_final: bool) -> bool:
    """Handbook ch.2: "Mocht u het moeilijk vinden om bij de tussenevaluatie al uitspraken te
    doen over deze twee leeruitkomsten omdat u nog weinig gezien hebt, dan kunt u dat benoemen
    in het feedback- en beoordelingsformulier": only at the tussenevaluatie, only there."""
    return not is_final and asks_three_steps(po, is_final=False)


def contradiction_problems(entry: FormEntry, *, is_final: bool) -> tuple[list[str], list[str]]:
    """(errors, warnings) where a judgement contradicts itself (handbook ch.2: "Zorg dat
    feedback, voorbeelden en oordeel consistent zijn").

    Blocking: "voldaan" with no confidence that the student completes it in year 3, without a
    motivation for that combination, since the level includes that confidence ("Daarnaast
    geldt dat de begeleiders (wpb, so en opleiders) voldoende vertrouwen moet hebben dat de
    student deze leeruitkomsten op termijn zelfstandig kan realiseren"). Warnings: "niet
    voldaan" with every indicator ticked, "voldaan" with none. Reads the entry's prefetched
    indicators seen and kijkkader."""
    errors: list[str] = []
    warnings: list[str] = []
    if not (is_final and entry.placement_outcome.wpb_judges and entry.judgement):
        return errors, warnings
    label = entry_label(entry)
    outcome = entry.placement_outcome.outcome
    if (
        entry.judgement == Judgement.VOLDAAN
        and outcome is not None
        and outcome.asks_confidence
        and entry.confidence_year3 is False
        and not entry.combination_motivation.strip()
    ):
        errors.append(
            _(
                "%(o)s: voldaan zonder vertrouwen dat de student de leeruitkomst in jaar 3 "
                "afrondt spreekt het handboek tegen (het niveau omvat dat vertrouwen). Licht "
                "deze combinatie toe, of pas het oordeel of het vertrouwen aan."
            )
            % {"o": label}
        )
    gradable = {i.pk for i in entry.gradable_indicators}
    if gradable:
        seen = {i.pk for i in entry.indicators_seen.all()} & gradable
        if entry.judgement == Judgement.NIET_VOLDAAN and seen == gradable:
            warnings.append(
                _(
                    "%(o)s: niet voldaan, terwijl je alle indicatoren hebt aangevinkt. Klopt "
                    "het oordeel, of de indicatoren?"
                )
                % {"o": label}
            )
        if entry.judgement == Judgement.VOLDAAN and not seen:
            warnings.append(
                _(
                    "%(o)s: voldaan, terwijl je geen enkele indicator hebt aangevinkt. Vink aan "
                    "wat je hebt gezien."
                )
                % {"o": label}
            )
    return errors, warnings


def entry_label(entry: FormEntry) -> str:
    return str(entry.placement_outcome)


def send_problems(
    version: FormVersion, entries: list[FormEntry] | None = None
) -> tuple[list[str], list[str]]:
    """(errors that block sending, warnings that do not) for this version's entries.

    Pass the entries when the caller has them loaded already (with their outcomes)."""
    errors: list[str] = []
    warnings: list[str] = []
    is_final = version.form.conversation.kind == ConversationKind.EINDBEOORDELING
    if entries is None:
        entries = list(
            version.entries.select_related(
                "placement_outcome__outcome", "placement_outcome__subject_outcome"
            ).prefetch_related(
                "indicators_seen", "placement_outcome__outcome__dimensions__indicators"
            )
        )
    for entry in entries:
        label = entry_label(entry)
        outcome = entry.placement_outcome.outcome
        if is_optional_vakdidactiek(entry):
            continue
        too_little = entry.too_little_seen and may_say_too_little_seen(
            entry.placement_outcome, is_final=is_final
        )
        if not entry.feedback.strip() and not too_little:
            errors.append(_("%(o)s: schrijf feedback met een concreet voorbeeld.") % {"o": label})
        if not entry.feed_forward.strip():
            errors.append(_("%(o)s: noem de volgende haalbare ontwikkelstappen.") % {"o": label})
        if is_final and entry.placement_outcome.wpb_judges:
            if not entry.judgement:
                errors.append(_("%(o)s: kies voldaan of niet voldaan.") % {"o": label})
            if not entry.motivation.strip():
                errors.append(_("%(o)s: geef een korte motivatie bij het oordeel.") % {"o": label})
            if outcome is not None and outcome.asks_confidence and entry.confidence_year3 is None:
                errors.append(
                    _("%(o)s: geef aan of er voldoende vertrouwen is in afronding in jaar 3.")
                    % {"o": label}
                )
        elif asks_three_steps(entry.placement_outcome, is_final=is_final) and not too_little:
            if not entry.development_made.strip():
                errors.append(
                    _("%(o)s: beschrijf de ontwikkeling die is doorgemaakt.") % {"o": label}
                )
            if not entry.development_to_make.strip():
                errors.append(
                    _("%(o)s: beschrijf de ontwikkeling die nog gemaakt moet worden.")
                    % {"o": label}
                )
        more_errors, more_warnings = contradiction_problems(entry, is_final=is_final)
        errors += more_errors
        warnings += more_warnings
        for field in ("feedback", "motivation", "development_made"):
            text = getattr(entry, field)
            if text and is_global_phrase(text):
                warnings.append(
                    _(
                        "%(o)s: “%(t)s” is een algemeen oordeel. Beschrijf wat je concreet zag, "
                        "met een voorbeeld."
                    )
                    % {"o": label, "t": text.strip()[:60]}
                )
    return errors, warnings
