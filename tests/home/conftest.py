# The dashboards read the feedback cycle: they use its placement fixtures.
from tests.cycle.conftest import cycle_placement, eind, outcomes, tussen  # noqa: F401
