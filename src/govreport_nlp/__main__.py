"""``python -m govreport_nlp``: the same command as ``govreport``."""

import sys

from govreport_nlp.cli import main

sys.exit(main())
