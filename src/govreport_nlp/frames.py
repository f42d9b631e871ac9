"""The pandas adapter under its public name: ``govreport_nlp.frames.panel(reports)``,
``govreport_nlp.frames.to_dataframe(reports)``.

It lives in ``deliver/frames.py`` with the other adapters; this module keeps the name users
import (the flat layout had it at the top) so their code survives the package's layout.
"""

from .deliver.frames import *  # noqa: F403  (the adapter's public names, nothing else)
from .deliver.frames import __all__ as __all__
