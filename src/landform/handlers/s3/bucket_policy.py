"""AWS::S3::BucketPolicy"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from landform.handlers.base import Api, Handler, Live, Props, ignoring, read_each
from landform.handlers.registry import register
from landform.handlers.s3.bucket import owned_buckets


@register
class BucketPolicy(Handler):
    """The policy of a bucket; its physical id is the bucket's name.

    Listed for the buckets Landform owns (`owned_buckets`, whose reads the bucket list
    shares): one get_bucket_policy per owned bucket. A policy on a bucket without the
    ownership tag is not listed, so it must be on a bucket Landform manages.
    """

    TYPE = "AWS::S3::BucketPolicy"

    def list(self, api: Api) -> Iterable[Live]:
        s3 = api.client("s3")
        names = [*owned_buckets(api)]
        for name, document in zip(names, read_each(lambda n: _policy(s3, n), names), strict=True):
            if document is not None:
                yield Live(name, {"Bucket": name, "PolicyDocument": document})

    def create(self, api: Api, props: Props, token: str) -> Live:
        return self.update(api, Live(props["Bucket"], {}), props)

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        policy = json.dumps(desired["PolicyDocument"])
        api.client("s3").put_bucket_policy(Bucket=current.physical_id, Policy=policy)
        return Live(current.physical_id, desired)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("NoSuchBucket"):
            api.client("s3").delete_bucket_policy(Bucket=current.physical_id)

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...]:
        return (props.get("Bucket"),)


def _policy(s3: Any, bucket: str) -> Any:
    with ignoring("NoSuchBucketPolicy", "NoSuchBucket"):
        return json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    return None
