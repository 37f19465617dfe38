"""An apply killed with SIGKILL at random moments: the next apply converges, nothing
exists twice, and destroy then leaves nothing."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from landform.cloud.emulator import RECORD
from landform.engine.context import Context
from landform.project import load_app
from landform.state.sqlite import SqliteStateStore
from tests.support import converge, destroy, plan

SEEDS = (20261127, 7)
TRIALS_PER_SEED = 10
"""20 trials in all, in two tests so that parallel workers share them."""

PROGRAM = """\
from landform import App
from landform.aws import kms
from landform.constructs import EncryptedBucket, Network, WebSecurityGroup

app = App("crash", tags={"Project": "p", "Owner": "o", "CostCenter": "c",
                         "ManagedBy": "landform", "Environment": "development"})
s = app.stack("main", region="us-east-1")
net = Network(s, "net", cidr="10.0.0.0/16", azs=2, nat="single", flow_logs=False)
WebSecurityGroup(s, "web", vpc=net.vpc)
key = kms.Key(s, "key", description="crash test key")
EncryptedBucket(s, "data", key=key)
"""


def owned_counts(aws: Any) -> Counter[str]:
    """How many live resources carry each ownership address."""
    ec2 = aws("ec2")
    owned = [{"Name": "tag-key", "Values": ["landform:address"]}]
    counts: Counter[str] = Counter()
    for call, key in [
        ("describe_vpcs", "Vpcs"),
        ("describe_subnets", "Subnets"),
        ("describe_security_groups", "SecurityGroups"),
        ("describe_route_tables", "RouteTables"),
        ("describe_internet_gateways", "InternetGateways"),
        ("describe_network_acls", "NetworkAcls"),
        ("describe_addresses", "Addresses"),
        ("describe_nat_gateways", "NatGateways"),
    ]:
        for item in getattr(ec2, call)(Filters=owned)[key]:
            if item.get("State") in ("deleted", "deleting"):
                continue
            tags = {t["Key"]: t["Value"] for t in item.get("Tags", [])}
            counts[tags["landform:address"]] += 1
    s3 = aws("s3")
    for bucket in s3.list_buckets()["Buckets"]:
        tags = s3.get_bucket_tagging(Bucket=bucket["Name"])["TagSet"]
        counts[{t["Key"]: t["Value"] for t in tags}["landform:address"]] += 1
    cloudwatch = aws("cloudwatch")
    arns = [a["AlarmArn"] for a in cloudwatch.describe_alarms()["MetricAlarms"]]
    arns += [d["DashboardArn"] for d in cloudwatch.list_dashboards()["DashboardEntries"]]
    for arn in arns:
        tags = cloudwatch.list_tags_for_resource(ResourceARN=arn)["Tags"]
        counts[{t["Key"]: t["Value"] for t in tags}["landform:address"]] += 1
    sns = aws("sns")
    for topic in sns.list_topics()["Topics"]:
        tags = sns.list_tags_for_resource(ResourceArn=topic["TopicArn"])["Tags"]
        counts[{t["Key"]: t["Value"] for t in tags}["landform:address"]] += 1
    kms = aws("kms")
    for key in kms.list_keys()["Keys"]:
        if kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"] == "PendingDeletion":
            continue
        tags = kms.list_resource_tags(KeyId=key["KeyId"])["Tags"]
        counts[{t["TagKey"]: t["TagValue"] for t in tags}["landform:address"]] += 1
    return counts


@pytest.fixture
def project(local_project: Path) -> Path:
    (local_project / "landform.py").write_text(PROGRAM)
    return local_project


def start_apply(project: Path) -> subprocess.Popen[str]:
    """`landform --local apply --yes` in its own process, started once the plan is shown."""
    process = subprocess.Popen(
        [sys.executable, "-m", "landform", "--local", "--project", str(project), "apply", "--yes"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("Plan:"):
            break
    return process


@pytest.mark.parametrize("seed", SEEDS)
def test_killed_applies_converge_without_duplicates(project: Path, aws: Any, seed: int) -> None:
    app = load_app(project)
    expected = {r.address for r in app.resources() if r.schema.tag_property}

    full = start_apply(project)
    started = time.monotonic()
    assert full.wait(timeout=300) == 0
    window = time.monotonic() - started  # from the plan shown to the apply's end
    assert set(owned_counts(aws)) == expected

    rng = random.Random(seed)
    killed_midway = 0
    for trial in range(TRIALS_PER_SEED):
        context = _context(project)
        destroy(app, context)
        assert not owned_counts(aws), f"trial {trial}: destroy left resources"

        process = start_apply(project)
        time.sleep(rng.uniform(0, window))  # the kill lands at a random moment of the apply
        process.send_signal(signal.SIGKILL)
        process.wait()
        killed_midway += 0 < sum(owned_counts(aws).values()) < len(expected)

        context = _context(project)
        converge(app, context)
        counts = owned_counts(aws)
        assert set(counts) == expected, f"trial {trial}"
        duplicates = {a: n for a, n in counts.items() if n != 1}
        assert duplicates == {}, f"trial {trial}: resources exist twice: {duplicates}"
        assert not plan(app, context).has_changes
    destroy(app, _context(project))
    assert not owned_counts(aws)
    assert killed_midway >= TRIALS_PER_SEED // 5, f"only {killed_midway} kills landed mid-apply"


def _context(project: Path) -> Context:
    from landform.cloud.session import CloudConfig, Sessions

    record = json.loads((project / ".landform" / RECORD).read_text())
    config = CloudConfig(endpoint_url=record["endpoint_url"], local=True)
    return Context(Sessions(config), SqliteStateStore(project / ".landform"))
