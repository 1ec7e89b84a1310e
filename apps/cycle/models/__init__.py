from apps.cycle.models.feedback import *  # noqa: F403
from apps.cycle.models.feedback import FORM_KINDS  # noqa: F401
