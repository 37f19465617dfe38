"""Lambda code from a local file or directory, zipped the same way on every run and machine.

`lambda_code(path)` is what a function's Code property takes: the path, and the hash of
the zip it makes (Lambda's CodeSha256). The plan compares that hash with the one in state,
so an unchanged directory plans no change and a changed byte plans a code update; apply
zips the path again and refuses to upload if the hash no longer matches the plan.

Entries are sorted, dated 1980-01-01, with fixed permissions (0644, or 0755 for an
executable file), without directory entries, __pycache__ or .pyc files. They are stored,
not deflated: deflate's output depends on the zlib build (zlib-ng differs from zlib), and
the same bytes on every machine matter more here than the size.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import stat
import zipfile
from collections.abc import Iterable
from pathlib import Path

from landform.errors import ValidationError

EPOCH = (1980, 1, 1, 0, 0, 0)
"""The date of every entry (the earliest a zip can record)."""

_UNIX = 3
"""ZipInfo.create_system for Unix, so extractors honour the permission bits."""


def lambda_code(path: str | Path) -> dict[str, str]:
    """A function's Code: `{"LocalPath": absolute path, "ZipSha256": hash of its zip}`."""
    root = Path(path).resolve()
    return {"LocalPath": str(root), "ZipSha256": code_sha256(zip_bytes(root))}


def code_sha256(data: bytes) -> str:
    """The base64 SHA-256 of a zip, as Lambda reports it (CodeSha256)."""
    return base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


def zip_bytes(path: str | Path) -> bytes:
    """A reproducible zip of a file (one entry, its name) or of a directory's files."""
    return _archive(
        (name, file.read_bytes(), bool(os.stat(file).st_mode & 0o111))
        for name, file in _files(Path(path))
    )


def inline_zip(name: str, source: str) -> bytes:
    """A reproducible zip of one file `name` holding `source` (inline code, as
    CloudFormation packages a function's Code.ZipFile)."""
    return _archive([(name, source.encode("utf-8"), False)])


def _archive(entries: Iterable[tuple[str, bytes, bool]]) -> bytes:
    """A zip of (entry name, content, executable) entries, in the order given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content, executable in entries:
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.create_system = _UNIX
            info.external_attr = (stat.S_IFREG | (0o755 if executable else 0o644)) << 16
            archive.writestr(info, content)
    return buffer.getvalue()


def _files(root: Path) -> list[tuple[str, Path]]:
    """(entry name, file) for every file to zip, sorted by entry name."""
    if root.is_file():
        return [(root.name, root)]
    if not root.is_dir():
        raise ValidationError(
            f"Lambda code {root} does not exist",
            hint="give lambda_code() the path of the function's file or directory",
        )
    found = []
    for directory, subdirectories, names in os.walk(root):
        subdirectories[:] = [d for d in subdirectories if d != "__pycache__"]
        for name in names:
            file = Path(directory, name)
            if not name.endswith(".pyc") and file.is_file():
                found.append((file.relative_to(root).as_posix(), file))
    if not found:
        raise ValidationError(
            f"Lambda code directory {root} has no files",
            hint="put the function's code in it, or give the path of another directory",
        )
    return sorted(found)
