"""``python -m migbot``: the same as the ``migbot`` command."""

import sys

from migbot.cli import main

sys.exit(main())
