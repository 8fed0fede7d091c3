"""reportlab's C accelerator (the rl_accel dependency) is installed and used, and changes no byte."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

COURSE = Path(__file__).resolve().parent / "cases" / "rome"

_DRAW = """
import sys
if sys.argv[1] == "python":
    sys.modules["_rl_accel"] = None  # as without the accelerator: reportlab's Python fallbacks
import reportlab.lib.rl_accel as accel
import histdocs
from histdocs.layouts import load_layout
from histdocs.render.pdf import handout_pdf
print(accel.fp_str.__module__, file=sys.stderr)
course = histdocs.load_course(sys.argv[2])
sys.stdout.buffer.write(handout_pdf(course, None, load_layout("handout-a4", kind="handout")))
"""


def test_reportlab_uses_its_c_accelerator() -> None:
    import reportlab.lib.rl_accel as accel

    assert accel.fp_str.__module__ == "_rl_accel"
    assert accel.instanceStringWidthTTF.__module__ == "_rl_accel"


def test_the_accelerator_changes_no_byte_of_a_handout() -> None:
    runs = {}
    for mode in ("c", "python"):
        run = subprocess.run([sys.executable, "-c", _DRAW, mode, str(COURSE)], capture_output=True, check=True,
                             env={"SOURCE_DATE_EPOCH": "1700000000", "PATH": ""})
        runs[mode] = run
    assert runs["c"].stderr.decode().strip() == "_rl_accel"
    assert runs["python"].stderr.decode().strip() == "reportlab.lib.rl_accel"
    assert runs["c"].stdout[:5] == b"%PDF-" and runs["c"].stdout == runs["python"].stdout
