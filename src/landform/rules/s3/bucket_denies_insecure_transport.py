"""LF-S3-004: every bucket's policy denies requests not sent over TLS.

The rule is the bucket's: a bucket without a policy fails it. Its policy is the
neighbour of type AWS::S3::BucketPolicy whose Bucket names it: the bucket's name (on a
live read, or as declared in BucketName), or a reference to it in the model. A policy
whose Bucket is not known and names no resource may be this bucket's: the bucket is then
reported unknown, not failed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landform.rules import References, Severity, Subject, Unknown, rule
from landform.rules.base import UnknownValue
from landform.rules.values import get, listed, refers_to

EVERY_PRINCIPAL = ("*", {"AWS": "*"})
EVERY_ACTION = ("s3:*", "*")


@rule(
    id="LF-S3-004",
    title="Bucket policy does not deny requests without TLS",
    severity=Severity.MEDIUM,
    types=("AWS::S3::Bucket",),
    remediation="Give the bucket a policy with a statement denying s3:* to every principal "
    'on the bucket and its objects under the condition {"Bool": {"aws:SecureTransport": '
    '"false"}} (EncryptedBucket does).',
    references=References(cis="2.1.1", fsbp="S3.5", prowler="s3_bucket_secure_transport_policy"),
)
def check(subject: Subject) -> str | None:
    undecided: Unknown | None = None
    for policy in subject.others("AWS::S3::BucketPolicy"):
        bucket = get(policy.properties, "Bucket")
        if _names(bucket, subject):
            if any(_denies_insecure(s) for s in _statements(policy.properties)):
                return None
            return "the bucket's policy does not deny requests sent without TLS"
        if isinstance(bucket, Unknown) and bucket.refers_to is None:
            undecided = bucket
    if undecided is not None:
        raise UnknownValue(f"a bucket policy may be this bucket's: {undecided.why}")
    return "the bucket has no policy, so nothing denies requests sent without TLS"


def _names(bucket: Any, subject: Subject) -> bool:
    """Whether a policy's Bucket is this bucket."""
    if refers_to(bucket, subject):
        return True
    name = get(subject.properties, "BucketName")
    return isinstance(bucket, str) and isinstance(name, str) and bucket == name


def _statements(policy: Mapping[str, Any]) -> list[Any]:
    return listed(get(policy, "PolicyDocument.Statement"))


def _denies_insecure(statement: Mapping[str, Any]) -> bool:
    """Whether a statement denies every action to everyone without TLS."""
    if get(statement, "Effect") != "Deny" or get(statement, "Principal") not in EVERY_PRINCIPAL:
        return False
    if not any(action in EVERY_ACTION for action in listed(get(statement, "Action"))):
        return False
    for key, value in (get(statement, "Condition.Bool") or {}).items():
        if key.lower() == "aws:securetransport":
            return any(v is False or v == "false" for v in listed(value))
    return False
