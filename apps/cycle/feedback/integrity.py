"""Integrity of sent forms: their content still matches the fingerprint taken when sent."""

from django.db.models import Prefetch

from apps.cycle.feedback.services import form_version_fingerprint
from apps.cycle.models import FormEntry, FormState, FormVersion

BATCH = 500


def mismatched_versions() -> tuple[int, list[FormVersion]]:
    """(number checked, versions whose content no longer matches their fingerprint).

    Reads in batches with prefetched entries so the check costs a few queries per batch."""
    versions = FormVersion.objects.filter(state=FormState.SENT).order_by("pk")
    checked, bad = 0, []
    last_pk = 0
    while True:
        batch = list(
            versions.filter(pk__gt=last_pk)
            .select_related("form__conversation")
            .prefetch_related(
                Prefetch("entries", queryset=FormEntry.objects.prefetch_related("indicators_seen"))
            )[:BATCH]
        )
        if not batch:
            return checked, bad
        for version in batch:
            checked += 1
            if form_version_fingerprint(version) != version.fingerprint:
                bad.append(version)
        last_pk = batch[-1].pk
