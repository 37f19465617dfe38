"""Contract examples for the core's types: networking, S3, KMS, logs, IAM roles."""

from __future__ import annotations

from landform.aws import ec2, iam, kms, logs, s3
from landform.model import Stack
from tests.handlers.contract import Declare

TRUST_EC2 = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


def vpc(stack: Stack) -> ec2.VPC:
    return ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")


def subnet(stack: Stack) -> ec2.Subnet:
    return ec2.Subnet(
        stack,
        "subnet",
        vpc_id=vpc(stack).id,
        cidr_block="10.0.1.0/24",
        availability_zone="us-east-1a",
    )


def attached_gateway(stack: Stack) -> ec2.VPCGatewayAttachment:
    gateway = ec2.InternetGateway(stack, "igw")
    return ec2.VPCGatewayAttachment(
        stack, "attach", vpc_id=vpc(stack).id, internet_gateway_id=gateway.id
    )


def nat_gateway(stack: Stack) -> ec2.NatGateway:
    eip = ec2.EIP(stack, "eip", domain="vpc")
    return ec2.NatGateway(stack, "nat", subnet_id=subnet(stack).id, allocation_id=eip.allocation_id)


def route(stack: Stack) -> ec2.Route:
    attachment = attached_gateway(stack)
    table = ec2.RouteTable(stack, "table", vpc_id=attachment.properties["VpcId"])
    return ec2.Route(
        stack,
        "route",
        route_table_id=table.id,
        destination_cidr_block="0.0.0.0/0",
        gateway_id=attachment.properties["InternetGatewayId"],
        depends_on=[attachment],
    )


def route_table_association(stack: Stack) -> ec2.SubnetRouteTableAssociation:
    net = subnet(stack)
    table = ec2.RouteTable(stack, "table", vpc_id=net.properties["VpcId"])
    return ec2.SubnetRouteTableAssociation(
        stack, "assoc", subnet_id=net.id, route_table_id=table.id
    )


def security_group(stack: Stack) -> ec2.SecurityGroup:
    return ec2.SecurityGroup(stack, "sg", group_description="web", vpc_id=vpc(stack).id)


def ingress(stack: Stack) -> ec2.SecurityGroupIngress:
    group = security_group(stack)
    return ec2.SecurityGroupIngress(
        stack,
        "in",
        group_id=group.group_id,
        ip_protocol="tcp",
        from_port=443,
        to_port=443,
        cidr_ip="10.0.0.0/16",
    )


def egress(stack: Stack) -> ec2.SecurityGroupEgress:
    group = security_group(stack)
    return ec2.SecurityGroupEgress(
        stack,
        "out",
        group_id=group.group_id,
        ip_protocol="tcp",
        from_port=5432,
        to_port=5432,
        cidr_ip="10.0.0.0/16",
    )


def acl_entry(stack: Stack) -> ec2.NetworkAclEntry:
    acl = ec2.NetworkAcl(stack, "acl", vpc_id=vpc(stack).id)
    return ec2.NetworkAclEntry(
        stack,
        "entry",
        network_acl_id=acl.id,
        rule_number=100,
        protocol=6,
        rule_action="allow",
        cidr_block="0.0.0.0/0",
        port_range={"From": 443, "To": 443},
    )


def acl_association(stack: Stack) -> ec2.SubnetNetworkAclAssociation:
    net = subnet(stack)
    acl = ec2.NetworkAcl(stack, "acl", vpc_id=net.properties["VpcId"])
    return ec2.SubnetNetworkAclAssociation(
        stack, "acl-assoc", subnet_id=net.id, network_acl_id=acl.id
    )


def tgw_attachment(stack: Stack) -> ec2.TransitGatewayAttachment:
    net = subnet(stack)
    gateway = ec2.TransitGateway(stack, "tgw")
    return ec2.TransitGatewayAttachment(
        stack,
        "tgw-attach",
        transit_gateway_id=gateway.id,
        vpc_id=net.properties["VpcId"],
        subnet_ids=[net.id],
    )


def role(stack: Stack) -> iam.Role:
    return iam.Role(stack, "role", assume_role_policy_document=TRUST_EC2)


def flow_log(stack: Stack) -> ec2.FlowLog:
    group = logs.LogGroup(stack, "flow-logs")
    return ec2.FlowLog(
        stack,
        "flow",
        resource_id=vpc(stack).id,
        resource_type="VPC",
        traffic_type="ALL",
        log_destination_type="cloud-watch-logs",
        log_group_name=group.id,
        deliver_logs_permission_arn=role(stack).arn,
    )


def bucket_policy(stack: Stack) -> s3.BucketPolicy:
    bucket = s3.Bucket(stack, "bucket")
    statement = {
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [bucket.arn],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    return s3.BucketPolicy(
        stack,
        "policy",
        bucket=bucket.id,
        policy_document={"Version": "2012-10-17", "Statement": [statement]},
    )


def alias(stack: Stack) -> kms.Alias:
    key = kms.Key(stack, "key")
    return kms.Alias(stack, "alias", alias_name="alias/contract", target_key_id=key.id)


EXAMPLES: dict[str, Declare] = {
    "AWS::EC2::VPC": vpc,
    "AWS::EC2::Subnet": subnet,
    "AWS::EC2::InternetGateway": lambda stack: ec2.InternetGateway(stack, "igw"),
    "AWS::EC2::VPCGatewayAttachment": attached_gateway,
    "AWS::EC2::EIP": lambda stack: ec2.EIP(stack, "eip", domain="vpc"),
    "AWS::EC2::NatGateway": nat_gateway,
    "AWS::EC2::RouteTable": lambda stack: ec2.RouteTable(stack, "table", vpc_id=vpc(stack).id),
    "AWS::EC2::Route": route,
    "AWS::EC2::SubnetRouteTableAssociation": route_table_association,
    "AWS::EC2::SecurityGroup": security_group,
    "AWS::EC2::SecurityGroupIngress": ingress,
    "AWS::EC2::SecurityGroupEgress": egress,
    "AWS::EC2::NetworkAcl": lambda stack: ec2.NetworkAcl(stack, "acl", vpc_id=vpc(stack).id),
    "AWS::EC2::NetworkAclEntry": acl_entry,
    "AWS::EC2::SubnetNetworkAclAssociation": acl_association,
    "AWS::EC2::TransitGateway": lambda stack: ec2.TransitGateway(stack, "tgw"),
    "AWS::EC2::TransitGatewayAttachment": tgw_attachment,
    "AWS::EC2::FlowLog": flow_log,
    "AWS::S3::Bucket": lambda stack: s3.Bucket(stack, "bucket"),
    "AWS::S3::BucketPolicy": bucket_policy,
    "AWS::KMS::Key": lambda stack: kms.Key(stack, "key"),
    "AWS::KMS::Alias": alias,
    "AWS::Logs::LogGroup": lambda stack: logs.LogGroup(stack, "group"),
    "AWS::IAM::Role": role,
}
