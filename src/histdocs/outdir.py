"""Writing a set of files into an output folder all-or-nothing, relative to the opened folder.

A build replaces several files (handouts and decks) that belong together, so a failure half-way
(disk full, an error, a killed process) must leave the earlier set exactly as it was:

1. The output folder is opened once; every file is made, renamed and removed relative to that
   open folder (``dir_fd``), and sub-folders are opened with ``O_NOFOLLOW``, so a folder swapped
   for a symbolic link during the build cannot send writes anywhere else.
2. Every file is written to a temporary name (``.<name>.<16 hex>.histdocs-tmp``) beside its
   final name and fsynced. Any failure removes the temporary files: nothing else has changed.
3. Only then a commit record (``.histdocs-commit``) listing the renames is written and synced,
   and the temporary files are renamed over the final names. If the process dies during the
   renames, the next write into the folder finishes them from the record (roll forward).
4. Temporary files a killed process left are removed by the next write (only names matching
   the pattern above), all under an exclusive lock on the folder so two builds never mix.

On systems without ``dir_fd`` support (Windows) the same steps run on paths.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
from pathlib import Path, PurePath
from typing import Callable, Sequence

from .errors import MachineError

__all__ = ["OutputFolder", "TEMP_PATTERN", "COMMIT_RECORD", "publish_file", "check_can_make"]

TEMP_SUFFIX = ".histdocs-tmp"
TEMP_PATTERN = re.compile(r"^\.(?P<name>[^/\\]+)\.[0-9a-f]{16}" + re.escape(TEMP_SUFFIX) + r"$")
COMMIT_RECORD = ".histdocs-commit"

_AT = (all(call in os.supports_dir_fd for call in (os.open, os.rename, os.mkdir, os.unlink, os.stat))
       and os.listdir in os.supports_fd)  # False on Windows: there the same steps run on paths
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)


def temp_name(name: str) -> str:
    """Return a fresh temporary name for the file `name`, recognisable by TEMP_PATTERN."""
    return f".{name}.{secrets.token_hex(8)}{TEMP_SUFFIX}"


def _plain_name(name: str) -> bool:
    """Return True if `name` is one path component that is not special and not one of our own names."""
    return (bool(name) and name not in (".", "..", COMMIT_RECORD) and "/" not in name and "\\" not in name
            and not TEMP_PATTERN.match(name))


class _Dir:
    """One opened folder: a file descriptor (or, without dir_fd support, its path) and how to show it."""

    def __init__(self, fd: int | None, path: Path, shown: Path) -> None:
        self.fd = fd
        self.path = path
        self.shown = shown

    def at(self, name: str) -> tuple[str, dict[str, int]]:
        """Return the argument and keyword for a call on `name` inside this folder."""
        if self.fd is None:
            return str(self.path / name), {}
        return name, {"dir_fd": self.fd}

    def names(self) -> list[str]:
        return os.listdir(self.fd if self.fd is not None else self.path)

    def kind(self, name: str) -> int | None:
        """Return the st_mode of `name` (not following a link), or None if there is none."""
        target, kw = self.at(name)
        try:
            return os.stat(target, follow_symlinks=False, **kw).st_mode
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise MachineError("read", self.shown / name, exc) from None

    def unlink(self, name: str) -> None:
        target, kw = self.at(name)
        try:
            os.unlink(target, **kw)
        except FileNotFoundError:
            pass

    def replace(self, src: str, dst: str) -> None:
        if self.fd is None:
            os.replace(self.path / src, self.path / dst)
        else:
            os.replace(src, dst, src_dir_fd=self.fd, dst_dir_fd=self.fd)

    def write_new(self, name: str, data: bytes) -> None:
        """Create `name` (it must not exist, and is never a link followed), write `data`, fsync."""
        target, kw = self.at(name)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_BINARY
        fd = os.open(target, flags, 0o666, **kw)  # the umask applies, as for any new file
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)

    def read_small(self, name: str, limit: int = 1 << 20) -> str:
        target, kw = self.at(name)
        fd = os.open(target, os.O_RDONLY | _O_NOFOLLOW | _O_BINARY, **kw)
        try:
            return os.read(fd, limit).decode("utf-8", "replace")
        finally:
            os.close(fd)

    def sync(self) -> None:
        """Make renames and removals in this folder durable (where folders can be fsynced)."""
        if self.fd is not None:
            try:
                os.fsync(self.fd)
            except OSError as exc:  # some file systems cannot sync a folder; the data files are synced
                if exc.errno not in (errno.EINVAL, errno.EBADF, errno.ENOTSUP):
                    raise

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _open_dir(target: str, shown: Path, path: Path, *, nofollow: bool, kw: dict[str, int]) -> _Dir:
    """Open the folder `target`; with `nofollow`, a symbolic link there is refused (ELOOP)."""
    if not _AT:
        if not os.path.lexists(target):
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(shown))
        if nofollow and os.path.islink(target):
            raise OSError(errno.ELOOP, "is a symbolic link", str(shown))
        if not os.path.isdir(target):
            raise NotADirectoryError(errno.ENOTDIR, "Not a directory", str(shown))
        return _Dir(None, path, shown)
    flags = os.O_RDONLY | _O_DIRECTORY | (_O_NOFOLLOW if nofollow else 0)
    return _Dir(os.open(target, flags, **kw), path, shown)


LOCK_WAIT_SECONDS = 120.0  # another build writes for well under a second; longer means it is stuck


def _lock(directory: _Dir) -> None:
    """Take an exclusive lock on an opened folder until it is closed (where the system has flock).

    Another build writing into the same folder is waited for, up to LOCK_WAIT_SECONDS.
    """
    try:
        import fcntl
    except ImportError:  # Windows: no flock
        return
    if directory.fd is None:
        return
    import time

    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fcntl.flock(directory.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise MachineError("write into", directory.shown,
                                   OSError(errno.EBUSY, "another build is writing into it")) from None
            time.sleep(0.05)
        except OSError as exc:
            if exc.errno in (errno.ENOLCK, errno.EINVAL, errno.ENOTSUP):  # file systems without locks
                return
            raise MachineError("lock", directory.shown, exc) from None


def check_can_make(path: str | os.PathLike[str]) -> None:
    """Raise MachineError now if the folder `path` clearly cannot be made, without making anything.

    A build checks this before drawing (which takes a while) and makes the folder only when there
    is something to write: a file where a folder must be, a name too long or a parent folder not
    writable is then reported at once.
    """
    shown = Path(path)
    probe = shown
    while not os.path.lexists(probe) and probe.parent != probe:  # the nearest thing that exists
        probe = probe.parent
    try:
        name_max = os.pathconf(probe if os.path.isdir(probe) else ".", "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        name_max = 255
    if any(len(os.fsencode(part)) > name_max for part in shown.parts):
        raise MachineError("make the folder", shown, OSError(errno.ENAMETOOLONG, "File name too long"))
    if os.path.lexists(probe) and not os.path.isdir(probe):
        raise MachineError("make the folder", shown, NotADirectoryError(errno.ENOTDIR, "not a folder"))
    if probe != shown and os.path.isdir(probe) and not os.access(probe, os.W_OK | os.X_OK):
        raise MachineError("make the folder", shown, PermissionError(errno.EACCES, "Permission denied"))


class OutputFolder:
    """An output folder opened once, into which sets of files are written all-or-nothing."""

    def __init__(self, root: _Dir) -> None:
        self._root = root
        self._subs: dict[str, _Dir] = {}
        self._locking = False  # once a write starts, every folder opened is locked until close()

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> OutputFolder:
        """Open (making it and its parents if needed) the folder `path`.

        `path` itself may be a link the user chose; everything below it is reached without
        following links. Raise :class:`MachineError` naming the folder if it cannot be made.
        """
        shown = Path(path)
        try:
            shown.mkdir(parents=True, exist_ok=True)
            return cls(_open_dir(str(shown), shown, shown, nofollow=False, kw={}))
        except FileExistsError:  # something that is not a folder (a file, /dev/null) has that name
            raise MachineError("make the folder", shown, NotADirectoryError(errno.ENOTDIR, "not a folder")) from None
        except OSError as exc:
            raise MachineError("make the folder", shown, exc) from None

    def close(self) -> None:
        """Close the folder and its opened sub-folders."""
        for sub in self._subs.values():
            sub.close()
        self._subs.clear()
        self._root.close()

    def __enter__(self) -> OutputFolder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- folders ------------------------------------------------------------------------------
    def _sub(self, name: str, create: bool) -> _Dir | None:
        """Return the opened sub-folder `name` ("" is the folder itself); None if absent and not made."""
        if not name:
            return self._root
        if name in self._subs:
            return self._subs[name]
        root = self._root
        shown = root.shown / name
        target, kw = root.at(name)
        try:
            if create:
                try:
                    os.mkdir(target, 0o777, **kw)
                except FileExistsError:
                    pass
            sub = _open_dir(target, shown, root.path / name, nofollow=True, kw=kw)
        except FileNotFoundError:
            if create:
                raise MachineError("make the folder", shown, FileNotFoundError(errno.ENOENT, "gone")) from None
            return None
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK) and stat.S_ISLNK(root.kind(name) or 0):
                exc = OSError(errno.ELOOP, "is a symbolic link")  # O_NOFOLLOW's answer differs between systems
            raise MachineError("write into", shown, exc) from None
        if self._locking:
            _lock(sub)
        self._subs[name] = sub
        return sub

    # -- clean-up of an earlier, interrupted write ----------------------------------------------
    def _recover(self, folders: Sequence[str]) -> None:
        """Finish the renames of a committed write that was cut short; remove temporary leftovers."""
        root = self._root
        committed: set[tuple[str, str]] = set()
        if root.kind(COMMIT_RECORD) is not None:
            try:
                record = root.read_small(COMMIT_RECORD)
            except OSError as exc:
                raise MachineError("read", root.shown / COMMIT_RECORD, exc) from None
            for line in record.splitlines():
                folder, _, tmp = line.partition("\t")
                match = TEMP_PATTERN.match(tmp)
                if not match or not (folder == "" or _plain_name(folder)):
                    continue  # not ours: never rename or remove anything a record does not clearly name
                sub = self._sub(folder, create=False)
                if sub is not None and stat.S_ISREG(sub.kind(tmp) or 0):
                    self._guard(sub.replace, "replace", sub.shown / match["name"], tmp, match["name"])
                    committed.add((folder, tmp))
            for folder in {f for f, _ in committed}:
                self._guard((self._sub(folder, create=False) or root).sync, "write into", root.shown / folder)
            self._guard(root.unlink, "remove", root.shown / COMMIT_RECORD, COMMIT_RECORD)
            self._guard(root.sync, "write into", root.shown)
        for folder in ("", *folders):
            self._sweep(folder, only=None)

    def _sweep(self, folder: str, only: str | None) -> None:
        """Remove temporary files (of the file `only`, or all) a killed writer left in `folder`."""
        sub = self._sub(folder, create=False)
        if sub is None:
            return
        try:
            names = sub.names()
        except OSError as exc:
            raise MachineError("read", sub.shown, exc) from None
        for name in names:
            match = TEMP_PATTERN.match(name)
            if match and (only is None or match["name"] == only) and stat.S_ISREG(sub.kind(name) or 0):
                self._guard(sub.unlink, "remove", sub.shown / name, name)

    @staticmethod
    def _guard(call: Callable[..., object], action: str, shown: Path, *args: str) -> None:
        try:
            call(*args)
        except OSError as exc:
            raise MachineError(action, shown, exc) from None

    # -- writing ------------------------------------------------------------------------------
    def publish(self, files: Sequence[tuple[PurePath, bytes]], *, sweep: Sequence[str] = ()) -> None:
        """Write every file (a path relative to the folder, at most one folder deep) or none.

        `sweep` names further sub-folders whose leftover temporary files are removed; the
        folders written into are always swept. With one file, only that file's leftovers are.
        """
        parts = []
        for rel, data in files:
            pieces = PurePath(rel).parts
            if len(pieces) not in (1, 2) or not all(_plain_name(p) for p in pieces):
                raise ValueError(f"not a plain relative output path: {rel}")
            parts.append(("" if len(pieces) == 1 else pieces[0], pieces[-1], data))
        folders = sorted({folder for folder, _, _ in parts} | set(sweep))
        if not self._locking:
            self._locking = True
            _lock(self._root)
            for sub in self._subs.values():
                _lock(sub)
        if len(parts) == 1 and not sweep:
            folder, name, _ = parts[0]
            self._recover(())
            self._sweep(folder, only=name)
        else:
            self._recover(folders)
        self._write_all(parts)

    def _write_all(self, parts: list[tuple[str, str, bytes]]) -> None:
        root = self._root
        subs = [(self._sub(folder, create=True), name, data) for folder, name, data in parts]
        for sub, name, _ in subs:  # a folder where a file goes would stop the renames half-way: refuse now
            assert sub is not None
            mode = sub.kind(name)
            if mode is not None and stat.S_ISDIR(mode):
                raise MachineError("replace", sub.shown / name, IsADirectoryError(errno.EISDIR, "is a folder"))
        written: list[tuple[_Dir, str, str]] = []
        try:
            for sub, name, data in subs:
                assert sub is not None
                tmp = temp_name(name)
                written.append((sub, tmp, name))
                try:
                    sub.write_new(tmp, data)
                except OSError as exc:
                    raise MachineError("write", sub.shown / name, exc) from None
            for sub in {id(s): s for s, _, _ in written}.values():
                self._guard(sub.sync, "write into", sub.shown)
            if len(written) > 1:
                record = "".join(f"{self._folder_of(sub)}\t{tmp}\n" for sub, tmp, _ in written).encode()
                record_tmp = temp_name(COMMIT_RECORD.lstrip("."))
                written.append((root, record_tmp, COMMIT_RECORD))
                try:
                    root.write_new(record_tmp, record)
                    root.replace(record_tmp, COMMIT_RECORD)
                    root.sync()
                except OSError as exc:
                    root.unlink(COMMIT_RECORD)
                    raise MachineError("write", root.shown / COMMIT_RECORD, exc) from None
                written.pop()
        except BaseException:
            for sub, tmp, _ in written:
                try:
                    sub.unlink(tmp)
                except OSError:
                    pass
            raise
        # Committed: from here on the new set wins, now or (if this process dies) at the next write.
        for sub, tmp, name in written:
            self._guard(sub.replace, "replace", sub.shown / name, tmp, name)
        for sub in {id(s): s for s, _, _ in written}.values():
            self._guard(sub.sync, "write into", sub.shown)
        if len(written) > 1:
            self._guard(root.unlink, "remove", root.shown / COMMIT_RECORD, COMMIT_RECORD)
            self._guard(root.sync, "write into", root.shown)

    def _folder_of(self, sub: _Dir) -> str:
        if sub is self._root:
            return ""
        return next(name for name, d in self._subs.items() if d is sub)


def publish_file(path: str | os.PathLike[str], data: bytes) -> None:
    """Write one file atomically: a temporary file beside it, fsynced, renamed over it."""
    target = Path(path)
    if not _plain_name(target.name):
        raise MachineError("write", target, IsADirectoryError(errno.EISDIR, "not a file name"))
    with OutputFolder.open(target.parent) as folder:
        folder.publish([(PurePath(target.name), data)])
