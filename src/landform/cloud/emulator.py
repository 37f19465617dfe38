"""The embedded AWS emulator (moto's server) on a free loopback port.

`start_in_process` serves from a thread of the current process (for one command or a test
session); `start_background` runs it as a detached process and records its port and pid in
`<project>/.landform/emulator.json`, which `--local` reads.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from landform.errors import LandformError

RECORD = "emulator.json"


@dataclass(frozen=True)
class Emulator:
    """A running emulator: its endpoint, and the pid that serves it."""

    endpoint_url: str
    pid: int


class InProcessEmulator:
    """moto's server in a thread of this process, bound to 127.0.0.1 on port 0.

    Requests are answered one at a time: moto's backends are not thread-safe (concurrent
    creates in one VPC fail with "dictionary changed size during iteration"), while AWS
    is. Clients still overlap their round trips; moto is bound by one core either way.
    """

    def __init__(self, managed_policies: bool = True) -> None:
        """`managed_policies`: hold AWS's managed IAM policies, as every AWS account does
        (loading them takes the emulator a few seconds per account)."""
        if managed_policies:
            os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
        try:
            from moto.moto_server.werkzeug_app import (
                DomainDispatcherApplication,
                create_backend_app,
            )
        except ImportError as error:
            raise LandformError(
                "the local emulator needs moto[server]",
                hint="pip install 'landform[local]'",
            ) from error
        self._app: Any = DomainDispatcherApplication(create_backend_app)
        self._lock = threading.Lock()
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def _serialized(self, environ: Any, start_response: Any) -> list[bytes]:
        with self._lock:
            return list(self._app(environ, start_response))

    def start(self) -> Emulator:
        import logging

        from werkzeug.serving import make_server

        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        _behave_as_aws()
        self._server = make_server("127.0.0.1", 0, self._serialized, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return Emulator(f"http://127.0.0.1:{self._server.server_port}", os.getpid())

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
        if self._thread is not None:
            self._thread.join()


def _behave_as_aws() -> None:
    """Correct the emulator where it differs from AWS in what Landform relies on."""
    if getattr(_behave_as_aws, "done", False):
        return
    _tag_attachments_on_create()
    _look_up_tags_directly()
    _run_ecs_services()
    _honour_num_cache_clusters()
    _finish_cache_deletions()
    _delete_cache_subnet_groups()
    _refuse_deleting_unknown_transit_gateways()
    _share_with_units_from_member_accounts()
    _tag_resource_shares()
    _associate_resource_shares()
    _attach_to_shared_transit_gateways()
    _keep_attachment_tags_per_account()
    _route_to_shared_transit_gateways()
    _behave_as_aws.done = True  # type: ignore[attr-defined]


def _tag_attachments_on_create() -> None:
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


def _look_up_tags_directly() -> None:
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


def _run_ecs_services() -> None:
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


def _honour_num_cache_clusters() -> None:
    """moto 5.2 makes a replication group of one node whatever NumCacheClusters says
    (unless ReplicasPerNodeGroup is given); AWS makes NumCacheClusters nodes."""
    from moto.elasticache.models import ReplicationGroup

    members = ReplicationGroup._set_node_members_clusters_disabled

    def as_in_aws(self: Any, *args: Any, **kwargs: Any) -> None:
        if not kwargs.get("replicas_per_node_group"):
            kwargs["replicas_per_node_group"] = max(0, (kwargs["num_cache_clusters"] or 1) - 1)
        members(self, *args, **kwargs)

    ReplicationGroup._set_node_members_clusters_disabled = as_in_aws  # type: ignore[method-assign]


def _finish_cache_deletions() -> None:
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


def _delete_cache_subnet_groups() -> None:
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


def _refuse_deleting_unknown_transit_gateways() -> None:
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


def _organization_of(account: str) -> Any:
    """moto's organizations data for `account`: its management account's, where moto keeps
    the organization (the account's own where it belongs to none)."""
    from moto.organizations.models import organizations_backends

    management, partition = organizations_backends.master_accounts.get(account, (account, "aws"))
    return organizations_backends[management][partition]


def _share_with_units_from_member_accounts() -> None:
    """moto checks an OU principal of a resource share against the sharing account's own
    organizations data, which only the management account holds, so a member account (a
    shared-services account) cannot share with an OU (ParentNotFoundException); AWS lets
    any account of the organization share with its OUs, once the management account has
    enabled sharing with the organization."""
    from moto.ram.models import ResourceShare

    ResourceShare.organizations_backend = property(  # type: ignore[assignment,method-assign]
        lambda self: _organization_of(self.account_id)
    )


def _resource_share(response: Any) -> Any:
    """The share named by a RAM request's resourceShareArn, as AWS finds it."""
    from moto.ram.exceptions import UnknownResourceException

    arn = response._get_param("resourceShareArn")
    for share in response.ram_backend.resource_shares:
        if share.arn == arn:
            return share
    raise UnknownResourceException(f"ResourceShare {arn} could not be found.")


def _route_ram(**actions: Any) -> None:
    """Serve RAM actions moto 5.2 lacks (by URL path, as RAM's REST API names them)."""
    from moto.ram import urls
    from moto.ram.responses import ResourceAccessManagerResponse

    for name, action in actions.items():
        setattr(ResourceAccessManagerResponse, name, action)
        urls.url_paths["{0}/" + name.replace("_", "") + "$"] = (
            ResourceAccessManagerResponse.dispatch
        )


def _tag_resource_shares() -> None:
    """moto 5.2 keeps no tags on a resource share, ignores get_resource_shares' tagFilters
    and lacks TagResource and UntagResource (a 404); AWS keeps a share's tags, returns
    them with the share, filters shares on them, and changes them."""
    from moto.ram.models import ResourceShare

    init, describe = ResourceShare.__init__, ResourceShare.describe

    def init_as_in_aws(self: Any, account_id: str, region: str, **kwargs: Any) -> None:
        init(self, account_id, region, **kwargs)
        self.tags = tag_map(kwargs.get("tags", []))

    def describe_as_in_aws(self: Any) -> dict[str, Any]:
        tags = [{"key": key, "value": value} for key, value in self.tags.items()]
        return {**describe(self), "tags": tags}

    def tag_map(tags: list[dict[str, str]]) -> dict[str, str]:
        return {tag["key"]: tag["value"] for tag in tags}

    def matches(tags: dict[str, str], wanted: dict[str, Any]) -> bool:
        key, values = wanted.get("tagKey"), wanted.get("tagValues")
        found = [tags[key]] if key in tags else [] if key else list(tags.values())
        return bool(found) and (not values or any(value in values for value in found))

    def get_resource_shares(self: Any) -> str:
        shares = self.ram_backend.get_resource_shares(self._get_param("resourceOwner"))
        filters = self._get_param("tagFilters", [])
        shares["resourceShares"] = [
            share
            for share in shares["resourceShares"]
            if all(matches(tag_map(share["tags"]), f) for f in filters)
        ]
        return json.dumps(shares)

    def tag_resource(self: Any) -> str:
        _resource_share(self).tags.update(tag_map(self._get_param("tags", [])))
        return "{}"

    def untag_resource(self: Any) -> str:
        share = _resource_share(self)
        for key in self._get_param("tagKeys", []):
            share.tags.pop(key, None)
        return "{}"

    ResourceShare.__init__ = init_as_in_aws  # type: ignore[method-assign]
    ResourceShare.describe = describe_as_in_aws  # type: ignore[method-assign]
    _route_ram(
        get_resource_shares=get_resource_shares,
        tag_resource=tag_resource,
        untag_resource=untag_resource,
    )


def _associate_resource_shares() -> None:
    """moto 5.2 lacks AssociateResourceShare and DisassociateResourceShare (a 404); AWS
    adds resources and principals to a share, and removes them, in place."""

    def associations(share: Any, principals: list[str], resources: list[str], status: str) -> str:
        made = [(p, "PRINCIPAL") for p in principals] + [(r, "RESOURCE") for r in resources]
        return json.dumps(
            {
                "resourceShareAssociations": [
                    {
                        "resourceShareArn": share.arn,
                        "associatedEntity": entity,
                        "associationType": kind,
                        "status": status,
                    }
                    for entity, kind in made
                ]
            }
        )

    def associate_resource_share(self: Any) -> str:
        share = _resource_share(self)
        principals = [p for p in self._get_param("principals", []) if p not in share.principals]
        resources = [r for r in self._get_param("resourceArns", []) if r not in share.resource_arns]
        share.add_principals(principals)
        share.add_resources(resources)
        return associations(share, principals, resources, "ASSOCIATING")

    def disassociate_resource_share(self: Any) -> str:
        share = _resource_share(self)
        principals = [p for p in self._get_param("principals", []) if p in share.principals]
        resources = [r for r in self._get_param("resourceArns", []) if r in share.resource_arns]
        share.principals = [p for p in share.principals if p not in principals]
        share.resource_arns = [r for r in share.resource_arns if r not in resources]
        return associations(share, principals, resources, "DISASSOCIATING")

    _route_ram(
        associate_resource_share=associate_resource_share,
        disassociate_resource_share=disassociate_resource_share,
    )


def _principals_covering(account: str) -> set[str]:
    """The RAM principals that share with `account`: its id, its organization, the OUs
    it is in (at any depth)."""
    organization = _organization_of(account)
    if organization.org is None:
        return {account}
    found = {account, organization.org.arn}
    parent = organization.get_account_by_id(account).parent_id
    while parent:
        unit = organization.get_organizational_unit_by_id(parent)
        found.add(unit.arn)
        parent = unit.parent_id
    return found


def _shared_transit_gateway(account: str, region: str, gateway_id: str) -> Any:
    """Gateway `gateway_id` of another account, where an active RAM share of its owner
    shares it with `account` (None otherwise)."""
    from moto.ec2.models import ec2_backends
    from moto.ram.models import ram_backends

    principals = _principals_covering(account)
    ram: Any
    for owner, share_region, ram in ram_backends.iter_backends():
        arn = f"arn:{ram.partition}:ec2:{region}:{owner}:transit-gateway/{gateway_id}"
        shared = any(
            share.status == "ACTIVE"
            and arn in share.resource_arns
            and principals & set(share.principals)
            for share in ram.resource_shares
        )
        if shared and share_region == region:
            return ec2_backends[owner][region].transit_gateways.get(gateway_id)
    return None


def _attach_to_shared_transit_gateways() -> None:
    """moto keeps transit gateways per account, so an account cannot attach a VPC to a
    gateway another account shares with it through RAM (InvalidTransitGatewayID.NotFound).
    AWS lets it: the attachment is the attaching account's, the gateway's owner sees it
    too, and it is "available" at once where the gateway accepts shared attachments
    automatically ("pendingAcceptance" until the owner accepts it otherwise)."""
    from moto.ec2.models.transit_gateway_attachments import (
        TransitGatewayAttachmentBackend,
        TransitGatewayVpcAttachment,
    )

    create = TransitGatewayAttachmentBackend.create_transit_gateway_vpc_attachment

    def as_in_aws(
        self: Any,
        transit_gateway_id: str,
        vpc_id: str,
        subnet_ids: list[str],
        tags: dict[str, str] | None = None,
        options: dict[str, str] | None = None,
    ) -> Any:
        gateway = None
        if transit_gateway_id not in self.transit_gateways:
            gateway = _shared_transit_gateway(self.account_id, self.region_name, transit_gateway_id)
        if gateway is None:
            return create(self, transit_gateway_id, vpc_id, subnet_ids, tags, options)
        attachment = TransitGatewayVpcAttachment(self, gateway, vpc_id, subnet_ids, tags, options)
        owner = gateway.ec2_backend
        self.transit_gateway_attachments[attachment.id] = attachment
        owner.transit_gateway_attachments[attachment.id] = attachment
        if gateway.options["AutoAcceptSharedAttachments"] == "enable":
            owner.set_route_table_association(attachment.id, gateway.default_route_table.id)
        else:
            attachment.state = "pendingAcceptance"
        return attachment

    TransitGatewayAttachmentBackend.create_transit_gateway_vpc_attachment = as_in_aws  # type: ignore[method-assign]


def _keep_attachment_tags_per_account() -> None:
    """moto shows a shared gateway's owner the attaching account's tags on the attachment;
    in AWS tags belong to one account, so the owner's tag filters never match an
    attachment another account made (and tagged)."""
    from moto.ec2.models.transit_gateway_attachments import TransitGatewayAttachmentBackend

    def own_tags_only(describe: Any) -> Any:
        def as_in_aws(
            self: Any, transit_gateways_attachment_ids: Any = None, filters: Any = None
        ) -> Any:
            found = describe(self, transit_gateways_attachment_ids, filters)
            if any(name.startswith("tag") for name in filters or {}):
                found = [attachment for attachment in found if attachment.ec2_backend is self]
            return found

        return as_in_aws

    backend = TransitGatewayAttachmentBackend
    backend.describe_transit_gateway_attachments = own_tags_only(  # type: ignore[method-assign]
        backend.describe_transit_gateway_attachments
    )
    backend.describe_transit_gateway_vpc_attachments = own_tags_only(  # type: ignore[method-assign]
        backend.describe_transit_gateway_vpc_attachments
    )


def _route_to_shared_transit_gateways() -> None:
    """moto looks a route's transit gateway up in the route table's own account, and
    drops a target it does not find there; AWS routes to a gateway that another account
    shares with this one through RAM."""
    import inspect

    from moto.ec2.models.route_tables import RouteBackend

    def shared_target(original: Any) -> Any:
        signature = inspect.signature(original)

        def as_in_aws(self: Any, *args: Any, **kwargs: Any) -> Any:
            route = original(self, *args, **kwargs)
            wanted = signature.bind(self, *args, **kwargs).arguments.get("transit_gateway_id")
            if wanted and route.transit_gateway is None:
                route.transit_gateway = _shared_transit_gateway(
                    self.account_id, self.region_name, wanted
                )
            return route

        return as_in_aws

    RouteBackend.create_route = shared_target(RouteBackend.create_route)  # type: ignore[method-assign]
    RouteBackend.replace_route = shared_target(RouteBackend.replace_route)  # type: ignore[method-assign]


def running(state_dir: Path) -> Emulator | None:
    """The background emulator recorded under `state_dir`, if it still answers."""
    record = state_dir / RECORD
    if not record.exists():
        return None
    data = json.loads(record.read_text())
    emulator = Emulator(data["endpoint_url"], int(data["pid"]))
    return emulator if _answers(emulator.endpoint_url) else None


def start_background(state_dir: Path, timeout: float = 30.0) -> Emulator:
    """Start a detached emulator process and wait until it answers."""
    existing = running(state_dir)
    if existing is not None:
        return existing
    state_dir.mkdir(parents=True, exist_ok=True)
    record = state_dir / RECORD
    record.unlink(missing_ok=True)
    log = (state_dir / "emulator.log").open("ab")
    subprocess.Popen(
        [sys.executable, "-m", "landform.cloud.emulator", str(state_dir)],
        stdout=log,
        stderr=log,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        cwd=state_dir,  # not the project's directory, whose landform.py would shadow ours
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = running(state_dir)
        if found is not None:
            return found
        time.sleep(0.1)
    raise LandformError(
        f"the emulator did not start within {timeout:.0f} s",
        hint=f"see {state_dir / 'emulator.log'}",
    )


def stop_background(state_dir: Path) -> bool:
    """Stop the recorded emulator; False if none was running."""
    emulator = running(state_dir)
    (state_dir / RECORD).unlink(missing_ok=True)
    if emulator is None:
        return False
    os.kill(emulator.pid, signal.SIGTERM)
    return True


def _answers(endpoint_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{endpoint_url}/moto-api/", timeout=2):
            return True
    except OSError:
        return False


def _serve(state_dir: Path) -> None:
    """Entry point of the background process: serve until terminated."""
    server = InProcessEmulator()
    emulator = server.start()
    record = state_dir / RECORD
    temporary = record.with_suffix(".tmp")
    temporary.write_text(json.dumps({"endpoint_url": emulator.endpoint_url, "pid": emulator.pid}))
    temporary.replace(record)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    server.stop()


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    _serve(Path(sys.argv[1]))
