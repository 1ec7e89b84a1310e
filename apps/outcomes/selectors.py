"""Reads of the outcomes' reference data that other apps share."""

from apps.outcomes.models import DecisionRule


def current_decision_rules():
    """The beslisregels in force: not retired, newest version first."""
    return DecisionRule.objects.filter(retired_at__isnull=True).order_by(
        "outcome", "indicator", "-version"
    )
