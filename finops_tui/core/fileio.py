"""Writing files so that a crash, a full disk or a kill never leaves a half-written one.

No Textual imports. The recipe: temp file in the target's own directory, write, flush, fsync,
then ``os.replace`` (or a hard link, to create without replacing), fsync the directory; on any
failure the temp file is removed and the old file is untouched.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import sys
import tempfile
import time
from pathlib import Path

TEMP_SUFFIX = ".tmp"

# Windows refuses to replace a file that an antivirus scanner or indexer holds open for a
# moment (WinError 5/32); a few short retries ride that out. POSIX replace never needs it.
_WINDOWS_REPLACE_DELAYS = (0.05, 0.1, 0.2, 0.4)
# Windows error codes for "the file is in use by another program".
_SHARING_VIOLATIONS = {32, 33}
# Errors by which a file system says it has no hard links; then a checked rename is used.
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK}


def temp_prefix(target: Path) -> str:
    return f".{target.name}."


def resolve_target(path: Path) -> Path:
    """The real file behind ``path``: a symlinked file (dotfiles repos) is updated, not replaced."""
    if not path.is_symlink():
        return path
    try:
        return path.resolve()
    except RuntimeError as error:  # Python < 3.13 reports a symlink loop this way
        raise OSError(errno.ELOOP, "too many levels of symbolic links", str(path)) from error


def atomic_write(path: Path, data: bytes, *, private: bool = False) -> Path:
    """Replace ``path`` with ``data`` atomically; returns the file actually written.

    ``private`` makes the file readable by its owner only (0600); otherwise the mode follows the
    umask as for any new file, or keeps the existing file's mode.
    """
    target = resolve_target(path)
    mode = 0o600 if private else _public_mode(target)
    # Never renamed after a failed fsync: _write_temp_file raises first.
    temp_name = _write_temp_file(target, data, mode)
    try:
        _replace(temp_name, target)
    except BaseException:
        _remove_quietly(temp_name)
        raise
    fsync_directory(target.parent)
    return target


def create_atomically(path: Path, data: bytes) -> Path:
    """Create ``path`` holding ``data``, or raise FileExistsError, even if it appeared meanwhile.

    The data goes to a temporary file first and is then hard-linked into place, which fails
    rather than replaces when the name is taken (``O_EXCL`` without the half-written file).
    """
    temp_name = _write_temp_file(path, data, _new_file_mode())
    try:
        _link_without_replacing(Path(temp_name), path)
    finally:
        _remove_quietly(temp_name)
    fsync_directory(path.parent)
    return path


def _write_temp_file(target: Path, data: bytes, mode: int) -> str:
    """A temp file beside ``target`` holding ``data`` on disk (fsynced), with ``mode``.

    On any failure the temp file is removed and the exception raised.
    """
    descriptor, temp_name = tempfile.mkstemp(
        dir=target.parent, prefix=temp_prefix(target), suffix=TEMP_SUFFIX
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            _fsync_file(handle.fileno())
        os.chmod(temp_name, mode)
    except BaseException:
        _remove_quietly(temp_name)
        raise
    return temp_name


def _remove_quietly(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


def _link_without_replacing(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
        if target.exists():
            raise FileExistsError(errno.EEXIST, "file exists", str(target)) from None
        os.replace(source, target)


def _public_mode(target: Path) -> int:
    if target.exists():
        return target.stat().st_mode & 0o777
    return _new_file_mode()


def _new_file_mode() -> int:
    """The mode a plain ``open(path, "w")`` would give: 0666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_file(descriptor: int) -> None:
    # On macOS fsync only reaches the drive's cache; F_FULLFSYNC reaches the platter.
    if sys.platform == "darwin":
        import fcntl

        with contextlib.suppress(OSError):
            fcntl.fcntl(descriptor, fcntl.F_FULLFSYNC)
            return
    os.fsync(descriptor)


def _replace(source: str, target: Path) -> None:
    if os.name != "nt":
        os.replace(source, target)
        return
    for delay in _WINDOWS_REPLACE_DELAYS:
        try:
            os.replace(source, target)
            return
        except PermissionError:
            time.sleep(delay)
    os.replace(source, target)


def fsync_directory(directory: Path) -> None:
    """Make the rename durable: without this a power cut can bring the old file back."""
    if os.name != "posix":
        return  # a directory handle cannot be fsynced on Windows
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # the data itself is already safe; only the rename's durability is at stake
    finally:
        os.close(fd)


def temp_files_of(target: Path) -> list[Path]:
    """Temp files that ``atomic_write`` left beside ``target`` (a killed write leaves one)."""
    pattern = glob.escape(str(target.parent / temp_prefix(target))) + "*" + TEMP_SUFFIX
    return [Path(name) for name in sorted(glob.glob(pattern))]


def remove_temp_files(target: Path, *, older_than_seconds: float = 0.0) -> list[Path]:
    """Delete the leftover temp files of ``target``; returns those removed.

    Only call it with ``older_than_seconds=0`` while holding the lock that every writer of
    ``target`` takes: otherwise a temp file still being written could be removed.
    """
    removed: list[Path] = []
    now = time.time()
    for temp in temp_files_of(target):
        try:
            if now - temp.lstat().st_mtime >= older_than_seconds:
                temp.unlink()
                removed.append(temp)
        except OSError:
            continue  # gone already, or not ours to remove: leave it
    return removed


def describe_os_error(error: OSError) -> str:
    """A plain one-line reason for a failed file operation."""
    if getattr(error, "winerror", None) in _SHARING_VIOLATIONS:
        return "the file is in use by another program"
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exceeded",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the file system is read-only",
        errno.ENOENT: "the directory does not exist",
        errno.ENOTDIR: "a part of the path is not a directory",
        errno.EISDIR: "the path is a directory",
        errno.ELOOP: "too many levels of symbolic links",
        errno.ENAMETOOLONG: "the file name is too long",
        errno.EIO: "an input/output error occurred (the disk may be failing or disconnected)",
        errno.EBUSY: "the file is busy",
    }
    return reasons.get(error.errno or 0, error.strerror or str(error))


class UnreadableFile(Exception):
    """A user-supplied file that cannot be read as UTF-8 text; ``location`` may name a line."""

    def __init__(self, message: str, location: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.location = location


def read_user_text(path: Path, *, max_bytes: int, expected: str, empty_hint: str) -> str:
    """The UTF-8 text of a file the user named (role data, an import), or one clear reason why not.

    ``expected`` names what the file should be ("a TOML file"); ``empty_hint`` says what an
    empty file should have held. A UTF-8 byte-order mark is accepted.
    """
    try:
        if path.is_dir():
            raise UnreadableFile(f"is a directory, not {expected}")
        size = path.stat().st_size
        if not path.is_file():
            raise UnreadableFile("is not a regular file")
        if size > max_bytes:
            limit = max(1, max_bytes // 1_048_576)
            raise UnreadableFile(f"file is too large ({size / 1_048_576:.1f} MB; the limit is {limit} MB)")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile("no such file") from None
    except OSError as error:
        raise UnreadableFile(f"cannot read the file: {describe_os_error(error)}") from None
    # Without a byte-order mark, UTF-16 still shows: these files open with an ASCII character,
    # which UTF-16 pairs with a NUL byte (never valid in TOML or JSON).
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[:2].count(0) == 1:
        raise UnreadableFile("file is UTF-16 encoded; save it as UTF-8")
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    if not raw.strip():
        raise UnreadableFile(f"file is empty; {empty_hint}")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = f"not valid UTF-8 (byte {error.start + 1}); save the file as UTF-8"
        raise UnreadableFile(message, f"line {line}") from None
