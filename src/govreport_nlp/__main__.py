"""``python -m govreport_nlp``: the same command as ``govreport``."""

import sys

from govreport_nlp.cli import main

if __name__ == "__main__":  # importing the module (tools that walk the package) runs nothing
    sys.exit(main())
