"""AWS::CloudTrail::Trail against the emulator, including the organization's trail that
the management account runs into a bucket of the security account."""

from __future__ import annotations

from typing import Any

from landform import App
from landform.aws import cloudtrail, s3
from landform.cloud.calls import CallCounter
from landform.engine.context import Context
from landform.handlers.base import Api, Live, tag_map
from landform.handlers.cloudtrail.trail import Trail
from tests.conftest import ACCOUNT, REGION
from tests.support import HANDLERS_ONLY, actions, converge, destroy, new_app, plan

TRAIL = "shop/main/trail"
WRITES_TO_OBJECTS = [
    {
        "ReadWriteType": "WriteOnly",
        "IncludeManagementEvents": True,
        "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}],
    }
]


def trail_app(**properties: Any) -> App:
    app, stack = new_app(block_on=HANDLERS_ONLY)
    bucket = s3.Bucket(stack, "trail-logs")
    cloudtrail.Trail(stack, "trail", s3_bucket_name=bucket.id, **properties)
    return app


def physical_id(context: Context, address: str = TRAIL) -> str:
    record = context.store.get(address)
    assert record is not None
    return record.physical_id


def described(aws: Any, name: str) -> dict[str, Any]:
    (found,) = aws("cloudtrail").describe_trails(trailNameList=[name])["trailList"]
    return found  # type: ignore[no-any-return]


def logging(aws: Any, name: str) -> bool:
    return bool(aws("cloudtrail").get_trail_status(Name=name)["IsLogging"])


def tags(aws: Any, arn: str) -> dict[str, str]:
    (found,) = aws("cloudtrail").list_tags(ResourceIdList=[arn])["ResourceTagList"]
    return tag_map(found["TagsList"])


def selectors(aws: Any, name: str) -> list[dict[str, Any]]:
    return aws("cloudtrail").get_event_selectors(TrailName=name)["EventSelectors"]  # type: ignore[no-any-return]


def listed_trails(context: Context) -> list[Live]:
    """What list finds, read afresh (not from the run's remembered list calls)."""
    return list(Trail().list(Api(context.sessions.client, ACCOUNT, REGION)))


def test_trail_create_update_replace_delete(context: Context, aws: Any) -> None:
    converge(
        trail_app(is_logging=True, s3_key_prefix="audit", tags={"Tier": "audit"}),
        context,
    )
    name = physical_id(context)
    assert name.startswith("shop-main-trail-")
    found = described(aws, name)
    assert (found["S3KeyPrefix"], found["LogFileValidationEnabled"]) == ("audit", False)
    assert found["S3BucketName"] == physical_id(context, "shop/main/trail-logs")
    assert logging(aws, name)
    arn = found["TrailARN"]
    assert (tags(aws, arn)["Tier"], tags(aws, arn)["landform:address"]) == ("audit", TRAIL)
    record = context.store.get(TRAIL)
    assert record is not None and record.attributes == {"Arn": arn}
    (listed,) = listed_trails(context)
    assert (listed.physical_id, listed.address) == (name, TRAIL)

    app = trail_app(
        is_logging=False,
        enable_log_file_validation=True,
        event_selectors=WRITES_TO_OBJECTS,
        tags={"Owner": "security"},
    )
    assert actions(plan(app, context)) == {TRAIL: "update"}
    converge(app, context)
    found = described(aws, name)
    assert found["LogFileValidationEnabled"] is True
    assert not found.get("S3KeyPrefix"), "an undeclared prefix is removed"
    assert not logging(aws, name)
    assert "Tier" not in tags(aws, arn) and tags(aws, arn)["Owner"] == "security"
    assert selectors(aws, name) == WRITES_TO_OBJECTS

    app = trail_app(is_logging=True, enable_log_file_validation=True)
    assert actions(plan(app, context)) == {TRAIL: "update"}
    converge(app, context)
    assert logging(aws, name)
    assert selectors(aws, name) == [{"ReadWriteType": "All", "IncludeManagementEvents": True}]

    app = trail_app(trail_name="audit", is_logging=True)
    assert actions(plan(app, context)) == {TRAIL: "replace"}
    converge(app, context)
    assert physical_id(context) == "audit"
    assert [t["Name"] for t in aws("cloudtrail").describe_trails()["trailList"]] == ["audit"]

    destroy(app, context)
    assert aws("cloudtrail").describe_trails()["trailList"] == []
    assert context.store.all() == []
    Trail().delete(Api(context.sessions.client, ACCOUNT, REGION), listed)  # gone: no error


def test_listing_reads_tags_of_all_trails_at_once_and_status_of_owned(
    context: Context, aws: Any, calls: CallCounter
) -> None:
    aws("s3").create_bucket(Bucket="not-landforms-logs")
    aws("cloudtrail").create_trail(Name="not-landforms", S3BucketName="not-landforms-logs")
    app = trail_app(is_logging=True)
    converge(app, context)
    calls.calls.clear()
    assert actions(plan(app, context)) == {}
    assert calls.calls[("cloudtrail", "DescribeTrails")] == 1
    assert calls.calls[("cloudtrail", "ListTags")] == 1
    assert calls.calls[("cloudtrail", "GetTrailStatus")] == 1
    assert calls.calls[("cloudtrail", "GetEventSelectors")] == 1
    assert [live.physical_id for live in listed_trails(context)] == [physical_id(context)]


def test_organization_trail_into_the_security_accounts_bucket(context: Context, aws: Any) -> None:
    org = aws("organizations")
    org.create_organization(FeatureSet="ALL")
    security = org.create_account(AccountName="security", Email="security@example.com")[
        "CreateAccountStatus"
    ]["AccountId"]
    app, management = new_app(block_on=HANDLERS_ONLY)
    logs = s3.Bucket(app.stack("security", account=security, region=REGION), "org-trail-logs")
    cloudtrail.Trail(
        management,
        "trail",
        s3_bucket_name=logs.id,
        is_organization_trail=True,
        is_multi_region_trail=True,
        enable_log_file_validation=True,
        is_logging=True,
    )
    converge(app, context)
    bucket = physical_id(context, "shop/security/org-trail-logs")
    assert bucket not in [b["Name"] for b in aws("s3").list_buckets()["Buckets"]]
    found = described(aws, physical_id(context))
    assert (found["S3BucketName"], found["IsOrganizationTrail"]) == (bucket, True)
    assert found["TrailARN"].split(":")[4] == ACCOUNT
    assert logging(aws, physical_id(context))

    destroy(app, context)
    assert aws("cloudtrail").describe_trails()["trailList"] == []
    assert context.store.all() == []
