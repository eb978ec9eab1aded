"""``python -m backlearn ...``: the same as the ``backlearn`` command (``python -m backlearn app`` serves the app)."""

import sys

from backlearn.cli import main

sys.exit(main())
