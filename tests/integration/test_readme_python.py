"""The README's Python session runs as written (doctest of its ```python blocks).

The expected outputs in the README were printed by baiterek itself; a change in any of them
(a payload, a window, a TLE line) fails here, and the README must then be brought up to date.
"""

import doctest
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _python_blocks(text: str) -> str:
    return "\n".join(re.findall(r"```python\n(.*?)```", text, flags=re.S))


def test_readme_python_session(tmp_path, monkeypatch):
    source = _python_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    assert ">>> import baiterek" in source
    # run where the README says (the repository root's examples/), writing into a scratch dir
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    parser = doctest.DocTestParser()
    test = parser.get_doctest(source, {}, "README.md", str(ROOT / "README.md"), 0)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    runner = doctest.DocTestRunner(optionflags=flags)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted >= 10
    assert result.failed == 0, f"{result.failed} README examples failed (printed above)"
    assert (tmp_path / "out" / "orbit" / "summary.json").is_file()
