"""Lambda code zipped reproducibly: the same content gives the same bytes and hash."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

from landform import App, lambda_code
from landform.aws import lambda_
from landform.errors import ValidationError
from landform.model.assets import inline_zip, zip_bytes
from landform.model.schema import schema_for


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


FILES = {"app.py": "def handler(event, context):\n    return 1\n", "lib/util.py": "X = 1\n"}


def test_code_is_the_path_and_lambdas_hash_of_the_zip(tmp_path: Path) -> None:
    root = write(tmp_path / "fn", FILES)
    code = lambda_code(root)
    digest = base64.b64encode(hashlib.sha256(zip_bytes(root)).digest()).decode()
    assert code == {"LocalPath": str(root.resolve()), "ZipSha256": digest}


def test_unchanged_directory_same_hash(tmp_path: Path) -> None:
    root = write(tmp_path / "fn", FILES)
    assert lambda_code(root) == lambda_code(str(root))
    assert zip_bytes(root) == zip_bytes(root)


def test_one_changed_byte_changes_the_hash(tmp_path: Path) -> None:
    root = write(tmp_path / "fn", FILES)
    before = lambda_code(root)["ZipSha256"]
    (root / "lib/util.py").write_text("X = 2\n")
    assert lambda_code(root)["ZipSha256"] != before


def test_independent_of_mtimes_and_order_of_creation(tmp_path: Path) -> None:
    one = write(tmp_path / "one", FILES)
    two = write(tmp_path / "two", dict(reversed(FILES.items())))
    os.utime(two / "app.py", (0, 0))
    os.utime(one / "lib/util.py", (2_000_000_000, 2_000_000_000))
    assert zip_bytes(one) == zip_bytes(two)


def test_entries_sorted_dated_1980_files_only(tmp_path: Path) -> None:
    root = write(tmp_path / "fn", {**FILES, "b.txt": "b", "a/z.txt": "z"})
    (root / "empty").mkdir()
    entries = zipfile.ZipFile(io.BytesIO(zip_bytes(root))).infolist()
    assert [e.filename for e in entries] == ["a/z.txt", "app.py", "b.txt", "lib/util.py"]
    assert {e.date_time for e in entries} == {(1980, 1, 1, 0, 0, 0)}
    assert {e.external_attr >> 16 for e in entries} == {0o100644}


def test_executable_bit_kept(tmp_path: Path) -> None:
    root = write(tmp_path / "fn", {"bootstrap": "#!/bin/sh\n", "data.txt": "x"})
    (root / "bootstrap").chmod(0o700)
    (root / "data.txt").chmod(0o600)
    modes = {
        e.filename: e.external_attr >> 16
        for e in zipfile.ZipFile(io.BytesIO(zip_bytes(root))).infolist()
    }
    assert modes == {"bootstrap": 0o100755, "data.txt": 0o100644}


def test_bytecode_left_out(tmp_path: Path) -> None:
    root = write(tmp_path / "fn", FILES)
    before = zip_bytes(root)
    write(root, {"__pycache__/app.cpython-312.pyc": "x", "lib/old.pyc": "y"})
    assert zip_bytes(root) == before


def test_single_file_is_one_entry_named_as_the_file(tmp_path: Path) -> None:
    file = write(tmp_path, {"handler.py": "pass\n"}) / "handler.py"
    (entry,) = zipfile.ZipFile(io.BytesIO(zip_bytes(file))).infolist()
    assert entry.filename == "handler.py"


def test_inline_code_is_one_entry_holding_the_source() -> None:
    source = "exports.handler = async () => 1;\n"
    data = inline_zip("index.js", source)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        (entry,) = archive.infolist()
        assert (entry.filename, entry.date_time) == ("index.js", (1980, 1, 1, 0, 0, 0))
        assert archive.read(entry).decode() == source
        assert (entry.external_attr >> 16) & 0o777 == 0o644
    assert inline_zip("index.js", source) == data


@pytest.mark.parametrize(("empty", "error"), [(False, "does not exist"), (True, "no files")])
def test_missing_or_empty_path_is_refused(tmp_path: Path, empty: bool, error: str) -> None:
    path = tmp_path / "fn"
    if empty:
        path.mkdir()
    with pytest.raises(ValidationError, match=error):
        lambda_code(path)


def test_function_code_takes_lambda_code_and_cfn_lints_schema_is_kept(tmp_path: Path) -> None:
    stack = App("shop").stack("main", region="us-east-1")
    code = lambda_code(write(tmp_path / "fn", FILES))
    role = "arn:aws:iam::123456789012:role/fn"
    function = lambda_.Function(stack, "fn", code=code, role=role)
    assert function.properties["Code"] == code
    with pytest.raises(ValidationError, match=r"unknown property Code\.LocalFile"):
        lambda_.Function(stack, "other", code={"LocalFile": "x"}, role=role)
    extended = schema_for("AWS::Lambda::Function").raw["definitions"]["Code"]["properties"]
    assert {"LocalPath", "ZipSha256"} <= set(extended)
    cached = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", "AWS::Lambda::Function")
    assert "LocalPath" not in cached.schema["definitions"]["Code"]["properties"]
