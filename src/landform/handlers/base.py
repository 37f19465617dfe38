"""The contract between the engine and the handlers, and what handlers share.

A handler is one small class per CloudFormation type: it lists, creates, updates and
deletes resources of that type through boto3, speaking CloudFormation-shaped properties.
Tags, waits, pagination and idempotency tokens are provided here, once.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any, ClassVar, TypeVar, cast

from landform.errors import LandformError
from landform.model.tags import ADDRESS_TAG

Props = dict[str, Any]
T = TypeVar("T")
R = TypeVar("R")

READERS = 8
"""Threads making the per-resource reads of a list, where an API lists without details."""

ROLE_DELAYS = (2.0, 4.0, 8.0, 15.0, 30.0, 30.0, 30.0)
"""Seconds between attempts while a service cannot yet assume a role IAM just made
(about two minutes in all: IAM propagates in seconds, rarely a minute)."""


class DeletionRefused(LandformError):
    """The resource is protected against deletion; Landform leaves it and its state."""

    def __init__(self, what: str, protection: str, hint: str) -> None:
        super().__init__(f"{what} has {protection} on, so it was not deleted", hint=hint)
        self.protection = protection


@dataclass(frozen=True)
class Live:
    """A resource as it exists in AWS.

    `physical_id` is what CloudFormation's Ref returns; `properties` are CloudFormation-
    shaped, as read back; `attributes` are the type's Fn::GetAtt values.
    """

    physical_id: str
    properties: Props
    attributes: dict[str, Any] = field(default_factory=dict)

    @property
    def address(self) -> str | None:
        """The ownership tag's value, when the resource carries one (under Tags, or the
        type's own tag property: FileSystemTags, AccessPointTags)."""
        return _address_in(self.properties)


class Api:
    """boto3 access for one account and region, as handlers need it.

    List calls made through `pages` are remembered for the life of this object, so two
    types read from one API response (route tables and their routes) cost one call.
    `client_factory(service, account, region)` makes the clients; `in_account` passes it
    the role to assume as keyword `role` too.
    """

    def __init__(
        self, client_factory: Any, account: str | None, region: str, everything: bool = False
    ) -> None:
        self._factory = client_factory
        self.account = account
        self.region = region
        self.everything = everything
        """For audit: `list` returns every resource of the type, not only those Landform
        owns (the ownership tag is then not filtered on)."""
        self._reads: dict[tuple[str, ...], _Read] = {}
        self._lock = threading.Lock()

    def client(self, service: str) -> Any:
        return self._factory(service, self.account, self.region)

    def in_account(self, account: str, role: str) -> Api:
        """An Api for another account, reached by assuming `role` in it through the same
        client factory: for what AWS makes in an account it creates (the role
        Organizations makes there), from the management account's Api."""
        return Api(partial(self._factory, role=role), account, self.region, self.everything)

    def owned(self, filters: list[T]) -> list[T]:
        """`filters`, an API's filter on the ownership tag, for a list call: none when
        listing everything."""
        return [] if self.everything else filters

    def keeps(self, tags: Any) -> bool:
        """Whether `list` returns a resource carrying `tags` (a list of Key/Value or a
        map): one carrying the ownership tag, or any when listing everything."""
        return self.everything or ADDRESS_TAG in tag_map(tags)

    def pages(self, service: str, operation: str, key: str, **params: Any) -> list[Any]:
        """All items under `key` of every page of `operation`, fetched once per Api
        (threads asking for the same call while it runs wait for its answer)."""
        read_key = (service, operation, repr(sorted(params.items())) + key)
        return self.once(read_key, lambda: self._fetch(service, operation, key, params))

    def once(self, key: tuple[str, ...], read: Callable[[], T]) -> T:
        """What `read()` answers, read once per Api for `key` (threads asking while it
        runs wait for its answer): for reads several handlers or readers share."""
        with self._lock:
            entry = self._reads.setdefault(key, _Read())
        with entry.lock:
            if not entry.done:
                entry.value, entry.done = read(), True
            return cast("T", entry.value)

    def _fetch(self, service: str, operation: str, key: str, params: dict[str, Any]) -> list[Any]:
        client = self.client(service)
        if not client.can_paginate(operation):
            return list(getattr(client, operation)(**params).get(key, []))
        items: list[Any] = []
        for page in client.get_paginator(operation).paginate(**params):
            items.extend(page.get(key, []))
        return items

    def wait(
        self,
        service: str,
        waiter: str,
        /,
        timeout: float = 900.0,
        delay: float = 5.0,
        **params: Any,
    ) -> None:
        """Block on a waiter of `landform.cloud.waiters` (boto3's, or one botocore lacks),
        polling every `delay` seconds up to `timeout`."""
        from landform.cloud.waiters import wait

        wait(self.client(service), waiter, timeout, delay, **params)


@dataclass(frozen=True)
class Refusal:
    """Why declared properties cannot be made as they stand (a combination the type's
    API does not take): the property at fault, the problem, and what to do."""

    property: str
    problem: str
    hint: str


@dataclass
class _Read:
    lock: threading.Lock = field(default_factory=threading.Lock)
    value: Any = None
    done: bool = False


class Handler:
    """Create, read, update and delete resources of one CloudFormation type."""

    TYPE: ClassVar[str]
    UNREADABLE: ClassVar[frozenset[str]] = frozenset()
    """Properties `list` cannot read back; drift and plan compare them with state."""
    UNSUPPORTED: ClassVar[frozenset[str]] = frozenset()
    """Properties Landform does not manage yet for the type: declaring one is an error
    found before any AWS call (see `unsupported_of`)."""
    NAME: ClassVar[str | None] = None
    """The property that names the resource uniquely in its account and region, if the
    type has one (BucketName): two declarations of one name are refused before AWS."""
    NAME_REQUIRED: ClassVar[bool] = False
    """True where the type cannot carry the ownership tag and Landform derives no name:
    NAME must be declared, since a resource is found again by it alone."""
    IMMUTABLE: ClassVar[frozenset[str]] = frozenset()
    """Properties AWS cannot change in place though the schema does not say create-only:
    changing one replaces the resource, as a create-only property does."""
    SENSITIVE: ClassVar[frozenset[str]] = frozenset()
    """Properties holding secrets (passwords, secret strings, auth tokens): state, plans
    and output carry a digest of the value, never the value."""
    SNAPSHOTS: ClassVar[bool] = False
    """True where the type can keep a final snapshot when it is deleted, so that it takes
    DeletionPolicy Snapshot (see `delete_under`)."""
    CLOSES_ACCOUNT: ClassVar[bool] = False
    """True where deleting closes an AWS account: the engine refuses it (DeletionRefused,
    before any call) unless the run allows closing accounts (--allow-account-close)."""

    def unsupported_of(self, props: Mapping[str, Any]) -> list[str]:
        """The declared properties this handler cannot manage (checked at plan time)."""
        return sorted(name for name in props if name in self.UNSUPPORTED)

    def refusal_of(self, props: Mapping[str, Any]) -> Refusal | None:
        """Why the declared properties cannot be made as they are, found before any AWS
        call (checked at plan time, after `unsupported_of`); None when they can."""
        return None

    def list(self, api: Api) -> Iterable[Live]:
        """Every resource of this type in the account and region that Landform may own,
        or, where `api.everything`, every one (`Api.owned` and `Api.keeps` decide).

        Use as few calls as the API allows: one paginated call, filtered on the
        ownership tag where the API filters on tags.
        """
        raise NotImplementedError

    def create(self, api: Api, props: Props, token: str) -> Live:
        """Create the resource; `token` is an idempotency token for APIs that take one."""
        raise NotImplementedError

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        """Change what AWS allows to change in place; the engine replaces create-only."""
        raise NotImplementedError

    def delete(self, api: Api, current: Live) -> None:
        """Delete the resource; a resource already gone is not an error.

        Raise DeletionRefused, before any change, when AWS protects the resource
        (deletion or termination protection): the engine reports it and keeps its state.
        """
        raise NotImplementedError

    def delete_under(self, api: Api, current: Live, policy: str | None) -> None:
        """Delete under the resource's deletion policy: "Delete", "Snapshot" (types with
        SNAPSHOTS only) or None (the type's default). Only types with SNAPSHOTS tell them
        apart; Retain never reaches a handler."""
        self.delete(api, current)

    def describe(self, api: Api, listed: Live) -> Live:
        """Complete a listed resource with the attributes and UNREADABLE properties
        `list` does not return.

        Called only when a resource is adopted (found by tag, not in state); the
        default returns it as listed.
        """
        return listed

    def wait_ready(self, api: Api, current: Live) -> Live:
        """Block until the resource is usable by what depends on it (default: at once).

        Return it as it is then: attributes AWS gives only a ready resource (an
        endpoint) are recorded from what this returns.
        """
        return current

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """For untaggable types: what identifies a resource among the listed ones.

        The engine adopts a listed resource with the same key instead of creating a
        second one after a crash. None where the type is taggable.
        """
        return None


def tag_map(tags: Any) -> dict[str, str]:
    """Tags as a dict, from a CloudFormation list of Key/Value or a map."""
    if isinstance(tags, Mapping):
        return {str(k): str(v) for k, v in tags.items()}
    return {str(t["Key"]): str(t["Value"]) for t in tags or ()}


def tag_list(tags: Any) -> list[dict[str, str]]:
    """Tags as a sorted list of Key/Value, without AWS-reserved `aws:` keys."""
    return [
        {"Key": k, "Value": v} for k, v in sorted(tag_map(tags).items()) if not k.startswith("aws:")
    ]


def tag_delta(have: Any, want: Any) -> tuple[list[str], dict[str, str]]:
    """Keys to remove and tags to set to turn tags `have` into `want` (aws: keys kept)."""
    old = {k: v for k, v in tag_map(have).items() if not k.startswith("aws:")}
    new = tag_map(want)
    return [k for k in old if k not in new], {k: v for k, v in new.items() if old.get(k) != v}


def companion_tags(have: Any, want: Any) -> tuple[list[str], dict[str, str]] | None:
    """The keys to remove from, and the tags to set on, what AWS makes together with a
    resource (a VPC's main route table, the role in an account Organizations creates) so
    that it carries the resource's tags, `want` where they were `have`; None when those
    are unchanged. The ownership tag is never among them: it would make the companion
    look owned by Landform. Every tag is set again on a change, so a companion left
    untagged (made before, or by a run that failed) is tagged by the next change."""
    old, new = (
        {k: v for k, v in tag_map(tags).items() if k != ADDRESS_TAG and not k.startswith("aws:")}
        for tags in (have, want)
    )
    stale, fresh = tag_delta(old, new)
    return (stale, new) if stale or fresh else None


def present(item: Mapping[str, Any], names: Iterable[str]) -> Props:
    """The entries of `item` among `names` (AWS APIs and CloudFormation share most names)."""
    return {name: item[name] for name in names if name in item}


def refuse_changes(type_name: str, current: Live, desired: Props, names: tuple[str, ...]) -> None:
    """Refuse to change `names` in place: Landform sets them only when it creates.

    Only declared values count (lists compared unordered); a removed one is left as it is.
    """
    moved = [
        name
        for name in names
        if name in desired and _unordered(desired[name]) != _unordered(current.properties.get(name))
    ]
    if moved:
        raise LandformError(
            f"Landform cannot change {', '.join(moved)} of {type_name} in place yet",
            hint="declare the old value again, or give the resource a new logical id to replace it",
        )


def _unordered(value: Any) -> Any:
    return sorted(map(str, value)) if isinstance(value, list) else value


def changed(current: Live, desired: Mapping[str, Any], name: str) -> bool:
    """Whether property `name` differs between what exists and what is declared."""
    return current.properties.get(name) != desired.get(name)


def error_code(error: Exception) -> str:
    """The AWS error code of a botocore ClientError ("" for anything else)."""
    response = getattr(error, "response", None)
    return str(response.get("Error", {}).get("Code", "")) if isinstance(response, dict) else ""


def ignoring(*codes: str) -> Any:
    """Context manager that swallows ClientErrors with one of `codes` (e.g. NotFound)."""
    return _Ignoring(codes)


class _Ignoring:
    def __init__(self, codes: tuple[str, ...]) -> None:
        self.codes = codes

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, error: Any, traceback: Any) -> bool:
        return error is not None and error_code(error) in self.codes


def address_of(props: Mapping[str, Any]) -> str:
    """The Landform address a resource is being created for (its ownership tag)."""
    address = _address_in(props)
    if address:
        return address
    raise LandformError("the resource carries no ownership tag to derive its name from")


def _address_in(props: Mapping[str, Any]) -> str | None:
    for name, value in props.items():
        if name.endswith("Tags") and isinstance(value, list | Mapping):
            address = tag_map(value).get(ADDRESS_TAG)
            if address:
                return address
    return None


def physical_name(address: str, account: str | None, region: str, max_length: int = 63) -> str:
    """A name for a resource declared without one: readable, and the same on every run.

    The address in lower-case letters, digits and single hyphens, then a hash of address,
    account and region (so one address in two accounts does not collide in a global
    namespace such as S3's). A run that crashed after creating the resource finds it again
    by this name instead of creating a second one.
    """
    readable = re.sub(r"[^a-z0-9]+", "-", address.lower()).strip("-")
    digest = hashlib.sha256(f"{address}\n{account}\n{region}".encode()).hexdigest()[:12]
    return f"{readable[: max_length - len(digest) - 1].rstrip('-')}-{digest}".lstrip("-")


def read_each(read: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """`read` of every item, by READERS threads, in the items' order."""
    with ThreadPoolExecutor(max_workers=READERS) as pool:
        return list(pool.map(read, items))


def with_new_role(
    call: Callable[[], R],
    code: str,
    messages: Sequence[str],
    delays: Sequence[float] = ROLE_DELAYS,
) -> R:
    """`call`, made again after each of `delays` while it fails with error `code` and
    one of `messages`: what AWS answers while a role made seconds ago has not reached
    the service that must assume it."""
    for delay in delays:
        try:
            return call()
        except Exception as error:
            if error_code(error) != code or not any(m in str(error) for m in messages):
                raise
        time.sleep(delay)
    return call()
