"""Database: an encrypted RDS database in a network's private subnets, reachable on its
port from given security groups only, its master password kept by RDS."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeAlias

from landform.aws import ec2, kms, rds
from landform.constructs.arguments import argument_error, check_choice
from landform.constructs.network import Network
from landform.constructs.retention import ConstructPolicy, declared_since, keep_together
from landform.constructs.security_group import WebSecurityGroup
from landform.model import Input, Join, Ref, Stack

SecurityGroupLike: TypeAlias = ec2.SecurityGroup | WebSecurityGroup | str | Ref | Join
"""A security group, or its id."""


@dataclass(frozen=True)
class _Engine:
    port: int
    instance_class: str
    """The default DB instance class: the smallest that suits the engine."""
    aurora: bool = False


ENGINES = {
    "postgres": _Engine(5432, "db.t4g.micro"),
    "mysql": _Engine(3306, "db.t4g.micro"),
    "sqlserver-ex": _Engine(1433, "db.t3.small"),
    "sqlserver-web": _Engine(1433, "db.t3.small"),
    "sqlserver-se": _Engine(1433, "db.t3.xlarge"),
    "sqlserver-ee": _Engine(1433, "db.t3.xlarge"),
    "aurora-postgresql": _Engine(5432, "db.t4g.medium", aurora=True),
    "aurora-mysql": _Engine(3306, "db.t4g.medium", aurora=True),
}
FAMILIES = {"sqlserver": "sqlserver-ex"}
"""Engine families and the engine they mean: SQL Server Express, which has no licence
fee (name sqlserver-se, -ee or -web for another edition)."""

BACKUP_DAYS = 7


class Database:
    """An RDS database `<name>`: a DB instance, or for an aurora-* engine a DB cluster
    `<name>` with `instances` DB instances `<name>-1`, `<name>-2`, ...

    Also declares a DB subnet group `<name>-subnets` over `network.private_subnets`, a
    security group `<name>-sg` in the network's VPC admitting TCP on the engine's port
    from `allowed_security_groups` only (no address ranges, no outbound rules), and,
    unless `key` is given, a KMS key `<name>-key` with rotation. Storage is encrypted with
    the key; RDS generates and keeps the master password in Secrets Manager
    (ManageMasterUserPassword), so no password passes through Landform; backups are kept
    BACKUP_DAYS days. Deletion protection is on when the stack's Environment tag (app
    tags, then stack tags) is "production".

    `engine` is postgres, mysql, sqlserver-ex/-web/-se/-ee (or "sqlserver": Express),
    aurora-postgresql or aurora-mysql; `instance_class` defaults to the engine's
    smallest suitable class, `allocated_storage` (GiB) applies to standalone instances.
    Attributes: `instance` or `cluster` (the other None), `instances`, `security_group`,
    `subnet_group`, `key`, `port` and `endpoint` (the address to connect to).

    `deletion_policy="Retain"` keeps everything it declares in AWS once it leaves the
    model, is destroyed or is replaced, so the data stays usable (landform.constructs.retention).
    """

    def __init__(
        self,
        stack: Stack,
        name: str,
        *,
        network: Network,
        engine: str,
        instance_class: str | None = None,
        allocated_storage: int = 20,
        allowed_security_groups: Iterable[SecurityGroupLike] = (),
        key: kms.Key | None = None,
        instances: int = 2,
        engine_version: str | None = None,
        database_name: str | None = None,
        master_username: str = "dbadmin",
        deletion_policy: ConstructPolicy | None = None,
    ) -> None:
        mark = declared_since(stack)
        engine = FAMILIES.get(engine, engine)
        check_choice(stack, name, "engine", engine, [*ENGINES, *FAMILIES])
        spec = ENGINES[engine]
        if engine.startswith("sqlserver") and database_name is not None:
            raise argument_error(
                stack,
                name,
                "SQL Server takes no database_name",
                hint="leave database_name out and create databases once connected",
            )
        if spec.aurora and instances < 1:
            raise argument_error(
                stack, name, f"instances={instances}", hint="an Aurora cluster needs instances>=1"
            )
        self.port = spec.port
        self.key = key or encryption_key(stack, name, "database")
        self.subnet_group = rds.DBSubnetGroup(
            stack,
            f"{name}-subnets",
            db_subnet_group_description=f"Private subnets of database {name}",
            subnet_ids=[subnet.id for subnet in network.private_subnets],
        )
        self.security_group = reachable_from(
            stack, name, network, self.port, engine, allowed_security_groups
        )
        shared: dict[str, Any] = {
            "engine": engine,
            "engine_version": engine_version,
            "master_username": master_username,
            "manage_master_user_password": True,
            "storage_encrypted": True,
            "kms_key_id": self.key.arn,
            "db_subnet_group_name": self.subnet_group.id,
            "deletion_protection": in_production(stack),
            "backup_retention_period": BACKUP_DAYS,
            "copy_tags_to_snapshot": True,
        }
        instance_class = instance_class or spec.instance_class
        self.cluster: rds.DBCluster | None = None
        self.instance: rds.DBInstance | None = None
        if spec.aurora:
            self.cluster = rds.DBCluster(
                stack,
                name,
                database_name=database_name,
                vpc_security_group_ids=[self.security_group.group_id],
                **shared,
            )
            self.instances = [
                rds.DBInstance(
                    stack,
                    f"{name}-{n}",
                    engine=engine,
                    db_cluster_identifier=self.cluster.id,
                    db_instance_class=instance_class,
                    publicly_accessible=False,
                )
                for n in range(1, instances + 1)
            ]
            self.endpoint = self.cluster.attr("Endpoint.Address")
        else:
            self.instance = rds.DBInstance(
                stack,
                name,
                db_instance_class=instance_class,
                allocated_storage=str(allocated_storage),
                db_name=database_name,
                vpc_security_groups=[self.security_group.group_id],
                publicly_accessible=False,
                **shared,
            )
            self.instances = [self.instance]
            self.endpoint = self.instance.attr("Endpoint.Address")
        keep_together(stack, name, mark, deletion_policy)


def encryption_key(stack: Stack, name: str, what: str) -> kms.Key:
    """A KMS key `<name>-key`, rotated yearly, for the database `name`."""
    return kms.Key(
        stack, f"{name}-key", description=f"Encrypts {what} {name}", enable_key_rotation=True
    )


def reachable_from(
    stack: Stack,
    name: str,
    network: Network,
    port: int,
    engine: str,
    groups: Iterable[SecurityGroupLike],
) -> ec2.SecurityGroup:
    """A security group `<name>-sg` admitting TCP `port` from `groups`, and nothing else
    (no address ranges, no outbound rules)."""
    return ec2.SecurityGroup(
        stack,
        f"{name}-sg",
        group_description=f"Database {name}: {engine} on {port} from allowed groups only",
        vpc_id=network.vpc.id,
        security_group_ingress=[
            {
                "IpProtocol": "tcp",
                "FromPort": port,
                "ToPort": port,
                "SourceSecurityGroupId": _group_id(group),
                "Description": f"{engine} clients",
            }
            for group in groups
        ],
        security_group_egress=[],
    )


def _group_id(group: SecurityGroupLike) -> Input[str]:
    if isinstance(group, ec2.SecurityGroup):
        return group.group_id
    if isinstance(group, WebSecurityGroup):
        return group.id
    return group


def in_production(stack: Stack) -> bool:
    """Whether the stack's Environment tag (app tags, then stack tags) is production."""
    return {**stack.app.tags, **stack.tags}.get("Environment") == "production"
