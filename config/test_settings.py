"""Settings for the test suite: the real settings, only faster (hasher, mail in memory)."""

import os

os.environ["DRIEHOEK_TESTING"] = "1"

from config.settings import *  # noqa: E402, F403
