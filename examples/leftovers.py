"""List, with plain boto3, every resource on the emulator that carries a Landform
ownership tag (or is a customer KMS key not pending deletion); exit 1 if any is left."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import boto3

from landform.cloud.emulator import running
from landform.cloud.session import LOCAL_CREDENTIALS

TAG = "landform:address"


def leftovers(endpoint: str, region: str = "us-east-1") -> list[str]:
    def client(service: str) -> Any:
        return boto3.client(service, region_name=region, endpoint_url=endpoint,
                            **LOCAL_CREDENTIALS)

    ec2 = client("ec2")
    owned = [{"Name": "tag-key", "Values": [TAG]}]
    found = []
    for call, key, ident in [
        ("describe_vpcs", "Vpcs", "VpcId"),
        ("describe_subnets", "Subnets", "SubnetId"),
        ("describe_security_groups", "SecurityGroups", "GroupId"),
        ("describe_route_tables", "RouteTables", "RouteTableId"),
        ("describe_internet_gateways", "InternetGateways", "InternetGatewayId"),
        ("describe_network_acls", "NetworkAcls", "NetworkAclId"),
        ("describe_addresses", "Addresses", "AllocationId"),
        ("describe_flow_logs", "FlowLogs", "FlowLogId"),
    ]:
        found += [item[ident] for item in getattr(ec2, call)(Filters=owned)[key]]
    found += [
        n["NatGatewayId"]
        for n in ec2.describe_nat_gateways(Filters=owned)["NatGateways"]
        if n["State"] not in ("deleted", "deleting")
    ]
    found += [b["Name"] for b in client("s3").list_buckets()["Buckets"]]
    cloudwatch = client("cloudwatch")
    found += [a["AlarmName"] for a in cloudwatch.describe_alarms()["MetricAlarms"]]
    found += [d["DashboardName"] for d in cloudwatch.list_dashboards()["DashboardEntries"]]
    found += [t["TopicArn"] for t in client("sns").list_topics()["Topics"]]
    kms = client("kms")
    for key in kms.list_keys()["Keys"]:
        meta = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
        if meta["KeyManager"] == "CUSTOMER" and meta["KeyState"] != "PendingDeletion":
            found.append(key["KeyId"])
    return found


def main() -> None:
    emulator = running(Path(sys.argv[1]))
    if emulator is None:
        sys.exit("no emulator running")
    left = leftovers(emulator.endpoint_url)
    if left:
        sys.exit(f"left behind: {', '.join(left)}")
    print("nothing left: every resource was deleted (KMS keys are pending deletion)")


if __name__ == "__main__":
    main()
