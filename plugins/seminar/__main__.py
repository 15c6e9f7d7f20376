"""Allow `python -m seminar`."""

from __future__ import annotations

import sys

from seminar.cli import main

sys.exit(main())
