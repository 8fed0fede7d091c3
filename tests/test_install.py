"""A plain (non-editable) install finds the shipped layouts and the bundled course."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _wheel(tmp_path: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
        text=True,
    )
    (wheel,) = tmp_path.glob("histdocs-*.whl")
    return wheel


def test_wheel_carries_layouts_and_course_and_they_are_found(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path / "dist")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped_layouts = sorted(p.name for p in (REPO / "layouts").glob("*.yaml"))
    assert shipped_layouts, "the repository ships layouts"
    for name in shipped_layouts:
        assert f"histdocs/layouts/{name}" in names
    for face in ("NotoSans-Regular.ttf", "NotoSerif-BoldItalic.ttf", "OFL.txt", "sources.json"):
        assert f"histdocs/faces/{face}" in names  # the bundled fonts ship in the wheel
    course_files = sorted(p.name for p in (REPO / "data" / "azerbaijan-1988-1994").glob("*.yaml"))
    assert "course.yaml" in course_files
    for name in course_files:
        assert f"histdocs/data/azerbaijan-1988-1994/{name}" in names

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "import histdocs, histdocs.resources as r, histdocs.layouts as l\n"
        "assert str(r.layouts_dir()).startswith(%r), r.layouts_dir()\n"
        "c = histdocs.load_course(r.bundled_course())\n"
        "print(c.id, len(c.events), sorted(i.name for i in l.list_layouts()))\n"
    ) % str(site)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("azerbaijan-1988-1994 ")
    for name in shipped_layouts:
        assert name.removesuffix(".yaml") in run.stdout
