"""DocumentDatabase: an encrypted DocumentDB cluster in a network's private subnets,
reachable on 27017 from given security groups only, its master password kept by AWS."""

from __future__ import annotations

from collections.abc import Iterable

from landform.aws import docdb, kms
from landform.constructs.arguments import argument_error
from landform.constructs.database import (
    BACKUP_DAYS,
    SecurityGroupLike,
    encryption_key,
    in_production,
    reachable_from,
)
from landform.constructs.network import Network
from landform.constructs.retention import ConstructPolicy, declared_since, keep_together
from landform.handlers.base import physical_name
from landform.model import Ref, Stack

PORT = 27017


class DocumentDatabase:
    """A DocumentDB cluster `<name>` with `instances` DB instances `<name>-1`, ...

    Also declares a DB subnet group `<name>-subnets` over `network.private_subnets`, a
    security group `<name>-sg` admitting TCP 27017 from `allowed_security_groups` only,
    and, unless `key` is given, a KMS key `<name>-key` with rotation. Storage is encrypted
    with the key; DocumentDB generates and keeps the master password in Secrets Manager
    (its schema has ManageMasterUserPassword), so no password passes through Landform;
    backups are kept BACKUP_DAYS days; deletion protection is on in production (the
    stack's Environment tag).

    CloudFormation gives DocumentDB clusters and instances no tags, so Landform knows
    them by identifier: the construct derives each from its address (the same on every
    run), and gives them the app's and stack's tags as a plain property. A change that
    replaces the cluster (another key) therefore needs the cluster renamed first.
    Attributes: `cluster`, `instances`, `security_group`, `subnet_group`, `key`, `port`
    and `endpoint` (the cluster's address).

    `deletion_policy="Retain"` keeps everything it declares in AWS once it leaves the
    model, is destroyed or is replaced, so the data stays usable (landform.constructs.retention).
    """

    def __init__(
        self,
        stack: Stack,
        name: str,
        *,
        network: Network,
        allowed_security_groups: Iterable[SecurityGroupLike] = (),
        instances: int = 1,
        instance_class: str = "db.t3.medium",
        key: kms.Key | None = None,
        deletion_policy: ConstructPolicy | None = None,
    ) -> None:
        mark = declared_since(stack)
        if instances < 1:
            raise argument_error(
                stack, name, f"instances={instances}", hint="a cluster needs instances>=1"
            )
        self.port = PORT
        self.key = key or encryption_key(stack, name, "document database")
        self.subnet_group = docdb.DBSubnetGroup(
            stack,
            f"{name}-subnets",
            db_subnet_group_description=f"Private subnets of document database {name}",
            subnet_ids=[subnet.id for subnet in network.private_subnets],
        )
        self.security_group = reachable_from(
            stack, name, network, PORT, "docdb", allowed_security_groups
        )
        house = {**stack.app.tags, **stack.tags}
        tags = [{"Key": tag, "Value": value} for tag, value in sorted(house.items())]
        self.cluster = docdb.DBCluster(
            stack,
            name,
            db_cluster_identifier=_identifier(stack, name),
            master_username="dbadmin",
            manage_master_user_password=True,
            storage_encrypted=True,
            kms_key_id=self.key.arn,
            db_subnet_group_name=self.subnet_group.id,
            vpc_security_group_ids=[self.security_group.group_id],
            deletion_protection=in_production(stack),
            backup_retention_period=BACKUP_DAYS,
            tags=tags,
        )
        self.instances = [
            docdb.DBInstance(
                stack,
                f"{name}-{n}",
                db_instance_identifier=_identifier(stack, f"{name}-{n}"),
                db_cluster_identifier=self.cluster.id,
                db_instance_class=instance_class,
                tags=tags,
            )
            for n in range(1, instances + 1)
        ]
        self.endpoint = Ref(self.cluster, "Endpoint")
        """The cluster's address (its writer endpoint)."""
        keep_together(stack, name, mark, deletion_policy)


def _identifier(stack: Stack, logical_id: str) -> str:
    """The identifier of a DocumentDB resource: readable, and the same on every run."""
    address = f"{stack.address}/{logical_id}"
    return physical_name(address, stack.account, str(stack.region))
