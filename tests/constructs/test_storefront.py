"""The storefront example: it loads, declares what the brief says, and passes the tag policy."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

from landform.engine.operations import check
from landform.project import load_app

EXAMPLE = Path(__file__).parents[2] / "examples" / "storefront"


def test_storefront_example() -> None:
    app = load_app(EXAMPLE)
    (stack,) = app.stacks.values()
    assert (stack.name, stack.account, stack.region) == ("network", "123456789012", "us-east-1")
    types = Counter(r.type_name for r in app.resources())
    assert sum(types.values()) == 64
    assert types["AWS::CloudWatch::Alarm"] == 4, "a NAT gateway's in each zone, the bucket's trend"
    assert types["AWS::CloudWatch::Dashboard"] == types["AWS::SNS::Topic"] == 1
    assert types["AWS::EC2::Subnet"] == 6
    assert types["AWS::EC2::NatGateway"] == 3
    assert types["AWS::EC2::FlowLog"] == 1
    assert types["AWS::S3::Bucket"] == 1
    assert types["AWS::KMS::Key"] == 2, "the bucket's, and the alarm topic's"
    app.check_tag_policy()
    check(app)  # the tag policy again, and no reference cycle


def test_declaring_it_imports_no_boto3() -> None:
    program = (
        "import sys; from pathlib import Path; from landform.project import load_app; "
        f"load_app(Path({str(EXAMPLE)!r})); print('boto3' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
