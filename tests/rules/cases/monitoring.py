"""Cases of the monitoring rules: a resource with its default alarm among its neighbours
passes; without one, or with its actions off, it fails."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from landform.rules.base import Unknown
from tests.rules.harness import Aws, ModelCase, RuleCases

TOPIC = "arn:aws:sns:us-east-1:111122223333:alarms"
ALARM = "AWS::CloudWatch::Alarm"


def _alarm(namespace: str, metric: str, dimension: str, **changes: Any) -> dict[str, Any]:
    value = Unknown("the watched resource's id is known after apply", "case")
    return {
        "Namespace": namespace,
        "MetricName": metric,
        "Dimensions": [{"Name": dimension, "Value": value}],
        "AlarmActions": [TOPIC],
        **changes,
    }


def _cases(namespace: str, metric: str, dimension: str) -> dict[str, Any]:
    alarm = _alarm(namespace, metric, dimension)
    other = {**alarm, "Dimensions": [{"Name": dimension, "Value": Unknown("x", "another")}]}
    return {
        "passing": [ModelCase({}, neighbours=[(ALARM, alarm)])],
        "failing": [
            {},
            ModelCase({}, neighbours=[(ALARM, other)]),
            ModelCase({}, neighbours=[(ALARM, {**alarm, "ActionsEnabled": False})]),
            ModelCase({}, neighbours=[(ALARM, {**alarm, "AlarmActions": []})]),
        ],
    }


def _aurora_members_pass(cases: dict[str, Any]) -> dict[str, Any]:
    """An Aurora instance's storage is its cluster's volume: no FreeStorageSpace to watch."""
    aurora = [
        {"DBClusterIdentifier": "orders", "Engine": "aurora-postgresql"},
        {"Engine": "aurora-mysql"},
    ]
    return {**cases, "passing": [*cases["passing"], *aurora]}


def _put_alarm(
    aws: Aws, name: str, namespace: str, metric: str, dimension: str, value: str
) -> None:
    aws("cloudwatch").put_metric_alarm(
        AlarmName=name,
        Namespace=namespace,
        MetricName=metric,
        Dimensions=[{"Name": dimension, "Value": value}],
        Statistic="Average",
        Period=300,
        EvaluationPeriods=2,
        Threshold=80,
        ComparisonOperator="GreaterThanThreshold",
        AlarmActions=[TOPIC],
    )


def _instance(aws: Aws, alarmed: bool) -> str:
    ec2 = aws("ec2")
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    instance = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.micro")
    instance_id = str(instance["Instances"][0]["InstanceId"])
    if alarmed:
        _put_alarm(aws, "cpu", "AWS/EC2", "CPUUtilization", "InstanceId", instance_id)
    return instance_id


def _function(aws: Aws, name: str, alarmed: bool) -> str:
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "sts:AssumeRole",
                "Principal": {"Service": "lambda.amazonaws.com"},
            }
        ],
    }
    role = aws("iam").create_role(
        RoleName=f"{name}-role", AssumeRolePolicyDocument=json.dumps(trust)
    )
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return 1\n")
    aws("lambda").create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=role["Role"]["Arn"],
        Handler="index.handler",
        Code={"ZipFile": code.getvalue()},
    )
    if alarmed:
        _put_alarm(aws, f"{name}-errors", "AWS/Lambda", "Errors", "FunctionName", name)
    return name


def _bucket(aws: Aws, name: str, alarmed: bool) -> str:
    aws("s3").create_bucket(Bucket=name)
    if alarmed:
        size = {
            "Namespace": "AWS/S3",
            "MetricName": "BucketSizeBytes",
            "Dimensions": [
                {"Name": "BucketName", "Value": name},
                {"Name": "StorageType", "Value": "StandardStorage"},
            ],
        }
        aws("cloudwatch").put_metric_alarm(
            AlarmName=f"{name}-size",
            EvaluationPeriods=1,
            ComparisonOperator="LessThanLowerOrGreaterThanUpperThreshold",
            ThresholdMetricId="band",
            AlarmActions=[TOPIC],
            Metrics=[
                {"Id": "size", "MetricStat": {"Metric": size, "Period": 86400, "Stat": "Average"}},
                {"Id": "band", "Expression": "ANOMALY_DETECTION_BAND(size, 2)"},
            ],
        )
    return name


def _database(aws: Aws, name: str, alarmed: bool) -> str:
    aws("rds").create_db_instance(
        DBInstanceIdentifier=name,
        Engine="postgres",
        DBInstanceClass="db.t3.micro",
        AllocatedStorage=20,
        MasterUsername="admin",
        MasterUserPassword="not-a-real-secret-1",
    )
    if alarmed:
        _put_alarm(
            aws, f"{name}-storage", "AWS/RDS", "FreeStorageSpace", "DBInstanceIdentifier", name
        )
    return name


def _load_balancer(aws: Aws, name: str, alarmed: bool) -> str:
    ec2 = aws("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.7.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.7.{n}.0/24", AvailabilityZone=f"us-east-1{z}")
        for n, z in ((1, "a"), (2, "b"))
    ]
    balancer = aws("elbv2").create_load_balancer(
        Name=name, Subnets=[s["Subnet"]["SubnetId"] for s in subnets], Type="application"
    )["LoadBalancers"][0]
    arn = str(balancer["LoadBalancerArn"])
    if alarmed:
        full_name = arn.split(":loadbalancer/", 1)[1]
        _put_alarm(
            aws,
            f"{name}-latency",
            "AWS/ApplicationELB",
            "TargetResponseTime",
            "LoadBalancer",
            full_name,
        )
    return arn


def _bucket_cases() -> dict[str, Any]:
    size = {
        "Namespace": "AWS/S3",
        "MetricName": "BucketSizeBytes",
        "Dimensions": [{"Name": "BucketName", "Value": Unknown("x", "case")}],
    }
    alarm = {
        "ThresholdMetricId": "band",
        "AlarmActions": [TOPIC],
        "Metrics": [
            {"Id": "size", "MetricStat": {"Metric": size, "Period": 86400, "Stat": "Average"}},
            {"Id": "band", "Expression": "ANOMALY_DETECTION_BAND(size, 2)"},
        ],
    }
    plain = _alarm("AWS/S3", "BucketSizeBytes", "BucketName")
    return {
        "passing": [ModelCase({}, neighbours=[(ALARM, alarm)])],
        "failing": [
            {},
            ModelCase({}, neighbours=[(ALARM, plain)]),
            ModelCase({}, neighbours=[(ALARM, {**alarm, "ActionsEnabled": False})]),
        ],
    }


CASES = {
    "LF-MON-001": RuleCases(
        "AWS::EC2::Instance",
        **_cases("AWS/EC2", "CPUUtilization", "InstanceId"),
        live_passing=lambda aws: _instance(aws, alarmed=True),
        live_failing=lambda aws: _instance(aws, alarmed=False),
        live_neighbours=(ALARM,),
    ),
    "LF-MON-002": RuleCases(
        "AWS::RDS::DBInstance",
        **_aurora_members_pass(_cases("AWS/RDS", "FreeStorageSpace", "DBInstanceIdentifier")),
        live_passing=lambda aws: _database(aws, "watched", alarmed=True),
        live_failing=lambda aws: _database(aws, "unwatched", alarmed=False),
        live_neighbours=(ALARM,),
    ),
    "LF-MON-003": RuleCases(
        "AWS::Lambda::Function",
        **_cases("AWS/Lambda", "Errors", "FunctionName"),
        live_passing=lambda aws: _function(aws, "watched", alarmed=True),
        live_failing=lambda aws: _function(aws, "unwatched", alarmed=False),
        live_neighbours=(ALARM,),
    ),
    "LF-MON-004": RuleCases(
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        **_cases("AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer"),
        live_passing=lambda aws: _load_balancer(aws, "watched", alarmed=True),
        live_failing=lambda aws: _load_balancer(aws, "unwatched", alarmed=False),
        live_neighbours=(ALARM,),
    ),
    "LF-MON-005": RuleCases(
        "AWS::S3::Bucket",
        **_bucket_cases(),
        live_passing=lambda aws: _bucket(aws, "watched-bucket", alarmed=True),
        live_failing=lambda aws: _bucket(aws, "unwatched-bucket", alarmed=False),
        live_neighbours=(ALARM,),
    ),
}
