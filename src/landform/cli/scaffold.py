"""`landform init`: a starting project."""

from __future__ import annotations

from pathlib import Path

from landform.errors import LandformError

TEMPLATE = '''"""{name}: infrastructure declared with Landform. Run `landform plan`."""

from landform import App
from landform.aws import kms
from landform.constructs import EncryptedBucket, Network

app = App(
    "{name}",
    tags={{"Project": "{name}", "Owner": "platform-team", "CostCenter": "cc-0000",
          "ManagedBy": "landform"}},
)
dev = app.stack("network", region="us-east-1", tags={{"Environment": "development"}})
net = Network(dev, "main", cidr="10.0.0.0/16", azs=2, nat="single")
key = kms.Key(dev, "data-key", description="Data encryption key", enable_key_rotation=True)
EncryptedBucket(dev, "data", key=key)
'''


def scaffold(directory: Path, name: str) -> list[Path]:
    """Write landform.py and .gitignore into `directory`; never overwrite."""
    program = directory / "landform.py"
    if program.exists():
        raise LandformError(f"{program} already exists", hint="init only starts new projects")
    directory.mkdir(parents=True, exist_ok=True)
    program.write_text(TEMPLATE.format(name=name))
    created = [program]
    ignore = directory / ".gitignore"
    if not ignore.exists():
        ignore.write_text(".landform/\n")
        created.append(ignore)
    return created
