"""AWS::S3::Bucket, and the owned-bucket read it shares with AWS::S3::BucketPolicy."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Protocol, TypeVar

from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    changed,
    ignoring,
    physical_name,
    present,
    read_each,
    tag_list,
    tag_map,
)
from landform.handlers.registry import register
from landform.model.tags import ADDRESS_TAG

T = TypeVar("T")
R = TypeVar("R")
Tags = list[dict[str, str]]


def owned_buckets(api: Api) -> dict[str, Tags]:
    """Name -> tags of the buckets in the Api's region that it keeps (see `Api.keeps`).

    S3 cannot filter on tags: this is list_buckets, then get_bucket_tagging for every
    bucket of the region (one that cannot be read is not Landform's). Done once per Api,
    for the bucket and the bucket policy lists alike.
    """
    with _OWNED_LOCK:
        entry = _OWNED.setdefault(api, _Owned())
    with entry.lock:  # the first list to ask reads; another one waits for its result
        if entry.buckets is None:
            entry.buckets = _read_owned(api)
        return entry.buckets


class _Owned:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.buckets: dict[str, Tags] | None = None


_OWNED: weakref.WeakKeyDictionary[Api, _Owned] = weakref.WeakKeyDictionary()
_OWNED_LOCK = threading.Lock()


def _read_owned(api: Api) -> dict[str, Tags]:
    s3 = api.client("s3")
    # with MaxBuckets the call pages, which accounts allowed over 10,000 buckets need
    paged = {"BucketRegion": api.region, "MaxBuckets": 10_000}
    names = [bucket["Name"] for bucket in api.pages("s3", "list_buckets", "Buckets", **paged)]
    tags = read_each(lambda name: _tags(s3, name), names)
    return {name: found for name, found in zip(names, tags, strict=True) if api.keeps(found)}


def _tags(s3: Any, name: str) -> Tags:
    with ignoring("NoSuchTagSet", "NoSuchBucket", "AccessDenied"):
        return tag_list(s3.get_bucket_tagging(Bucket=name)["TagSet"])
    return []


@register
class Bucket(Handler):
    """An S3 bucket: encryption, public access block, versioning, lifecycle and tags.

    Without a declared BucketName the name comes from `bucket_name`, so a run that crashed
    after creating the bucket finds it again (BucketAlreadyOwnedByYou is success). S3
    cannot list by tag, so `list` costs list_buckets, one get_bucket_tagging per bucket of
    the region, and four reads per owned bucket (encryption, public access block,
    versioning, lifecycle), made by READERS threads.
    """

    TYPE = "AWS::S3::Bucket"
    NAME = "BucketName"

    def unsupported_of(self, props: Mapping[str, Any]) -> list[str]:
        """Everything but the configurations in PARTS, BucketName and Tags."""
        return sorted(set(props) - SUPPORTED)

    def list(self, api: Api) -> Iterable[Live]:
        s3 = api.client("s3")
        owned = owned_buckets(api)
        configurations = read_each(lambda name: _configuration(s3, name), owned)
        for (name, tags), configuration in zip(owned.items(), configurations, strict=True):
            props = {"BucketName": name, **configuration, "Tags": tags}
            yield Live(name, props, _attributes(api, name))

    def create(self, api: Api, props: Props, token: str) -> Live:
        address = tag_map(props["Tags"])[ADDRESS_TAG]
        name = props.get("BucketName") or physical_name(address, api.account, api.region)
        s3 = api.client("s3")
        where = {"CreateBucketConfiguration": {"LocationConstraint": api.region}}
        with ignoring("BucketAlreadyOwnedByYou"):
            s3.create_bucket(Bucket=name, **({} if api.region == "us-east-1" else where))
        s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": tag_list(props["Tags"])})
        created = present(props, ("BucketName", "Tags"))
        return Live(name, created, _attributes(api, name))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        s3 = api.client("s3")
        name = current.physical_id
        tags = tag_list(desired.get("Tags"))
        if tag_list(current.properties.get("Tags")) != tags:
            s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": tags})
        for part in PARTS:
            if not changed(current, desired, part.PROPERTY):
                continue
            if part.PROPERTY in desired:
                part.write(s3, name, desired[part.PROPERTY])
            else:
                part.reset(s3, name)
        return Live(name, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("NoSuchBucket"):
            api.client("s3").delete_bucket(Bucket=current.physical_id)


def _attributes(api: Api, name: str) -> dict[str, str]:
    partition = api.client("s3").meta.partition
    suffix = "amazonaws.com.cn" if partition == "aws-cn" else "amazonaws.com"
    return {
        "Arn": f"arn:{partition}:s3:::{name}",
        "DomainName": f"{name}.s3.{suffix}",
        "RegionalDomainName": f"{name}.s3.{api.region}.{suffix}",
        "DualStackDomainName": f"{name}.s3.dualstack.{api.region}.{suffix}",
    }


def _configuration(s3: Any, name: str) -> Props:
    return {part.PROPERTY: value for part in PARTS if (value := part.read(s3, name)) is not None}


def _renamed(item: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """`item` with keys renamed by `names` (others kept), dates as CloudFormation text."""
    return {names.get(k, k): _text(v) for k, v in item.items()}


def _inverse(names: Mapping[str, str]) -> dict[str, str]:
    return {v: k for k, v in names.items()}


def _text(value: Any) -> Any:
    return value.strftime("%Y-%m-%dT%H:%M:%S.000Z") if isinstance(value, datetime) else value


# sub-configurations --------------------------------------------------------------------


class _Part(Protocol):
    """One configuration of a bucket, with its own get, put and delete calls."""

    PROPERTY: str

    def read(self, s3: Any, bucket: str) -> Any:
        """In CloudFormation shape; None when the bucket has none."""

    def write(self, s3: Any, bucket: str, value: Any) -> None: ...

    def reset(self, s3: Any, bucket: str) -> None:
        """Back to S3's default."""


_SSE = {"ServerSideEncryptionByDefault": "ApplyServerSideEncryptionByDefault"}


class _Encryption:
    PROPERTY = "BucketEncryption"

    def read(self, s3: Any, bucket: str) -> Any:
        with ignoring("ServerSideEncryptionConfigurationNotFoundError"):
            found = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]
            return {
                "ServerSideEncryptionConfiguration": [
                    _renamed(rule, _inverse(_SSE)) for rule in found["Rules"]
                ]
            }
        return None

    def write(self, s3: Any, bucket: str, value: Any) -> None:
        rules = [_renamed(rule, _SSE) for rule in value["ServerSideEncryptionConfiguration"]]
        s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": rules})

    def reset(self, s3: Any, bucket: str) -> None:
        s3.delete_bucket_encryption(Bucket=bucket)


class _PublicAccessBlock:
    PROPERTY = "PublicAccessBlockConfiguration"

    def read(self, s3: Any, bucket: str) -> Any:
        with ignoring("NoSuchPublicAccessBlockConfiguration"):
            return s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
        return None

    def write(self, s3: Any, bucket: str, value: Any) -> None:
        s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=value)

    def reset(self, s3: Any, bucket: str) -> None:
        s3.delete_public_access_block(Bucket=bucket)


class _Versioning:
    PROPERTY = "VersioningConfiguration"

    def read(self, s3: Any, bucket: str) -> Any:
        status = s3.get_bucket_versioning(Bucket=bucket).get("Status")
        return {"Status": status} if status else None

    def write(self, s3: Any, bucket: str, value: Any) -> None:
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": value["Status"]})

    def reset(self, s3: Any, bucket: str) -> None:
        """Versioning cannot be turned off, only suspended."""
        self.write(s3, bucket, {"Status": "Suspended"})


class _Lifecycle:
    PROPERTY = "LifecycleConfiguration"

    def read(self, s3: Any, bucket: str) -> Any:
        with ignoring("NoSuchLifecycleConfiguration"):
            found = s3.get_bucket_lifecycle_configuration(Bucket=bucket)
            return {
                "Rules": [_rule_from_api(rule) for rule in found["Rules"]],
                **present(found, ("TransitionDefaultMinimumObjectSize",)),
            }
        return None

    def write(self, s3: Any, bucket: str, value: Any) -> None:
        s3.put_bucket_lifecycle_configuration(
            Bucket=bucket,
            LifecycleConfiguration={"Rules": [_rule_to_api(rule) for rule in value["Rules"]]},
            **present(value, ("TransitionDefaultMinimumObjectSize",)),
        )

    def reset(self, s3: Any, bucket: str) -> None:
        s3.delete_bucket_lifecycle(Bucket=bucket)


PARTS: tuple[_Part, ...] = (_Encryption(), _PublicAccessBlock(), _Versioning(), _Lifecycle())
SUPPORTED = frozenset({"BucketName", "Tags", *(part.PROPERTY for part in PARTS)})


# lifecycle rules: CloudFormation <-> S3 API ----------------------------------------------

_EXPIRATION = {
    "ExpirationInDays": "Days",
    "ExpirationDate": "Date",
    "ExpiredObjectDeleteMarker": "ExpiredObjectDeleteMarker",
}
_TRANSITIONS = {
    "Transitions": ("Transition", {"TransitionInDays": "Days", "TransitionDate": "Date"}),
    "NoncurrentVersionTransitions": (
        "NoncurrentVersionTransition",
        {"TransitionInDays": "NoncurrentDays"},
    ),
}
"""CloudFormation's list property -> its deprecated single form, and the key renames."""
_UNCHANGED = ("NoncurrentVersionExpiration", "AbortIncompleteMultipartUpload")
_SIZES = ("ObjectSizeGreaterThan", "ObjectSizeLessThan")


def _rule_to_api(rule: Props) -> dict[str, Any]:
    """A CloudFormation lifecycle rule as S3 takes it (deprecated single forms included)."""
    result: dict[str, Any] = {"Status": rule["Status"], "Filter": _filter_to_api(rule)}
    result.update(present(rule, _UNCHANGED))
    if "Id" in rule:
        result["ID"] = rule["Id"]
    if "NoncurrentVersionExpirationInDays" in rule:
        days = rule["NoncurrentVersionExpirationInDays"]
        result["NoncurrentVersionExpiration"] = {"NoncurrentDays": days}
    expiration = _renamed(present(rule, _EXPIRATION), _EXPIRATION)
    if expiration:
        result["Expiration"] = expiration
    for plural, (single, names) in _TRANSITIONS.items():
        items = [*rule.get(plural, ()), *([rule[single]] if single in rule else [])]
        if items:
            result[plural] = [_renamed(item, names) for item in items]
    return result


def _rule_from_api(rule: Mapping[str, Any]) -> Props:
    """An S3 lifecycle rule in CloudFormation shape."""
    conditions = {**present(rule, ("Prefix",)), **rule.get("Filter", {})}
    result: Props = {"Status": rule["Status"], **_filter_from_api(conditions)}
    result.update(present(rule, _UNCHANGED))
    if "ID" in rule:
        result["Id"] = rule["ID"]
    result.update(_renamed(rule.get("Expiration", {}), _inverse(_EXPIRATION)))
    for plural, (_, names) in _TRANSITIONS.items():
        if plural in rule:
            result[plural] = [_renamed(item, _inverse(names)) for item in rule[plural]]
    return result


def _filter_to_api(rule: Props) -> dict[str, Any]:
    conditions: dict[str, Any] = present(rule, ("Prefix",))
    conditions.update({size: int(rule[size]) for size in _SIZES if size in rule})
    tags = rule.get("TagFilters", [])
    if tags:
        conditions["Tags"] = tags
    if len(conditions) > 1 or len(tags) > 1:
        return {"And": conditions}
    if tags:
        return {"Tag": tags[0]}
    return conditions or {"Prefix": ""}


def _filter_from_api(found: Mapping[str, Any]) -> Props:
    conditions = found.get("And", found)
    tags = conditions.get("Tags", [conditions["Tag"]] if "Tag" in conditions else [])
    result: Props = present(conditions, ("Prefix",))
    result.update({size: str(conditions[size]) for size in _SIZES if size in conditions})
    if tags:
        result["TagFilters"] = tags
    return result
