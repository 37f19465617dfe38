"""Corrections of single services: where moto answers differently from AWS."""

from __future__ import annotations

from typing import Any


def tag_attachments_on_create() -> None:
    """moto 5.2 reads create_transit_gateway_vpc_attachment's TagSpecifications under the
    "transit-gateway-route-table" resource type, so the attachment's tags are lost; AWS
    takes them under "transit-gateway-attachment"."""
    from moto.ec2.responses.transit_gateway_attachments import TransitGatewayAttachment

    parse = TransitGatewayAttachment._parse_tag_specification

    def as_in_aws(self: Any, *args: Any) -> dict[str, dict[str, str]]:
        tags: dict[str, dict[str, str]] = parse(self, *args)
        if "transit-gateway-attachment" in tags:
            tags["transit-gateway-route-table"] = tags["transit-gateway-attachment"]
        return tags

    TransitGatewayAttachment._parse_tag_specification = as_in_aws  # type: ignore[assignment]


def look_up_tags_directly() -> None:
    """moto finds one EC2 resource's tags by matching every tag of the region against a
    regular expression, so a describe of n resources costs n x (all tags): a no-change
    plan of 1,000 resources spent seconds there. An exact lookup returns the same list
    at the cost AWS has, so that benchmarks measure Landform rather than the emulator."""
    from moto.ec2.models.core import TaggedEC2Resource
    from moto.ec2.utils import EC2_PREFIX_TO_RESOURCE, get_prefix

    def get_tags(self: Any) -> list[dict[str, str]]:
        if not self.id:
            return []
        kind = EC2_PREFIX_TO_RESOURCE.get(get_prefix(self.id), "")
        return [
            {"resource_id": self.id, "key": key, "value": value, "resource_type": kind}
            for key, value in self.ec2_backend.tags.get(self.id, {}).items()
        ]

    TaggedEC2Resource.get_tags = get_tags  # type: ignore[method-assign]


def run_ecs_services() -> None:
    """moto runs no containers, so no ECS service of one task or more ever becomes
    stable; AWS runs them within minutes. A new service reports its tasks running."""
    from moto.ecs.models import Service

    init = Service.__init__

    def as_in_aws(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        self.running_count, self.pending_count = self.desired_count, 0
        for deployment in self.deployments:
            deployment.update(
                runningCount=self.desired_count, pendingCount=0, rolloutState="COMPLETED"
            )

    Service.__init__ = as_in_aws  # type: ignore[method-assign]


def honour_num_cache_clusters() -> None:
    """moto 5.2 makes a replication group of one node whatever NumCacheClusters says
    (unless ReplicasPerNodeGroup is given); AWS makes NumCacheClusters nodes."""
    from moto.elasticache.models import ReplicationGroup

    members = ReplicationGroup._set_node_members_clusters_disabled

    def as_in_aws(self: Any, *args: Any, **kwargs: Any) -> None:
        if not kwargs.get("replicas_per_node_group"):
            kwargs["replicas_per_node_group"] = max(0, (kwargs["num_cache_clusters"] or 1) - 1)
        members(self, *args, **kwargs)

    ReplicationGroup._set_node_members_clusters_disabled = as_in_aws  # type: ignore[method-assign]


def finish_cache_deletions() -> None:
    """moto 5.2 leaves a deleted cache cluster or replication group "deleting" forever;
    AWS removes it within minutes. The emulator answers "deleting", then forgets it."""
    from moto.elasticache.models import ElastiCacheBackend

    delete_cluster = ElastiCacheBackend.delete_cache_cluster
    delete_group = ElastiCacheBackend.delete_replication_group

    def cluster_as_in_aws(self: Any, cache_cluster_id: str, **kwargs: Any) -> Any:
        deleted = delete_cluster(self, cache_cluster_id, **kwargs)
        self.cache_clusters.pop(cache_cluster_id, None)
        return deleted

    def group_as_in_aws(self: Any, replication_group_id: str, **kwargs: Any) -> Any:
        deleted = delete_group(self, replication_group_id, **kwargs)
        self.replication_groups.pop(replication_group_id, None)
        return deleted

    ElastiCacheBackend.delete_cache_cluster = cluster_as_in_aws  # type: ignore[method-assign]
    ElastiCacheBackend.delete_replication_group = group_as_in_aws  # type: ignore[method-assign,assignment]


def delete_cache_subnet_groups() -> None:
    """moto 5.2 lacks DeleteCacheSubnetGroup (a 500 "not implemented"), so nothing that
    made a cache subnet group could be destroyed; AWS deletes an unused one."""
    from moto.core.responses import EmptyResult
    from moto.elasticache.exceptions import CacheSubnetGroupNotFound
    from moto.elasticache.responses import ElastiCacheResponse

    def delete_cache_subnet_group(self: Any) -> Any:
        name = self._get_param("CacheSubnetGroupName")
        if self.elasticache_backend.cache_subnet_groups.pop(name, None) is None:
            raise CacheSubnetGroupNotFound(name)
        return EmptyResult()

    ElastiCacheResponse.delete_cache_subnet_group = delete_cache_subnet_group  # type: ignore[attr-defined]


def refuse_deleting_unknown_transit_gateways() -> None:
    """moto 5.2 fails with a 500 (a KeyError) deleting a transit gateway or attachment it
    does not know; AWS answers the *.NotFound error that says it is gone."""
    from moto.ec2.exceptions import EC2ClientError
    from moto.ec2.models.transit_gateway import TransitGatewayBackend
    from moto.ec2.models.transit_gateway_attachments import TransitGatewayAttachmentBackend

    def not_found(delete: Any, code: str, known: str) -> Any:
        def as_in_aws(self: Any, *args: Any, **kwargs: Any) -> Any:
            (resource_id,) = (*args, *kwargs.values())
            if resource_id not in getattr(self, known):
                raise EC2ClientError(code, f"The ID '{resource_id}' does not exist")
            return delete(self, *args, **kwargs)

        return as_in_aws

    TransitGatewayBackend.delete_transit_gateway = not_found(  # type: ignore[method-assign]
        TransitGatewayBackend.delete_transit_gateway,
        "InvalidTransitGatewayID.NotFound",
        "transit_gateways",
    )
    TransitGatewayAttachmentBackend.delete_transit_gateway_vpc_attachment = not_found(  # type: ignore[method-assign]
        TransitGatewayAttachmentBackend.delete_transit_gateway_vpc_attachment,
        "InvalidTransitGatewayAttachmentID.NotFound",
        "transit_gateway_attachments",
    )


ROOT_PASSWORD = "root_password_enabled"
"""The emulator's IAM backend attribute saying whether the account's root user has a
password (moto models no root user); unset, it is as AWS opens accounts (see below)."""


def report_the_root_user() -> None:
    """moto 5.2's credential report lists IAM users only; AWS's begins with the account's
    root user, "<root_account>". Its row here is what moto holds of the root user: the
    account summary's AccountMFAEnabled, AccountAccessKeysPresent and
    AccountSigningCertificatesPresent, and a password per the backend's ROOT_PASSWORD,
    else as AWS opens accounts: one an organization created has no root password (the
    report says FALSE: no root credentials until someone recovers them), one opened by
    signing up has the password it was opened with."""
    from moto.iam.models import IAMBackend

    report = IAMBackend.get_credential_report

    def as_in_aws(self: Any) -> str:
        header, _, users = str(report(self)).partition("\n")
        return f"{header}\n{_root_row(self)}\n{users}"

    IAMBackend.get_credential_report = as_in_aws  # type: ignore[method-assign]


def _root_row(iam: Any) -> str:
    """The credential report's row of the root user of an IAM backend's account."""
    from moto.core.utils import utcnow
    from moto.organizations.models import organizations_backends

    made_by_organization = iam.account_id in organizations_backends.master_accounts
    password = getattr(iam, ROOT_PASSWORD, not made_by_organization)
    summary = iam.account_summary
    key = summary._account_access_keys_present
    certificate = summary._account_signing_certificates_present
    now = utcnow().strftime("%Y-%m-%dT%H:%M:%S+00:00")
    return ",".join(
        [
            "<root_account>",
            f"arn:{iam.partition}:iam::{iam.account_id}:root",
            now,
            _flag(password),
            "no_information" if password else "N/A",
            "not_supported",  # password_last_changed
            "not_supported",  # password_next_rotation
            _flag(summary._account_mfa_enabled),
            _flag(key),
            now if key else "N/A",
            *["N/A"] * 3,  # the key's last use: date, region, service
            "false",
            *["N/A"] * 4,  # no second key
            _flag(certificate),
            now if certificate else "N/A",
            "false",
            "N/A",  # no second certificate
        ]
    )


def _flag(value: Any) -> str:
    return "true" if value else "false"


def tag_dashboards() -> None:
    """moto ignores put_dashboard's Tags, refuses tag_resource on a dashboard's ARN (it
    tags alarms and insight rules only) and keeps a deleted dashboard's tags; AWS tags a
    dashboard when put_dashboard creates it (Tags are ignored for one that exists),
    through tag_resource and untag_resource on its ARN, and forgets the tags with the
    dashboard."""
    from moto.cloudwatch.models import CloudWatchBackend
    from moto.cloudwatch.responses import CloudWatchResponse

    put = CloudWatchResponse.put_dashboard

    def put_as_in_aws(self: Any) -> Any:
        backend = self.cloudwatch_backend
        made = backend.get_dashboard(self._get_param("DashboardName")) is None
        result = put(self)
        if made:
            arn = backend.get_dashboard(self._get_param("DashboardName")).arn
            backend.tagger.tag_resource(arn, self._get_param("Tags", []))
        return result

    tag = CloudWatchBackend.tag_resource

    def tag_as_in_aws(self: Any, arn: str, tags: dict[str, str]) -> None:
        if not any(dashboard.arn == arn for dashboard in self.dashboards.values()):
            return tag(self, arn, tags)
        self.tagger.tag_resource(arn, self.tagger.convert_dict_to_tags_input(tags))
        return None

    delete = CloudWatchBackend.delete_dashboards

    def delete_as_in_aws(self: Any, dashboards: list[str]) -> str | None:
        arns = [self.dashboards[n].arn for n in dashboards if n in self.dashboards]
        error = delete(self, dashboards)
        if error is None:
            for arn in arns:
                self.tagger.delete_all_tags_for_resource(arn)
        return error

    CloudWatchResponse.put_dashboard = put_as_in_aws  # type: ignore[method-assign]
    CloudWatchBackend.tag_resource = tag_as_in_aws  # type: ignore[method-assign]
    CloudWatchBackend.delete_dashboards = delete_as_in_aws  # type: ignore[method-assign]


AWS_MANAGED_EBS_KEY = "alias/aws/ebs"
"""What AWS reads back as a region's default EBS key while no other has been set."""


def answer_the_default_ebs_key() -> None:
    """moto 5.2 keeps a region's default EBS key (modify_ebs_default_kms_key_id) but does
    not answer get_ebs_default_kms_key_id or reset_ebs_default_kms_key_id. AWS answers
    both with the key in force: the ARN of the key set, else its own managed key,
    alias/aws/ebs (which reset makes the default again)."""
    from moto.core.responses import ActionResult
    from moto.ec2.responses import EC2Response

    def key_in_force(self: Any) -> ActionResult:
        return ActionResult(
            {"KmsKeyId": self.ec2_backend.default_kms_key_id or AWS_MANAGED_EBS_KEY}
        )

    def reset(self: Any) -> ActionResult:
        self.ec2_backend.default_kms_key_id = ""
        return key_in_force(self)

    EC2Response.get_ebs_default_kms_key_id = key_in_force  # type: ignore[attr-defined]
    EC2Response.reset_ebs_default_kms_key_id = reset  # type: ignore[attr-defined]


def change_a_functions_key() -> None:
    """moto 5.2 sets a Lambda function's KMSKeyArn at creation only: its
    update_function_configuration ignores it. AWS changes the key, and an empty
    KMSKeyArn gives the function AWS's own key again (the field then goes from its
    configuration)."""
    from moto.awslambda.models import LambdaFunction

    update = LambdaFunction.update_configuration

    def as_in_aws(self: Any, config_updates: dict[str, Any]) -> dict[str, Any]:
        if "KMSKeyArn" in config_updates:
            self.kms_key_arn = config_updates["KMSKeyArn"] or None
        return update(self, config_updates)

    LambdaFunction.update_configuration = as_in_aws  # type: ignore[method-assign]
