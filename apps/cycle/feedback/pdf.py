"""The feedback- en beoordelingsformulier as a PDF.

An ordinary template with print CSS, rendered by WeasyPrint. The renderer reads nothing but
our own static files (stylesheet and fonts): no other local file and no network, so text that
people typed into the form can never make the server fetch anything. A sent version never
changes, so its PDF is rendered once and stored; a version still being worked on is rendered
on every request and marked as a draft.
"""

import hashlib
import logging
from itertools import groupby
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Prefetch

from apps.core.pdf import render_template_pdf
from apps.cycle.feedback.rules import asks_three_steps
from apps.cycle.models import (
    ConversationKind,
    Disagreement,
    DisagreementStatus,
    FormEntry,
    FormVersion,
)
from apps.cycle.observations.selectors import observations_of_version
from apps.outcomes.models import Indicator, KijkkaderDimension
from apps.placements.models import outcome_order

TEMPLATE = "cycle/feedback/pdf/form.html"

logger = logging.getLogger(__name__)


def _load(version: FormVersion) -> FormVersion:
    """The version with everything the PDF shows, in 7 queries (8 with the observations the
    version rests on, read in `_context`) whatever the number of
    outcomes: the version with its form, conversation, placement and people (1), the
    placement's periods (2), the entries with their outcomes in the placement's order (3), the
    indicators seen with their dimension (4), the kijkkader dimensions (5) and indicators (6),
    and the disagreements about the judgements (7)."""
    placement = "form__conversation__placement"
    entries = (
        FormEntry.objects.select_related(
            "placement_outcome__outcome", "placement_outcome__subject_outcome"
        )
        .prefetch_related(
            Prefetch(
                "indicators_seen",
                queryset=Indicator.objects.select_related("dimension").order_by(
                    "dimension__position", "dimension_id", "position"
                ),
            ),
            Prefetch(
                "placement_outcome__outcome__dimensions",
                queryset=KijkkaderDimension.objects.prefetch_related("indicators"),
            ),
            Prefetch(
                "disagreements",
                queryset=Disagreement.objects.select_related(
                    "raised_by", "escalated_by", "resolved_by"
                ).order_by("raised_at", "id"),
            ),
        )
        .order_by(*outcome_order("placement_outcome__"), "id")
    )
    return (
        FormVersion.objects.select_related(
            "sent_by",
            f"{placement}__student__user",
            f"{placement}__student__programme__institute",
            f"{placement}__school",
            f"{placement}__werkplekbegeleider",
            f"{placement}__schoolopleider",
            f"{placement}__instituutsopleider",
        )
        .prefetch_related(f"{placement}__periods", Prefetch("entries", queryset=entries))
        .get(pk=version.pk)
    )


def _row(entry: FormEntry, *, is_final: bool) -> dict:
    """What the template shows for one outcome."""
    po = entry.placement_outcome
    seen = list(entry.indicators_seen.all())
    disagreements = list(entry.disagreements.all())
    resolved = [d for d in disagreements if d.status != DisagreementStatus.OPEN]
    return {
        "entry": entry,
        "outcome": po.outcome,
        "subject_outcome": po.subject_outcome,
        "seen_by_dimension": [
            (dimension, list(indicators))
            for dimension, indicators in groupby(seen, key=lambda i: i.dimension)
        ],
        "judged": is_final and po.wpb_judges,
        "formative": asks_three_steps(po, is_final=is_final),
        "asks_confidence": po.outcome is not None and po.outcome.asks_confidence,
        "open_disagreement": any(d.status == DisagreementStatus.OPEN for d in disagreements),
        "decision": resolved[-1] if resolved else None,
        "disagreements": disagreements,
    }


def _context(version: FormVersion, *, show_reflection: bool, show_feedback: bool) -> dict:
    conversation = version.form.conversation
    placement = conversation.placement
    is_final = conversation.kind == ConversationKind.EINDBEOORDELING
    rows = [_row(entry, is_final=is_final) for entry in version.entries.all()]
    return {
        "version": version,
        "conversation": conversation,
        "placement": placement,
        "periods": list(placement.periods.all()),
        "rows": rows,
        "kijkkaders": [row["outcome"] for row in rows if row["outcome"] is not None],
        # The lesson observations whose indicators were taken over into this version (query 8).
        "observations": observations_of_version(version),
        "show_reflection": show_reflection,
        "show_feedback": show_feedback,
        "static_url": urlsplit(settings.STATIC_URL).path,
    }


def render_form_pdf(
    version: FormVersion, *, show_reflection: bool = True, show_feedback: bool = True
) -> bytes:
    """Render the version as an A4 PDF, always in Dutch (a stored PDF is shared by everyone).

    A version that is not sent carries a draft mark on every page. `show_reflection` and
    `show_feedback` let the caller leave out parts that the reader may not see yet on a draft
    (the web form's rules); a sent version always shows everything."""
    version = _load(version)
    if version.is_sent:
        show_reflection = show_feedback = True
    return render_template_pdf(
        TEMPLATE, _context(version, show_reflection=show_reflection, show_feedback=show_feedback)
    )


def stored_pdf_name(version: FormVersion) -> str:
    return f"formulier-{version.pk}-v{version.number}.pdf"


def pdf_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored_pdf_bytes(version: FormVersion) -> bytes | None:
    """The stored PDF's bytes, or None when there is none or its file has gone missing."""
    if not version.pdf:
        return None
    try:
        with version.pdf.open("rb") as stored:
            return stored.read()
    except FileNotFoundError:
        return None


def form_version_pdf(
    version: FormVersion, *, show_reflection: bool = True, show_feedback: bool = True
) -> bytes:
    """The PDF of a version. A sent version is rendered once and stored in `version.pdf`,
    with its sha256; later calls read the stored file when it still has that hash. A file
    that has gone missing or has no recorded hash is rendered and stored again; a file whose
    hash no longer matches (overwritten, or swapped for another version's) is never served:
    it is logged and left in place for `verify_integrity`, and the PDF is rendered from the
    database. A version that is not sent can still change, so it is rendered every time."""
    if not version.is_sent:
        return render_form_pdf(
            version, show_reflection=show_reflection, show_feedback=show_feedback
        )
    data = stored_pdf_bytes(version)
    if data is not None and version.pdf_sha256:
        if pdf_sha256(data) == version.pdf_sha256:
            return data
        logger.error("Opgeslagen pdf van formulierversie %s wijkt af van zijn sha256", version.pk)
        return render_form_pdf(version)
    data = render_form_pdf(version)
    version.pdf.save(stored_pdf_name(version), ContentFile(data), save=False)
    version.pdf_sha256 = pdf_sha256(data)
    version.save(update_fields=["pdf", "pdf_sha256"])
    return data
