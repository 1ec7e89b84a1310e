"""The handbook's quality rules for what a werkplekbegeleider writes (chapter 2).

Blocking: every judgement has a motivation and next steps. Not blocking: global phrases
("gaat wel goed", "prima", "goed gedaan") without a concrete example get a visible warning.
"""

import re

from django.utils.translation import gettext as _

from apps.cycle.models import ConversationKind, FormEntry, FormVersion

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
            )
        )
    for entry in entries:
        label = entry_label(entry)
        outcome = entry.placement_outcome.outcome
        if is_optional_vakdidactiek(entry):
            continue
        if not entry.feedback.strip():
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
        elif is_final:
            if not entry.development_made.strip():
                errors.append(
                    _("%(o)s: beschrijf de ontwikkeling die is doorgemaakt.") % {"o": label}
                )
            if not entry.development_to_make.strip():
                errors.append(
                    _("%(o)s: beschrijf de ontwikkeling die nog gemaakt moet worden.")
                    % {"o": label}
                )
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
