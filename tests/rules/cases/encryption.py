"""Cases of the encryption rules."""

from __future__ import annotations

from typing import Any

from landform.rules import Unknown
from tests.conftest import ACCOUNT
from tests.rules.harness import Aws, RuleCases

KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
DB = {"Engine": "postgres", "DBInstanceClass": "db.t3.micro", "AllocatedStorage": "20"}
AURORA = {"Engine": "aurora-postgresql", "MasterUsername": "admin"}
TABLE: dict[str, Any] = {
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
    "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
    "BillingMode": "PAY_PER_REQUEST",
}


def _sse(algorithm: str) -> dict[str, Any]:
    rule = {"ServerSideEncryptionByDefault": {"SSEAlgorithm": algorithm}}
    return {"ServerSideEncryptionConfiguration": [rule]}


def _bucket(aws: Aws, name: str, algorithm: str) -> str:
    s3 = aws("s3")
    s3.create_bucket(Bucket=name)
    rule = {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": algorithm}}
    s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": [rule]})
    return name


def _volume(aws: Aws, encrypted: bool) -> str:
    volume = aws("ec2").create_volume(AvailabilityZone="us-east-1a", Size=1, Encrypted=encrypted)
    return str(volume["VolumeId"])


def _db_instance(aws: Aws, name: str, encrypted: bool) -> str:
    aws("rds").create_db_instance(
        DBInstanceIdentifier=name,
        Engine="postgres",
        DBInstanceClass="db.t3.micro",
        AllocatedStorage=20,
        MasterUsername="app",
        MasterUserPassword="correct-horse-battery",
        StorageEncrypted=encrypted,
    )
    return name


def _db_cluster(aws: Aws, name: str, encrypted: bool) -> str:
    aws("rds").create_db_cluster(
        DBClusterIdentifier=name,
        Engine="aurora-postgresql",
        MasterUsername="app",
        MasterUserPassword="correct-horse-battery",
        StorageEncrypted=encrypted,
    )
    return name


def _file_system(aws: Aws, token: str, encrypted: bool) -> str:
    system = aws("efs").create_file_system(CreationToken=token, Encrypted=encrypted)
    return str(system["FileSystemId"])


def _table(aws: Aws, name: str, **sse: Any) -> str:
    aws("dynamodb").create_table(TableName=name, **TABLE, **sse)
    return name


def _replication_group(aws: Aws, name: str, encrypted: bool) -> str:
    aws("elasticache").create_replication_group(
        ReplicationGroupId=name,
        ReplicationGroupDescription=name,
        Engine="redis",
        CacheNodeType="cache.t3.micro",
        NumCacheClusters=1,
        AtRestEncryptionEnabled=encrypted,
    )
    return name


def _redis_cluster(aws: Aws, name: str, encrypted: bool) -> str:
    aws("elasticache").create_cache_cluster(
        CacheClusterId=name,
        Engine="redis",
        CacheNodeType="cache.t3.micro",
        NumCacheNodes=1,
        TransitEncryptionEnabled=encrypted,
    )
    return name


def _key(aws: Aws, rotated: bool) -> str:
    kms = aws("kms")
    key_id = str(kms.create_key(Description="data")["KeyMetadata"]["KeyId"])
    if rotated:
        kms.enable_key_rotation(KeyId=key_id)
    return key_id


def _secret(aws: Aws, name: str, customer_key: bool) -> str:
    key = {"KmsKeyId": _key(aws, rotated=True)} if customer_key else {}
    secret = aws("secretsmanager").create_secret(Name=name, SecretString="s3cret", **key)
    return str(secret["ARN"])


def _ebs_default(aws: Aws, encrypted: bool) -> str:
    """The region's EBS encryption by default, as asked (read as one record, the account's)."""
    ec2 = aws("ec2")
    if encrypted:
        ec2.enable_ebs_encryption_by_default()
    else:
        ec2.disable_ebs_encryption_by_default()
    return ACCOUNT


CASES = {
    "LF-ENC-001": RuleCases(
        "AWS::S3::Bucket",
        passing=[
            {"BucketEncryption": _sse("aws:kms")},
            {"BucketEncryption": _sse("aws:kms:dsse")},
        ],
        failing=[{"BucketEncryption": _sse("AES256")}, {}],
        live_passing=lambda aws: _bucket(aws, "kms-encrypted", "aws:kms"),
        live_failing=lambda aws: _bucket(aws, "s3-encrypted", "AES256"),
    ),
    "LF-ENC-002": RuleCases(
        "AWS::EC2::Volume",
        passing=[{"Size": 8, "Encrypted": True, "KmsKeyId": KEY_ARN}, {"Encrypted": "true"}],
        failing=[{"Size": 8}, {"Size": 8, "Encrypted": False}],
        live_passing=lambda aws: _volume(aws, encrypted=True),
        live_failing=lambda aws: _volume(aws, encrypted=False),
    ),
    "LF-ENC-003": RuleCases(
        "Landform::EC2::EbsDefaults",
        passing=[{"EbsEncryptionByDefault": True}],
        failing=[{"EbsEncryptionByDefault": False}],
        live_passing=lambda aws: _ebs_default(aws, encrypted=True),
        live_failing=lambda aws: _ebs_default(aws, encrypted=False),
        live_in_turn=True,
    ),
    "LF-ENC-004": RuleCases(
        "AWS::RDS::DBInstance",
        passing=[
            {**DB, "StorageEncrypted": True, "KmsKeyId": KEY_ARN},
            {"Engine": "aurora-postgresql", "DBClusterIdentifier": Unknown("the cluster's id")},
        ],
        failing=[DB, {**DB, "StorageEncrypted": "false"}],
        live_passing=lambda aws: _db_instance(aws, "encrypted", encrypted=True),
        live_failing=lambda aws: _db_instance(aws, "plain", encrypted=False),
    ),
    "LF-ENC-005": RuleCases(
        "AWS::RDS::DBCluster",
        passing=[{**AURORA, "StorageEncrypted": True}],
        failing=[AURORA, {**AURORA, "StorageEncrypted": False}],
        live_passing=lambda aws: _db_cluster(aws, "encrypted", encrypted=True),
        live_failing=lambda aws: _db_cluster(aws, "plain", encrypted=False),
    ),
    "LF-ENC-006": RuleCases(
        "AWS::EFS::FileSystem",
        passing=[{"Encrypted": True, "KmsKeyId": Unknown("the key's ARN")}],
        failing=[{}, {"Encrypted": False}],
        live_passing=lambda aws: _file_system(aws, "encrypted", encrypted=True),
        live_failing=lambda aws: _file_system(aws, "plain", encrypted=False),
    ),
    "LF-ENC-007": RuleCases(
        "AWS::DynamoDB::Table",
        passing=[
            {**TABLE, "SSESpecification": {"SSEEnabled": True, "SSEType": "KMS"}},
            {**TABLE, "SSESpecification": {"SSEEnabled": True, "KMSMasterKeyId": KEY_ARN}},
        ],
        failing=[
            TABLE,
            {**TABLE, "SSESpecification": {"SSEEnabled": False}},
            {**TABLE, "SSESpecification": {"SSEEnabled": True, "SSEType": "AES256"}},
        ],
        live_passing=lambda aws: _table(
            aws, "kms", SSESpecification={"Enabled": True, "SSEType": "KMS"}
        ),
        live_failing=lambda aws: _table(aws, "owned-key"),
    ),
    "LF-ENC-008": RuleCases(
        "AWS::ElastiCache::ReplicationGroup",
        passing=[{"Engine": "redis", "AtRestEncryptionEnabled": True}],
        failing=[{"Engine": "redis"}, {"Engine": "valkey", "AtRestEncryptionEnabled": False}],
        live_passing=lambda aws: _replication_group(aws, "encrypted", encrypted=True),
        live_failing=lambda aws: _replication_group(aws, "plain", encrypted=False),
    ),
    "LF-ENC-009": RuleCases(
        "AWS::ElastiCache::CacheCluster",
        passing=[
            {"Engine": "redis", "TransitEncryptionEnabled": True},
            {"Engine": "memcached", "NumCacheNodes": 2},
        ],
        failing=[{"Engine": "redis"}, {"Engine": "valkey", "TransitEncryptionEnabled": False}],
        live_passing=lambda aws: _redis_cluster(aws, "tls", encrypted=True),
        live_failing=lambda aws: _redis_cluster(aws, "plain", encrypted=False),
    ),
    "LF-ENC-010": RuleCases(
        "AWS::DocDB::DBCluster",
        passing=[{"StorageEncrypted": True, "KmsKeyId": KEY_ARN}],
        failing=[{}, {"StorageEncrypted": False}],
        no_live="the emulator answers the docdb API with its RDS backend, whose "
        "create_db_cluster refuses Engine docdb (moto 5.2)",
    ),
    "LF-ENC-011": RuleCases(
        "AWS::KMS::Key",
        passing=[
            {"EnableKeyRotation": True},
            {"KeySpec": "RSA_2048", "KeyUsage": "SIGN_VERIFY"},
            {"Origin": "EXTERNAL"},
        ],
        failing=[{}, {"KeySpec": "SYMMETRIC_DEFAULT", "EnableKeyRotation": False}],
        live_passing=lambda aws: _key(aws, rotated=True),
        live_failing=lambda aws: _key(aws, rotated=False),
    ),
    "LF-ENC-012": RuleCases(
        "AWS::SecretsManager::Secret",
        passing=[{"KmsKeyId": KEY_ARN}, {"KmsKeyId": Unknown("the key's ARN")}],
        failing=[
            {},
            {"KmsKeyId": "alias/aws/secretsmanager"},
            {"KmsKeyId": "arn:aws:kms:us-east-1:111122223333:alias/aws/secretsmanager"},
        ],
        live_passing=lambda aws: _secret(aws, "customer-key", customer_key=True),
        live_failing=lambda aws: _secret(aws, "default-key", customer_key=False),
    ),
}
