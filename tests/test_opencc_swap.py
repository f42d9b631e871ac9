"""The conversion layer works with either ``opencc`` module.

The official C++ binding (``pip install opencc``) has the same module name as the
pure-Python ``opencc-python-reimplemented`` but takes ``"t2s.json"`` where the latter takes
``"t2s"`` and ships no text dictionaries.  A stand-in with exactly that interface is put first
on ``sys.path`` in a child interpreter, so the test needs neither package swapped.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

CPP_LIKE_OPENCC = '''
"""Stand-in for the C++ opencc binding: config names end in .json, no dictionary files."""
import importlib.util

# the pure-Python implementation, loaded from its own file under another name
_real = importlib.util.spec_from_file_location("_real_opencc", {real!r})
_module = importlib.util.module_from_spec(_real)
_real.loader.exec_module(_module)


class OpenCC:
    def __init__(self, config="t2s.json"):
        if not config.endswith(".json"):
            raise ValueError(f"no such config file: {{config}}")
        self._inner = _module.OpenCC(config[:-5])
        self.calls = 0

    def convert(self, text):
        return self._inner.convert(text)
'''


def test_normalise_runs_on_the_cpp_binding_interface(tmp_path: Path) -> None:
    spec = importlib.util.find_spec("opencc")
    if spec is None or spec.origin is None or spec.submodule_search_locations is None:
        pytest.skip("no opencc package to wrap")
    real_dir = str(Path(spec.origin).parent)
    if not (Path(real_dir) / "dictionary").is_dir() or not (Path(real_dir) / "opencc.py").is_file():
        pytest.skip("the installed opencc already is the C++ binding")
    fake = tmp_path / "opencc"
    fake.mkdir()
    (fake / "__init__.py").write_text(
        CPP_LIKE_OPENCC.format(real=str(Path(real_dir) / "opencc.py")), encoding="utf-8"
    )
    probe = textwrap.dedent(
        """
        import json, sys
        import opencc
        from govreport_nlp.text.normalise import normalise
        result = normalise("補充完善近500條涉及百姓日常生活的各類資訊，服務廣大民眾")
        print(json.dumps({"module": opencc.__file__, "text": result.text,
                          "span": result.original_span(4, 11)}, ensure_ascii=False))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["module"].startswith(str(tmp_path))
    assert answer["text"] == "补充完善近500条涉及百姓日常生活的各类信息，服务广大群众"
    assert answer["span"] == "近500條涉及"
