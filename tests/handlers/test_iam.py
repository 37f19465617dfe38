"""AWS::IAM::Policy, AWS::IAM::ManagedPolicy and AWS::IAM::InstanceProfile against the
emulator (AWS::IAM::Role is in test_flowlog_logs_iam.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from landform import App, Stack
from landform.aws import iam
from landform.engine.apply import ApplyFailed
from landform.engine.context import Context
from landform.errors import LandformError
from landform.handlers.base import Live
from landform.handlers.registry import handler_for
from tests.conftest import REGION
from tests.support import actions, converge, destroy, new_app, plan

TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


def allow(action: str) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}],
    }


def role(stack: Stack, logical_id: str = "role", **props: Any) -> iam.Role:
    return iam.Role(stack, logical_id, assume_role_policy_document=TRUST, **props)


def role_name(context: Context, logical_id: str = "role") -> str:
    record = context.store.get(f"shop/main/{logical_id}")
    assert record is not None
    return record.physical_id


def physical_id(context: Context, address: str) -> str:
    record = context.store.get(address)
    assert record is not None
    return record.physical_id


def inline(aws: Any, kind: str, name: str) -> dict[str, Any]:
    """Policy name -> document, of one role, user or group."""
    client = aws("iam")
    names = getattr(client, f"list_{kind}_policies")(**{f"{kind.title()}Name": name})
    return {
        policy: getattr(client, f"get_{kind}_policy")(
            **{f"{kind.title()}Name": name}, PolicyName=policy
        )["PolicyDocument"]
        for policy in names["PolicyNames"]
    }


def attached(aws: Any, arn: str) -> dict[str, list[str]]:
    found = aws("iam").list_entities_for_policy(PolicyArn=arn)
    return {
        "Roles": [r["RoleName"] for r in found["PolicyRoles"]],
        "Users": [u["UserName"] for u in found["PolicyUsers"]],
        "Groups": [g["GroupName"] for g in found["PolicyGroups"]],
    }


def local_policies(aws: Any) -> list[dict[str, Any]]:
    return aws("iam").list_policies(Scope="Local")["Policies"]  # type: ignore[no-any-return]


@pytest.fixture
def people(aws: Any) -> tuple[str, str]:
    """A user and a group Landform does not manage."""
    aws("iam").create_user(UserName="auditor")
    aws("iam").create_group(GroupName="auditors")
    return "auditor", "auditors"


# AWS::IAM::Policy ---------------------------------------------------------------------


def policy_app(
    action: str = "logs:Get*",
    name: str = "read",
    roles: int = 1,
    users: list[str] | None = None,
    groups: list[str] | None = None,
    description: str = "reader",
) -> App:
    app, stack = new_app()
    made = [role(stack, "role", description=description), role(stack, "other")]
    iam.Policy(
        stack,
        "policy",
        policy_name=name,
        policy_document=allow(action),
        roles=[r.id for r in made[:roles]],
        users=users,
        groups=groups,
    )
    return app


def test_policy_create_update_delete(context: Context, aws: Any, people: tuple[str, str]) -> None:
    user, group = people
    converge(policy_app(groups=[group]), context)
    first, other = role_name(context), role_name(context, "other")
    assert inline(aws, "role", first) == {"read": allow("logs:Get*")}
    assert inline(aws, "group", group) == {"read": allow("logs:Get*")}
    assert inline(aws, "role", other) == {}
    record = context.store.get("shop/main/policy")
    assert record is not None
    assert record.physical_id == f"read|role/{first},group/{group}"
    assert record.attributes == {"Id": record.physical_id}

    app = policy_app("s3:Get*", roles=2, users=[user])
    assert actions(plan(app, context)) == {"shop/main/policy": "update"}
    converge(app, context)
    for kind, name in (("role", first), ("role", other), ("user", user)):
        assert inline(aws, kind, name) == {"read": allow("s3:Get*")}
    assert inline(aws, "group", group) == {}, "taken from what is no longer declared"

    app = policy_app("s3:Get*", name="read-s3", roles=2, users=[user])
    assert actions(plan(app, context)) == {"shop/main/policy": "update"}
    converge(app, context)
    assert inline(aws, "role", other) == {"read-s3": allow("s3:Get*")}
    assert inline(aws, "user", user) == {"read-s3": allow("s3:Get*")}

    destroy(app, context)
    assert inline(aws, "user", user) == {}
    assert context.store.all() == []


def test_policy_survives_an_update_of_its_role(context: Context, aws: Any) -> None:
    """A role that declares no Policies leaves the inline policies of Policy resources."""
    converge(policy_app(), context)
    app = policy_app(description="reads logs")
    assert actions(plan(app, context)) == {"shop/main/role": "update"}
    converge(app, context)
    assert inline(aws, "role", role_name(context)) == {"read": allow("logs:Get*")}


def test_policies_of_one_name_and_document_on_several_roles(context: Context, aws: Any) -> None:
    """Declared once per role, they are told apart though IAM shows one name and text."""
    app, stack = new_app()
    for logical_id in ("a", "b"):
        made = role(stack, logical_id)
        iam.Policy(
            stack,
            f"{logical_id}-policy",
            policy_name="read",
            policy_document=allow("logs:Get*"),
            roles=[made.id],
        )
    converge(app, context)
    destroy(app, context)
    assert context.store.all() == []


def test_policy_put_by_a_crashed_run_is_adopted(context: Context, aws: Any) -> None:
    app, stack = new_app()
    role(stack)
    converge(app, context)
    name = role_name(context)
    aws("iam").put_role_policy(
        RoleName=name, PolicyName="read", PolicyDocument=json.dumps(allow("logs:Get*"))
    )
    iam.Policy(
        stack, "policy", policy_name="read", policy_document=allow("logs:Get*"), roles=[name]
    )
    assert actions(plan(app, context)) == {"shop/main/policy": "adopt"}
    converge(app, context)


def test_policy_on_nothing_is_refused(context: Context) -> None:
    app, stack = new_app()
    iam.Policy(stack, "policy", policy_name="read", policy_document=allow("logs:Get*"), roles=[])
    with pytest.raises(ApplyFailed, match="put on no role, user or group"):
        converge(app, context)


# AWS::IAM::ManagedPolicy --------------------------------------------------------------


def managed_app(
    action: str = "logs:Get*",
    roles: int = 1,
    users: list[str] | None = None,
    description: str | None = "reads logs",
    name: str | None = None,
) -> App:
    app, stack = new_app()
    # named: the model refuses two unknown values in a list of unique items
    made = [role(stack, "role", role_name="reader"), role(stack, "other", role_name="viewer")]
    iam.ManagedPolicy(
        stack,
        "managed",
        managed_policy_name=name,
        description=description,
        policy_document=allow(action),
        roles=[r.properties["RoleName"] for r in made[:roles]],
        users=users,
        depends_on=made,
    )
    return app


def versions(aws: Any, arn: str) -> dict[str, bool]:
    found = aws("iam").list_policy_versions(PolicyArn=arn)["Versions"]
    return {v["VersionId"]: v["IsDefaultVersion"] for v in found}


def test_managed_policy_create_update_replace_delete(
    context: Context, aws: Any, people: tuple[str, str]
) -> None:
    user, _ = people
    converge(managed_app(), context)
    (policy,) = local_policies(aws)
    arn = policy["Arn"]
    assert physical_id(context, "shop/main/managed") == arn
    assert policy["PolicyName"].startswith(role_name(context))
    assert aws("iam").get_policy(PolicyArn=arn)["Policy"]["Description"] == "reads logs"
    assert attached(aws, arn) == {"Roles": [role_name(context)], "Users": [], "Groups": []}
    record = context.store.get("shop/main/managed")
    assert record is not None
    assert (record.attributes["PolicyArn"], record.attributes["DefaultVersionId"]) == (arn, "v1")

    app = managed_app("s3:Get*", roles=2, users=[user])
    assert actions(plan(app, context)) == {"shop/main/managed": "update"}
    converge(app, context)
    assert versions(aws, arn) == {"v1": False, "v2": True}
    document = aws("iam").get_policy_version(PolicyArn=arn, VersionId="v2")["PolicyVersion"]
    assert document["Document"] == allow("s3:Get*")
    assert sorted(attached(aws, arn)["Roles"]) == sorted(
        [role_name(context), role_name(context, "other")]
    )
    assert attached(aws, arn)["Users"] == [user]
    record = context.store.get("shop/main/managed")
    assert record is not None and record.attributes["DefaultVersionId"] == "v2"

    app = managed_app("s3:Get*", roles=0, users=[])
    converge(app, context)
    assert attached(aws, arn) == {"Roles": [], "Users": [], "Groups": []}

    app = managed_app("s3:Get*", roles=0, users=[], description="reads buckets")
    assert actions(plan(app, context)) == {"shop/main/managed": "replace"}
    converge(app, context)
    (replaced,) = local_policies(aws)
    assert replaced["Arn"] != arn

    destroy(app, context)
    assert local_policies(aws) == []
    assert context.store.all() == []


def test_managed_policy_keeps_five_versions(context: Context, aws: Any) -> None:
    converge(managed_app(name="reader"), context)
    arn = physical_id(context, "shop/main/managed")
    for number in range(2, 6):
        aws("iam").create_policy_version(
            PolicyArn=arn, PolicyDocument=json.dumps(allow("logs:Get*")), SetAsDefault=False
        )
        assert f"v{number}" in versions(aws, arn)
    app = managed_app("s3:Get*", name="reader")
    assert actions(plan(app, context)) == {"shop/main/managed": "update"}
    converge(app, context)
    assert versions(aws, arn) == {"v1": False, "v3": False, "v4": False, "v5": False, "v6": True}
    destroy(app, context)
    assert local_policies(aws) == []


def test_managed_policy_leaves_attachments_of_a_kind_it_does_not_declare(
    context: Context, aws: Any, people: tuple[str, str]
) -> None:
    """A role that attaches the policy itself keeps it through updates of the policy."""

    def declare(action: str) -> App:
        app, stack = new_app()
        policy = iam.ManagedPolicy(
            stack, "managed", policy_document=allow(action), users=[people[0]]
        )
        role(stack, managed_policy_arns=[policy.id])
        return app

    converge(declare("logs:Get*"), context)
    arn = physical_id(context, "shop/main/managed")
    assert attached(aws, arn)["Roles"] == [role_name(context)]
    app = declare("s3:Get*")
    assert actions(plan(app, context)) == {"shop/main/managed": "update"}
    converge(app, context)
    assert attached(aws, arn) == {"Roles": [role_name(context)], "Users": [people[0]], "Groups": []}
    destroy(app, context)
    assert local_policies(aws) == []


def test_managed_policy_of_its_name_is_adopted(context: Context, aws: Any) -> None:
    made = aws("iam").create_policy(
        PolicyName="reader", PolicyDocument=json.dumps(allow("logs:Get*"))
    )["Policy"]
    app = managed_app(name="reader", description=None)
    (change,) = [c for c in plan(app, context).changes if c.address == "shop/main/managed"]
    assert (str(change.action), change.reason) == (
        "update",
        f"found {made['Arn']} by its ownership; adopting it",
    ), "adopted, and attached to its role"
    converge(app, context)
    assert physical_id(context, "shop/main/managed") == made["Arn"]
    assert attached(aws, made["Arn"])["Roles"] == [role_name(context)]


def test_unnamed_managed_policy_left_by_a_crash_is_reported(context: Context, aws: Any) -> None:
    app = managed_app()
    converge(app, context)
    context.store.remove("shop/main/managed")
    assert actions(plan(app, context)) == {"shop/main/managed": "create"}
    with pytest.raises(ApplyFailed, match="already exists and is not in Landform's state"):
        converge(app, context)


# AWS::IAM::InstanceProfile ------------------------------------------------------------


def profile_app(which: str = "role", path: str | None = None) -> App:
    app, stack = new_app()
    made = {"role": role(stack, "role"), "other": role(stack, "other")}
    iam.InstanceProfile(stack, "profile", roles=[made[which].id], path=path)
    return app


def profiles(aws: Any) -> dict[str, dict[str, Any]]:
    found = aws("iam").list_instance_profiles()["InstanceProfiles"]
    return {p["InstanceProfileName"]: p for p in found}


def test_instance_profile_create_update_replace_delete(context: Context, aws: Any) -> None:
    converge(profile_app(), context)
    ((name, profile),) = profiles(aws).items()
    assert name.startswith(role_name(context)) and len(name) <= 128
    assert [r["RoleName"] for r in profile["Roles"]] == [role_name(context)]
    record = context.store.get("shop/main/profile")
    assert record is not None
    assert (record.physical_id, record.attributes) == (name, {"Arn": profile["Arn"]})

    app = profile_app("other")
    assert actions(plan(app, context)) == {"shop/main/profile": "update"}
    converge(app, context)
    assert [r["RoleName"] for r in profiles(aws)[name]["Roles"]] == [role_name(context, "other")]

    app = profile_app("other", path="/fleet/")
    assert actions(plan(app, context)) == {"shop/main/profile": "replace"}
    converge(app, context)
    ((replaced, profile),) = profiles(aws).items()
    assert (replaced != name, profile["Path"]) == (True, "/fleet/")

    destroy(app, context)
    assert profiles(aws) == {}
    assert context.store.all() == []


def test_instance_profile_of_its_name_is_adopted(context: Context, aws: Any) -> None:
    app, stack = new_app()
    made = role(stack)
    converge(app, context)
    aws("iam").create_instance_profile(InstanceProfileName="web")
    iam.InstanceProfile(stack, "profile", instance_profile_name="web", roles=[made.id])
    (change,) = [c for c in plan(app, context).changes if c.address == "shop/main/profile"]
    assert (str(change.action), change.reason) == (
        "update",
        "found web by its ownership; adopting it",
    ), "adopted, and given its role"
    converge(app, context)
    assert [r["RoleName"] for r in profiles(aws)["web"]["Roles"]] == [role_name(context)]


def test_roleless_profile_needs_a_name() -> None:
    with pytest.raises(LandformError, match="needs an InstanceProfileName"):
        handler_for("AWS::IAM::InstanceProfile").natural_key({"Roles": []})


# AWS::IAM::Role and what was declared before ------------------------------------------


def test_role_removes_only_policies_it_declared_before(context: Context, aws: Any) -> None:
    """Given what the role declared before, an update takes away only that."""
    app, stack = new_app()
    role(stack, policies=[{"PolicyName": "own", "PolicyDocument": allow("s3:Get*")}])
    converge(app, context)
    name = role_name(context)
    aws("iam").put_role_policy(
        RoleName=name, PolicyName="other", PolicyDocument=json.dumps(allow("logs:Get*"))
    )
    record = context.store.get("shop/main/role")
    assert record is not None
    handler = handler_for("AWS::IAM::Role")
    api = context.api(None, REGION)
    (listed,) = [live for live in handler.list(api) if live.physical_id == name]
    before = {**listed.properties, "Policies": record.properties["Policies"]}
    desired = {k: v for k, v in record.properties.items() if k != "Policies"}
    handler.update(api, Live(name, before, listed.attributes), desired)
    assert inline(aws, "role", name) == {"other": allow("logs:Get*")}
