"""Writing files so that a crash, a full disk or a kill never leaves a half-written one.

No Textual imports. The recipe: temp file in the target's own directory, write, flush, fsync,
``os.replace``, fsync the directory; on any failure the temp file is removed and the old file
is untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def temp_prefix(target: Path) -> str:
    return f".{target.name}."


def resolve_target(path: Path) -> Path:
    """The real file behind ``path``: a symlinked file (dotfiles repos) is updated, not replaced."""
    return path.resolve() if path.is_symlink() else path


def atomic_write(path: Path, data: bytes, *, private: bool = False) -> Path:
    """Replace ``path`` with ``data`` atomically; returns the file actually written.

    ``private`` makes the file readable by its owner only (0600); otherwise the mode follows the
    umask as for any new file, or keeps the existing file's mode.
    """
    target = resolve_target(path)
    directory = target.parent
    if private:
        mode = 0o600
    elif target.exists():
        mode = target.stat().st_mode & 0o777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    descriptor, temp_name = tempfile.mkstemp(dir=directory, prefix=temp_prefix(target), suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_directory(directory)
    return target


def _fsync_directory(directory: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def describe_os_error(error: OSError) -> str:
    """A plain one-line reason for a failed file operation."""
    import errno

    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exceeded",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the file system is read-only",
        errno.ENOENT: "the directory does not exist",
        errno.ENOTDIR: "a part of the path is not a directory",
        errno.EISDIR: "the path is a directory",
    }
    return reasons.get(error.errno or 0, error.strerror or str(error))
