"""What the EKS handlers share: the clusters listed, the API's key names, tags, adoption,
waits.

The EKS API spells CloudFormation's keys with a lower-case first letter (SubnetIds is
subnetIds), at every depth but inside maps of user keys (labels, tags).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

from landform.errors import LandformError
from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    address_of,
    error_code,
    ignoring,
    physical_name,
    present,
    read_each,
    tag_delta,
    tag_list,
)
from landform.model.tags import ADDRESS_TAG

USER_MAPS = frozenset({"Labels", "Tags"})
"""Properties whose keys are the user's, kept as they are."""

DELAY = 15
"""Seconds between polls while waiting."""


def cluster_names(api: Api) -> list[str]:
    """Every cluster of the region (one paginated call, shared by the EKS lists)."""
    return [str(name) for name in api.pages("eks", "list_clusters", "clusters")]


def to_api(props: Mapping[str, Any], names: Iterable[str]) -> Props:
    """The declared `names` under the API's key names."""
    return {
        _lower(name): props[name] if name in USER_MAPS else camel(props[name])
        for name in names
        if name in props
    }


def from_api(item: Mapping[str, Any], names: Iterable[str]) -> Props:
    """The API's values of CloudFormation's `names`, in CloudFormation's key names."""
    found = {}
    for name in names:
        key = _lower(name)
        if key in item:
            found[name] = item[key] if name in USER_MAPS else pascal(item[key])
    return found


def camel(value: Any) -> Any:
    """CloudFormation keys to the API's, at every depth."""
    return _rekeyed(value, _lower)


def pascal(value: Any) -> Any:
    """The API's keys to CloudFormation's, at every depth."""
    return _rekeyed(value, lambda key: key[:1].upper() + key[1:])


def _rekeyed(value: Any, rename: Any) -> Any:
    if isinstance(value, Mapping):
        return {rename(str(k)): _rekeyed(v, rename) for k, v in value.items()}
    if isinstance(value, list):
        return [_rekeyed(item, rename) for item in value]
    return value


def _lower(name: str) -> str:
    return name[:1].lower() + name[1:]


def eks_tags(tags: Any) -> dict[str, str]:
    """Tags as the EKS API takes them: a map, without AWS-reserved keys."""
    return {t["Key"]: t["Value"] for t in tag_list(tags)}


def kept(api: Api, item: Mapping[str, Any] | None) -> bool:
    """Whether `api` keeps an EKS resource, as described (see `Api.keeps`), and it is not
    being deleted (one being deleted is as good as gone)."""
    if item is None or item.get("status") == "DELETING":
        return False
    return api.keeps(item.get("tags") or {})


def derived_name(api: Api, props: Mapping[str, Any], create_only: Iterable[str], size: int) -> str:
    """A name for a resource declared without one (<= `size` characters): its address,
    and a digest of its create-only properties, so a replacement gets a new name and is
    made while the old one still exists."""
    settings = json.dumps({k: props[k] for k in sorted(create_only) if k in props}, sort_keys=True)
    digest = hashlib.sha256(settings.encode()).hexdigest()[:8]
    return f"{physical_name(address_of(props), api.account, api.region, size - 9)}-{digest}"


def take_over(item: Mapping[str, Any], props: Mapping[str, Any], name: str, what: str) -> None:
    """Accept `what`, which exists under the name being created, as the resource being
    created, if it is: its name derived (so its create-only settings are the declared
    ones) and it carries this resource's address. Else refuse: a resource replaced
    under a declared name cannot be made while the old one exists."""
    if item.get("status") == "DELETING":
        raise LandformError(f"{what} is being deleted", hint="apply again once it is gone")
    if name in props or (item.get("tags") or {}).get(ADDRESS_TAG) != address_of(props):
        raise LandformError(
            f"{what} exists",
            hint=f"declare another {name} (or none, for one derived from the address), "
            "or delete the one that exists",
        )


def sync_tags(eks: Any, arn: str, have: Any, want: Any) -> None:
    """Make the resource's tags the wanted ones (aws: tags are left alone)."""
    stale, fresh = tag_delta(have, want)
    if stale:
        eks.untag_resource(resourceArn=arn, tagKeys=stale)
    if fresh:
        eks.tag_resource(resourceArn=arn, tags=fresh)


def wait(api: Api, waiter: str, timeout: float, **params: Any) -> None:
    """Wait with EKS waiter `waiter` (boto3's, or `update_done`), polling every DELAY."""
    api.wait("eks", waiter, timeout=timeout, delay=DELAY, **params)


def settle(api: Api, answer: Mapping[str, Any], timeout: float, **ids: Any) -> None:
    """Wait until the update an update call answered with has succeeded: EKS shows the
    resource UPDATING only eventually, so its status alone cannot tell."""
    update = answer.get("update") or {}
    if update.get("status", "Successful") != "Successful":
        wait(api, "update_done", timeout, updateId=update["id"], **ids)


class ClusterPart(Handler):
    """What node groups and Fargate profiles share: a physical id `<cluster><SEPARATOR>
    <name>`; listing them cluster by cluster; creating one under its declared or derived
    name, taking over one a failed run left; deleting and waiting on one by its cluster
    and name. Subclasses say how the API's item and CloudFormation's shape differ."""

    KIND: ClassVar[str]
    """The API's name of the type (nodegroup, fargate_profile)."""
    ITEM: ClassVar[str]
    """The key of one in the API's answers (nodegroup, fargateProfile)."""
    LISTED: ClassVar[str]
    """The key of the names list_<KIND>s answers with."""
    NAME_PARAM: ClassVar[str]
    """The call parameter that names one (nodegroupName, fargateProfileName)."""
    NAME_PROPERTY: ClassVar[str]
    """The CloudFormation property that names one."""
    CREATE_ONLY: ClassVar[tuple[str, ...]]
    """Create-only properties: a name derived from the address takes a digest of them, so
    a replacement has a new name."""
    RECORDED: ClassVar[tuple[str, ...]]
    """The declared properties kept in state at creation."""
    SEPARATOR: ClassVar[str]
    TIMEOUT: ClassVar[float]
    """Seconds to wait for one to become active or gone."""
    WHAT: ClassVar[str]
    """How errors name the type."""

    def create_params(self, props: Props) -> Props:
        """What create_<KIND> takes of the properties, beside the names and tags."""
        raise NotImplementedError

    def properties(self, item: Mapping[str, Any]) -> Props:
        """A described one's properties in CloudFormation shape."""
        raise NotImplementedError

    def attributes(self, item: Mapping[str, Any]) -> dict[str, Any]:
        """A described or created one's GetAtt values."""
        raise NotImplementedError

    def list(self, api: Api) -> Iterable[Live]:
        eks = api.client("eks")
        pairs = [(c, n) for c in cluster_names(api) for n in self._names(api, c)]
        found = read_each(lambda pair: self._describe(eks, *pair), pairs)
        return [self._live(item) for item in found if kept(api, item)]

    def create(self, api: Api, props: Props, token: str) -> Live:
        eks = api.client("eks")
        cluster = props["ClusterName"]
        name = props.get(self.NAME_PROPERTY) or derived_name(api, props, self.CREATE_ONLY, 63)
        ids = {"clusterName": cluster, self.NAME_PARAM: name}
        try:
            made = getattr(eks, f"create_{self.KIND}")(
                **self.create_params(props),
                **ids,
                tags=eks_tags(props.get("Tags")),
                clientRequestToken=token,
            )[self.ITEM]
        except Exception as error:
            if error_code(error) != "ResourceInUseException":
                raise
            found = getattr(eks, f"describe_{self.KIND}")(**ids)[self.ITEM]
            take_over(found, props, self.NAME_PROPERTY, f"{self.WHAT} {cluster}/{name}")
            return self._live(found)
        physical_id = self.physical_id(cluster, name)
        return Live(physical_id, present(props, self.RECORDED), self.attributes(made))

    def physical_id(self, cluster: str, name: str) -> str:
        """The physical id of the one named `name` in `cluster` (see `ids`)."""
        return f"{cluster}{self.SEPARATOR}{name}"

    def ids(self, current: Live) -> tuple[str, str]:
        """(cluster, name) of a node group or profile."""
        cluster, name = current.physical_id.split(self.SEPARATOR, 1)
        return cluster, name

    def delete(self, api: Api, current: Live) -> None:
        cluster, name = self.ids(current)
        with ignoring("ResourceNotFoundException"):
            delete = getattr(api.client("eks"), f"delete_{self.KIND}")
            delete(clusterName=cluster, **{self.NAME_PARAM: name})
        self.wait_for(api, current, "deleted")

    def wait_ready(self, api: Api, current: Live) -> Live:
        self.wait_for(api, current, "active")
        return current

    def wait_for(self, api: Api, current: Live, state: str) -> None:
        """Block until it is `state` (active, deleted)."""
        cluster, name = self.ids(current)
        params = {"clusterName": cluster, self.NAME_PARAM: name}
        wait(api, f"{self.KIND}_{state}", self.TIMEOUT, **params)

    def _names(self, api: Api, cluster: str) -> Sequence[str]:
        """The names in a cluster; none for a cluster deleted since it was listed."""
        with ignoring("ResourceNotFoundException"):
            return list(api.pages("eks", f"list_{self.KIND}s", self.LISTED, clusterName=cluster))
        return []

    def _describe(self, eks: Any, cluster: str, name: str) -> Any:
        """One as described; None for one deleted since it was listed."""
        with ignoring("ResourceNotFoundException"):
            describe = getattr(eks, f"describe_{self.KIND}")
            return describe(clusterName=cluster, **{self.NAME_PARAM: name})[self.ITEM]
        return None

    def _live(self, item: Mapping[str, Any]) -> Live:
        physical_id = self.physical_id(item["clusterName"], item[self.NAME_PARAM])
        return Live(physical_id, self.properties(item), self.attributes(item))
