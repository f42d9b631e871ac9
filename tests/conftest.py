from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
needs_shared = pytest.mark.skipif(not (SHARED / "corpora").is_dir(),
                                  reason="../shared (corpora, gold) is not beside the project")
