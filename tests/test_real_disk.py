"""Issue 8.1 and 8.7 on a real small disk: a full disk, no free file entries, a read-only disk.

Each case mounts a tiny tmpfs in a private mount namespace (`unshare --user --map-root-user
--mount`, no privileges needed where user namespaces are allowed; skipped where they are not),
writes an 'earlier build' there, runs `histdocs build` through `main()` and checks the exit
status, the exact message, and that the earlier files are byte-for-byte as they were.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CASES, REPO

ROME = CASES / "rome"

INSIDE = r"""
import contextlib, hashlib, io, json, os, subprocess, sys
mnt, rome, case = sys.argv[1:4]
out = os.path.join(mnt, "out")
names = ["handouts/02-civil-war.pdf", "decks/02-civil-war.pptx"]
for name in names:
    os.makedirs(os.path.dirname(os.path.join(out, name)), exist_ok=True)
    with open(os.path.join(out, name), "wb") as f:
        f.write(b"earlier build: " + name.encode())

def listing():
    found = {}
    for folder, _, files in os.walk(out):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                found[os.path.relpath(path, out)] = hashlib.sha256(f.read()).hexdigest()
    return found

os.makedirs(os.path.join(mnt, "filler"))
if case == "disk-full":  # leave room for the handout (70 kB) but not also for the deck (93 kB)
    room = os.statvfs(mnt).f_bavail * os.statvfs(mnt).f_frsize - 110_000
    with open(os.path.join(mnt, "filler", "big"), "wb") as f:
        f.write(b"\0" * max(room, 0))
elif case == "no-inodes":  # leave one free file entry: the handout's temporary file takes it
    n = 0
    while os.statvfs(mnt).f_ffree > 1:
        open(os.path.join(mnt, "filler", str(n)), "wb").close()
        n += 1
elif case == "read-only":
    subprocess.run(["mount", "-o", "remount,ro", mnt], check=True)
before = listing()
from histdocs.cli import main
err = io.StringIO()
with contextlib.redirect_stderr(err):
    status = main(["build", rome, "-o", out, "--period", "civil-war", "-q"])
print(json.dumps({"status": status, "err": err.getvalue(), "before": before, "after": listing(), "out": out}))
"""


def _namespaces_allowed() -> bool:
    if not shutil.which("unshare") or not shutil.which("mount"):
        return False
    probe = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                            "mount -t tmpfs -o size=64k tmpfs /mnt 2>/dev/null || mount -t tmpfs -o size=64k tmpfs /tmp"],
                           capture_output=True, timeout=60)
    return probe.returncode == 0


pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or not _namespaces_allowed(),
                                reason="needs Linux user and mount namespaces (unshare) to mount a small tmpfs")


def _build_on_tmpfs(tmp_path: Path, case: str, options: str) -> dict[str, object]:
    from histdocs.fonts import BUNDLED_FAMILIES, font_family

    for name in BUNDLED_FAMILIES:  # any font cache lives outside the small disk: fill it first
        font_family(name)
    mnt = tmp_path / "disk"
    mnt.mkdir()
    script = tmp_path / "inside.py"
    script.write_text(INSIDE)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src")
    result = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
         f'mount -t tmpfs -o {options} tmpfs "$1" && exec "$2" "$3" "$1" "$4" "$5"', "sh",
         str(mnt), sys.executable, str(script), str(ROME), case],
        capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_a_full_disk_half_way_keeps_the_earlier_set(tmp_path: Path) -> None:
    seen = _build_on_tmpfs(tmp_path, "disk-full", "size=1m")
    assert seen["status"] == 3
    assert seen["err"] == (
        f"histdocs build: cannot write {seen['out']}/decks/02-civil-war.pptx: no space left on the disk "
        "(no free blocks or no free file entries); free some space or delete files you no longer need, then run again\n")
    assert seen["after"] == seen["before"]


def test_no_free_file_entries_keeps_the_earlier_set(tmp_path: Path) -> None:
    seen = _build_on_tmpfs(tmp_path, "no-inodes", "size=4m,nr_inodes=64")
    assert seen["status"] == 3
    assert seen["err"] == (
        f"histdocs build: cannot write {seen['out']}/decks/02-civil-war.pptx: no space left on the disk "
        "(no free blocks or no free file entries); free some space or delete files you no longer need, then run again\n")
    assert seen["after"] == seen["before"]


def test_a_read_only_disk_is_named(tmp_path: Path) -> None:
    seen = _build_on_tmpfs(tmp_path, "read-only", "size=1m")
    assert seen["status"] == 3
    assert seen["err"] == (
        f"histdocs build: cannot write {seen['out']}/handouts/02-civil-war.pdf: the disk is read-only; "
        "choose a folder on a disk you can write to\n")
    assert seen["after"] == seen["before"]
