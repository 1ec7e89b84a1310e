"""What the blind second assessor reads: the evidence of one sent judgement, de-identified.

`deidentified_texts(entry)` is the one place the audit pages get their texts from. It runs the
exemplar bank's pipeline (apps.calibration.exemplars.deidentify): the names Driehoek knows for
the placement become role tokens, and e-mail addresses, phone numbers, student numbers, class
codes, dates and URLs are removed (criterion 7).

What is shown and what is not (calibration-design.md §3.4): the student's self-reflection and
the mentor's feedback texts (feedback, feed-forward, development made and to make) ARE the
evidence. Never shown: the first judgement, the ticked indicators, the confidence in year 3,
the mentor's motivation and the motivation for "voldaan without confidence" — a motivation is
written to justify the judgement ("daarom voldaan") and would give it away — nor any doubt,
dialogue or final decision."""

from apps.calibration.exemplars.deidentify import deidentify_entry
from apps.cycle.models import FormEntry

SHOWN_FIELDS = (
    "self_reflection",
    "feedback",
    "feed_forward",
    "development_made",
    "development_to_make",
)


def deidentified_texts(entry: FormEntry) -> dict[str, str]:
    """The evidence fields of `entry` (SHOWN_FIELDS, each only when filled in), de-identified.
    Never the judgement, ticks, confidence, motivation or final decision."""
    texts = deidentify_entry(entry)
    return {field: texts[field] for field in SHOWN_FIELDS if getattr(entry, field).strip()}
