"""Contract examples for RDS types."""

from __future__ import annotations

from landform.aws import ec2, rds
from landform.model import Resource, Stack


def subnet_group(stack: Stack) -> Resource:
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    subnets = [
        ec2.Subnet(
            stack, f"s{i}", vpc_id=vpc.id, cidr_block=f"10.0.{i}.0/24", availability_zone=zone
        )
        for i, zone in enumerate(("us-east-1a", "us-east-1b"))
    ]
    return rds.DBSubnetGroup(
        stack,
        "subnets",
        db_subnet_group_description="database subnets",
        subnet_ids=[subnet.id for subnet in subnets],
    )


def instance(stack: Stack) -> Resource:
    return rds.DBInstance(
        stack,
        "db",
        engine="postgres",
        db_instance_class="db.t3.micro",
        allocated_storage="20",
        master_username="dbadmin",
        manage_master_user_password=True,
    )


def cluster(stack: Stack) -> Resource:
    return rds.DBCluster(
        stack,
        "cluster",
        engine="aurora-postgresql",
        master_username="dbadmin",
        manage_master_user_password=True,
    )


EXAMPLES = {
    "AWS::RDS::DBSubnetGroup": subnet_group,
    "AWS::RDS::DBInstance": instance,
    "AWS::RDS::DBCluster": cluster,
}
