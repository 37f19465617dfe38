"""FileSystem: an encrypted EFS file system, reachable over NFS from the private subnets."""

from __future__ import annotations

from collections.abc import Iterable

from landform.aws import ec2, efs, kms
from landform.constructs.network import Network
from landform.constructs.retention import ConstructPolicy, declared_since, keep_together
from landform.model import Input, Ref, Stack

NFS_PORT = 2049


class FileSystem:
    """An AWS::EFS::FileSystem `<name>`, encrypted with `key` (or EFS's AWS-managed key
    when None), moving files to Infrequent Access `lifecycle_to_ia` (e.g. "AFTER_30_DAYS";
    None: never), with automatic backups unless `backups=False`.

    An AWS::EC2::SecurityGroup `<name>-nfs` admits NFS (TCP 2049) from the security groups
    whose ids are `allowed_security_groups`, and nothing else; it has no outbound rule (a
    mount target only answers). An AWS::EFS::MountTarget `<name>-mount-<zone letter>` in
    each private subnet of `network` carries that group.
    Attributes: `file_system`, `security_group`, `mount_targets`.

    `deletion_policy="Retain"` keeps everything it declares in AWS once it leaves the
    model, is destroyed or is replaced, so the data stays usable (landform.constructs.retention).
    """

    def __init__(
        self,
        stack: Stack,
        name: str,
        *,
        network: Network,
        allowed_security_groups: Iterable[Input[str]] = (),
        key: kms.Key | None = None,
        lifecycle_to_ia: str | None = "AFTER_30_DAYS",
        backups: bool = True,
        deletion_policy: ConstructPolicy | None = None,
    ) -> None:
        mark = declared_since(stack)
        self.file_system = efs.FileSystem(
            stack,
            name,
            encrypted=True,
            kms_key_id=key.arn if key else None,
            lifecycle_policies=[{"TransitionToIA": lifecycle_to_ia}] if lifecycle_to_ia else None,
            backup_policy={"Status": "ENABLED" if backups else "DISABLED"},
        )
        self.security_group = ec2.SecurityGroup(
            stack,
            f"{name}-nfs",
            group_description=f"NFS to the {name} file system",
            vpc_id=network.vpc.id,
            security_group_ingress=[
                {
                    "IpProtocol": "tcp",
                    "FromPort": NFS_PORT,
                    "ToPort": NFS_PORT,
                    "SourceSecurityGroupId": group,
                    "Description": "NFS",
                }
                for group in allowed_security_groups
            ],
            security_group_egress=[],
        )
        self.mount_targets = [
            efs.MountTarget(
                stack,
                f"{name}-mount-{zone.letter}",
                file_system_id=self.file_system.id,
                subnet_id=subnet.id,
                security_groups=[self.security_group.group_id],
            )
            for zone, subnet in zip(network.zones, network.private_subnets, strict=True)
        ]
        keep_together(stack, name, mark, deletion_policy)

    @property
    def id(self) -> Ref:
        """The file system's id (what CloudFormation's Ref returns)."""
        return self.file_system.id

    @property
    def arn(self) -> Ref:
        return self.file_system.arn
