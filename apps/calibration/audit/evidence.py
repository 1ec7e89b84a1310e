"""What the blind second assessor reads: the evidence of one sent judgement, de-identified.

`deidentified_texts(entry)` is the ONE place the audit pages get their texts from. For now it
replaces the names Driehoek knows for the placement (student, werkplekbegeleider,
schoolopleider, instituutsopleider, opleider, slb'er, school) with role tokens and removes
e-mail addresses and phone numbers by pattern. It is the place where the lead swaps in calbank's
pipeline (apps.calibration.exemplars.deidentify) at merge, which also handles colleagues',
pupils' names, student numbers, class codes and dates (criterion 7).

What is shown and what is not (calibration-design.md §3.4): the student's self-reflection and
the mentor's feedback texts (feedback, feed-forward, development made and to make) ARE the
evidence. Never shown: the first judgement, the ticked indicators, the confidence in year 3,
the mentor's motivation and the motivation for "voldaan without confidence" — a motivation is
written to justify the judgement ("daarom voldaan") and would give it away — nor any doubt,
dialogue or final decision."""

import re

from django.utils.translation import gettext as _

from apps.cycle.models import FormEntry

SHOWN_FIELDS = (
    "self_reflection",
    "feedback",
    "feed_forward",
    "development_made",
    "development_to_make",
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<!\w)(\+31|0031|0)[\s-]?(\d[\s-]?){8,10}(?!\w)")


def _tokens(entry: FormEntry) -> list[tuple[str, str]]:
    """(name, token) for everyone Driehoek knows on the placement, longest name first; each
    full name also as its separate parts of three letters or more (a first name alone)."""
    placement = entry.version.form.conversation.placement
    people = [
        (placement.student.user, _("[student]")),
        (placement.werkplekbegeleider, _("[werkplekbegeleider]")),
        (placement.schoolopleider, _("[schoolopleider]")),
        (placement.instituutsopleider, _("[instituutsopleider]")),
        (placement.opleider, _("[opleider]")),
        (placement.studieloopbaanbegeleider, _("[slb'er]")),
    ]
    pairs = [(placement.school.name, _("[school]"))]
    for person, token in people:
        if person is None:
            continue
        names = [person.full_name, *[part for part in person.full_name.split() if len(part) >= 3]]
        pairs += [(name, token) for name in names if name.strip()]
        pairs.append((person.email, token))
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def deidentify(text: str, tokens: list[tuple[str, str]]) -> str:
    text = EMAIL.sub(_("[e-mailadres]"), text)
    text = PHONE.sub(_("[telefoonnummer]"), text)
    for name, token in tokens:
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", token, text, flags=re.IGNORECASE)
    return text


def deidentified_texts(entry: FormEntry) -> dict[str, str]:
    """The evidence fields of `entry` (SHOWN_FIELDS, each only when filled in) with the known
    names replaced by role tokens and e-mail addresses and phone numbers removed. Never the
    judgement, ticks, confidence, motivation or final decision."""
    tokens = _tokens(entry)
    return {
        field: deidentify(getattr(entry, field), tokens)
        for field in SHOWN_FIELDS
        if getattr(entry, field).strip()
    }
