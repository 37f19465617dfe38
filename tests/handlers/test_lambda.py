"""AWS::Lambda::Function and AWS::Lambda::Permission against the emulator."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from landform import App, Stack, lambda_code
from landform.aws import ec2, iam, kms, lambda_
from landform.engine import operations
from landform.engine.apply import ApplyFailed, apply_plan
from landform.engine.context import Context
from landform.errors import ValidationError
from landform.handlers.base import Live
from landform.handlers.lambda_.function import Function
from landform.handlers.lambda_.permission import PREFIX
from landform.model.assets import code_sha256, inline_zip, zip_bytes
from tests.conftest import ACCOUNT
from tests.handlers.contract import stubbed_api
from tests.handlers.examples.lambda_ import TRUST
from tests.support import actions, converge, destroy, new_app, plan

FN = "shop/main/fn"
STAGE = {"Variables": {"STAGE": "dev"}}
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/"


def code_dir(root: Path, body: str = "return 1") -> Path:
    (root / "pkg").mkdir(parents=True, exist_ok=True)
    (root / "app.py").write_text(f"def handler(event, context):\n    {body}\n")
    (root / "pkg" / "util.py").write_text("X = 1\n")
    return root


def declare(code: Path, **settings: Any) -> tuple[App, Stack, lambda_.Function]:
    app, stack = new_app()
    roles = [iam.Role(stack, name, assume_role_policy_document=TRUST) for name in ("role", "other")]
    role = roles[1] if settings.pop("other_role", False) else roles[0]
    settings.setdefault("handler", "app.handler")
    settings.setdefault("runtime", "python3.12")
    function = lambda_.Function(stack, "fn", code=lambda_code(code), role=role.arn, **settings)
    return app, stack, function


def configuration(aws: Any, name: str) -> Any:
    return aws("lambda").get_function_configuration(FunctionName=name)


def function_name(context: Context) -> str:
    record = context.store.get(FN)
    assert record is not None
    return record.physical_id


def test_function_create_update_delete(context: Context, aws: Any, tmp_path: Path) -> None:
    code = code_dir(tmp_path / "fn")
    app, _, _ = declare(code, memory_size=256, timeout=20, environment=STAGE)
    converge(app, context)
    name = function_name(context)
    assert name.startswith("shop-main-fn-") and len(name) <= 64
    config = configuration(aws, name)
    assert (config["MemorySize"], config["Timeout"], config["Handler"]) == (256, 20, "app.handler")
    assert config["Environment"] == STAGE
    assert config["CodeSha256"] == lambda_code(code)["ZipSha256"]
    tags = aws("lambda").list_tags(Resource=config["FunctionArn"])["Tags"]
    assert tags["landform:address"] == FN
    record = context.store.get(FN)
    assert record is not None and record.attributes == {"Arn": config["FunctionArn"]}

    for file in code.rglob("*"):
        os.utime(file, (1_000, 1_000))
    app, _, _ = declare(code, memory_size=256, timeout=20, environment=STAGE)
    assert actions(plan(app, context)) == {}, "an unchanged directory is no change"

    app, _, _ = declare(
        code,
        memory_size=512,
        timeout=30,
        runtime="python3.13",
        handler="app.main",
        environment={"Variables": {"LEVEL": "debug"}},
        reserved_concurrent_executions=5,
        other_role=True,
        tags={"Team": "orders"},
    )
    assert actions(plan(app, context)) == {FN: "update"}
    converge(app, context)
    config = configuration(aws, name)
    assert (config["MemorySize"], config["Timeout"]) == (512, 30)
    assert (config["Runtime"], config["Handler"]) == ("python3.13", "app.main")
    assert ":role/shop-main-other-" in config["Role"]
    assert config["Environment"] == {"Variables": {"LEVEL": "debug"}}
    concurrency = aws("lambda").get_function_concurrency(FunctionName=name)
    assert concurrency["ReservedConcurrentExecutions"] == 5
    assert aws("lambda").list_tags(Resource=config["FunctionArn"])["Tags"]["Team"] == "orders"

    app, _, _ = declare(code)
    assert actions(plan(app, context)) == {FN: "update"}
    converge(app, context)
    config = configuration(aws, name)
    assert (config["MemorySize"], config["Timeout"]) == (128, 3), "back to Lambda's defaults"
    assert "Environment" not in config
    assert "ReservedConcurrentExecutions" not in aws("lambda").get_function_concurrency(
        FunctionName=name
    )

    destroy(app, context)
    assert aws("lambda").list_functions()["Functions"] == []
    assert context.store.all() == []


def layer(aws: Any, name: str, tmp_path: Path) -> str:
    """The ARN of version 1 of a layer `name`, published with plain boto3."""
    content = zip_bytes(code_dir(tmp_path / name))
    published = aws("lambda").publish_layer_version(LayerName=name, Content={"ZipFile": content})
    return str(published["LayerVersionArn"])


def test_key_and_layers_are_set_changed_and_reset(
    context: Context, aws: Any, tmp_path: Path
) -> None:
    """KmsKeyArn (the API's KMSKeyArn) and Layers."""
    code = lambda_code(code_dir(tmp_path / "fn"))
    first, second = layer(aws, "first", tmp_path), layer(aws, "second", tmp_path)

    def declared(key: bool, layers: list[str]) -> App:
        app, stack = new_app()
        role = iam.Role(stack, "role", assume_role_policy_document=TRUST)
        lambda_.Function(
            stack,
            "fn",
            code=code,
            role=role.arn,
            handler="app.handler",
            runtime="python3.12",
            kms_key_arn=kms.Key(stack, "env-key").arn if key else None,
            layers=layers or None,
        )
        return app

    converge(declared(key=True, layers=[first, second]), context)
    config = configuration(aws, function_name(context))
    key = context.store.get("shop/main/env-key")
    assert key is not None and config["KMSKeyArn"] == key.attributes["Arn"]
    assert [found["Arn"] for found in config["Layers"]] == [first, second]

    assert actions(plan(declared(key=True, layers=[second]), context)) == {FN: "update"}
    converge(declared(key=True, layers=[second]), context)
    layers = configuration(aws, function_name(context))["Layers"]
    assert [found["Arn"] for found in layers] == [second]

    converge(declared(key=False, layers=[]), context)
    config = configuration(aws, function_name(context))
    assert not config.get("KMSKeyArn") and not config.get("Layers"), "back to AWS's defaults"


def test_changed_code_updates_the_function(context: Context, aws: Any, tmp_path: Path) -> None:
    code = code_dir(tmp_path / "fn")
    app, _, _ = declare(code)
    converge(app, context)
    name = function_name(context)
    before = configuration(aws, name)["CodeSha256"]

    code_dir(code, body="return 2")
    app, _, _ = declare(code)
    planned = plan(app, context)
    assert actions(planned) == {FN: "update"}
    (change,) = [c for c in planned.changes if c.address == FN]
    assert [c.name for c in change.changes] == ["Code"]
    converge(app, context)
    after = configuration(aws, name)["CodeSha256"]
    assert after != before and after == lambda_code(code)["ZipSha256"]


def test_code_changed_after_the_plan_is_not_uploaded(
    context: Context, aws: Any, tmp_path: Path
) -> None:
    code = code_dir(tmp_path / "fn")
    app, _, _ = declare(code)
    planned = plan(app, context)
    code_dir(code, body="return 3")
    with pytest.raises(ApplyFailed, match="changed since the plan was made"):
        apply_plan(context, planned)
    assert aws("lambda").list_functions()["Functions"] == []


def test_function_in_a_vpc_and_out_again(context: Context, aws: Any, tmp_path: Path) -> None:
    code = code_dir(tmp_path / "fn")

    def with_vpc(attached: bool) -> App:
        app, stack, function = declare(code)
        vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
        subnet = ec2.Subnet(stack, "subnet", vpc_id=vpc.id, cidr_block="10.0.0.0/24")
        group = ec2.SecurityGroup(stack, "sg", group_description="fn", vpc_id=vpc.id)
        if attached:
            function.properties["VpcConfig"] = {
                "SubnetIds": [subnet.id],
                "SecurityGroupIds": [group.group_id],
            }
        return app

    converge(with_vpc(True), context)
    subnet = context.store.get("shop/main/subnet")
    assert subnet is not None
    config = configuration(aws, function_name(context))
    assert config["VpcConfig"]["SubnetIds"] == [subnet.physical_id]

    app = with_vpc(False)
    assert actions(plan(app, context)) == {FN: "update"}
    converge(app, context)
    assert not configuration(aws, function_name(context)).get("VpcConfig", {}).get("SubnetIds")


def test_new_name_replaces_the_function(context: Context, aws: Any, tmp_path: Path) -> None:
    code = code_dir(tmp_path / "fn")
    app, _, _ = declare(code)
    converge(app, context)
    old = function_name(context)
    app, _, _ = declare(code, function_name="orders")
    assert actions(plan(app, context)) == {FN: "replace"}
    converge(app, context)
    names = [f["FunctionName"] for f in aws("lambda").list_functions()["Functions"]]
    assert names == ["orders"] and old != "orders"


INLINE = "def handler(event, context):\n    return {version}\n"
IMAGE = f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/orders"


def declare_code(code: dict[str, Any], **settings: Any) -> App:
    """A function with `code` declared as CloudFormation takes it."""
    app, stack = new_app()
    role = iam.Role(stack, "role", assume_role_policy_document=TRUST)
    lambda_.Function(stack, "fn", code=code, role=role.arn, **settings)
    return app


def code_is_updated_in_place(
    context: Context, aws: Any, declared: Callable[[int], App]
) -> tuple[str, dict[str, Any]]:
    """Applies version 1 of a function's code, then version 2 (an update, of Code only,
    then no change); returns version 1's CodeSha256 and the function as Lambda has it at
    the end."""
    converge(declared(1), context)
    name = function_name(context)
    first = configuration(aws, name)["CodeSha256"]

    planned = plan(declared(2), context)
    assert actions(planned) == {FN: "update"}
    (change,) = [c for c in planned.changes if c.address == FN]
    assert [c.name for c in change.changes] == ["Code"]
    converge(declared(2), context)
    assert actions(plan(declared(2), context)) == {}
    found = aws("lambda").get_function(FunctionName=name)
    assert found["Configuration"]["CodeSha256"] != first
    return first, dict(found)


def test_inline_code_is_zipped_into_index_as_cloudformation_does(
    context: Context, aws: Any
) -> None:
    def declared(version: int) -> App:
        code = {"ZipFile": INLINE.format(version=version)}
        return declare_code(code, runtime="python3.12", handler="index.handler")

    def sha256(version: int) -> str:
        return code_sha256(inline_zip("index.py", INLINE.format(version=version)))

    first, found = code_is_updated_in_place(context, aws, declared)
    assert (first, found["Configuration"]["CodeSha256"]) == (sha256(1), sha256(2))


def test_code_from_s3_is_updated_when_its_key_changes(
    context: Context, aws: Any, tmp_path: Path
) -> None:
    s3 = aws("s3")
    s3.create_bucket(Bucket="artifacts")
    packages = {}
    for version in (1, 2):
        packages[version] = zip_bytes(code_dir(tmp_path / f"v{version}", f"return {version}"))
        s3.put_object(Bucket="artifacts", Key=f"orders-{version}.zip", Body=packages[version])

    def declared(version: int) -> App:
        code = {"S3Bucket": "artifacts", "S3Key": f"orders-{version}.zip"}
        return declare_code(code, runtime="python3.12", handler="app.handler")

    first, found = code_is_updated_in_place(context, aws, declared)
    sha256 = {version: code_sha256(package) for version, package in packages.items()}
    assert (first, found["Configuration"]["CodeSha256"]) == (sha256[1], sha256[2])


def test_container_image_function_is_updated_when_its_tag_changes(
    context: Context, aws: Any
) -> None:
    def declared(version: int) -> App:
        return declare_code({"ImageUri": f"{IMAGE}:{version}"}, package_type="Image")

    _, found = code_is_updated_in_place(context, aws, declared)
    assert found["Code"]["ImageUri"] == f"{IMAGE}:2"
    assert found["Configuration"]["PackageType"] == "Image"


@pytest.mark.parametrize(
    ("code", "settings", "where", "problem"),
    [
        (
            {"ZipFile": "x", "S3Bucket": "artifacts", "S3Key": "k"},
            {},
            "Code",
            "ZipFile and S3Bucket+S3Key",
        ),
        ({"SourceKMSKeyArn": f"arn:aws:kms:us-east-1:{ACCOUNT}:key/k"}, {}, "Code", "no code"),
        ({"S3Bucket": "artifacts"}, {}, "Code", "Code.S3Bucket needs Code.S3Key"),
        ({"ZipFile": "x", "S3ObjectVersion": "3"}, {}, "Code", "need Code.S3Bucket"),
        ({"ImageUri": f"{IMAGE}:1"}, {}, "PackageType", "go together"),
        ({"ZipFile": "x"}, {"package_type": "Image"}, "PackageType", "go together"),
        ({"ZipFile": "x"}, {"runtime": "java21"}, "Runtime", "Python or Node.js Runtime"),
        ({"ZipFile": "x"}, {}, "Runtime", "Python or Node.js Runtime"),
    ],
)
def test_code_lambda_cannot_take_is_refused_before_aws(
    code: dict[str, Any], settings: dict[str, Any], where: str, problem: str
) -> None:
    app = declare_code(code, **settings)
    with pytest.raises(ValidationError, match=re.escape(problem)) as refused:
        operations.check(app)
    message = str(refused.value)
    assert "test_lambda.py:" in message and f"fn, property {where}:" in message
    assert "landform.lambda_code(path)" in message, "the hint names every way to give code"


def test_create_waits_for_a_new_role_to_reach_lambda(tmp_path: Path) -> None:
    """Lambda refuses a role IAM made seconds ago; create asks again until it takes it."""

    class Quick(Function):
        ROLE_DELAYS = (0.0,)

    code = lambda_code(code_dir(tmp_path / "fn"))
    props = {
        "FunctionName": "orders",
        "Role": ROLE_ARN + "new",
        "Code": code,
        "Handler": "app.handler",
        "Runtime": "python3.12",
        "Tags": [{"Key": "landform:address", "Value": FN}],
    }
    arn = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:orders"
    with stubbed_api("lambda") as (api, stubber):
        stubber.add_client_error(
            "create_function",
            "InvalidParameterValueException",
            "The role defined for the function cannot be assumed by Lambda.",
        )
        stubber.add_response("create_function", {"FunctionName": "orders", "FunctionArn": arn})
        created = Quick().create(api, props, "token")
        stubber.assert_no_pending_responses()
    assert (created.physical_id, created.attributes) == ("orders", {"Arn": arn})


def test_other_errors_are_not_retried(tmp_path: Path) -> None:
    props = {
        "FunctionName": "orders",
        "Role": ROLE_ARN + "new",
        "Code": lambda_code(code_dir(tmp_path / "fn")),
        "Tags": [{"Key": "landform:address", "Value": FN}],
    }
    with stubbed_api("lambda") as (api, stubber):
        stubber.add_client_error("create_function", "InvalidParameterValueException", "bad")
        with pytest.raises(Exception, match="bad"):
            Function().create(api, props, "token")


# permissions --------------------------------------------------------------------------


def statements(aws: Any, name: str) -> dict[str, Any]:
    policy = json.loads(aws("lambda").get_policy(FunctionName=name)["Policy"])
    return {s["Sid"]: s for s in policy["Statement"]}


def declare_permission(code: Path, principal: str, by_arn: bool = False) -> App:
    app, stack, function = declare(code)
    lambda_.Permission(
        stack,
        "invoke",
        function_name=function.arn if by_arn else function.id,
        action="lambda:InvokeFunction",
        principal=principal,
        source_account=ACCOUNT,
    )
    return app


def test_permission_create_replace_delete(context: Context, aws: Any, tmp_path: Path) -> None:
    code = code_dir(tmp_path / "fn")
    converge(declare_permission(code, "s3.amazonaws.com"), context)
    name = function_name(context)
    (sid, statement), *rest = statements(aws, name).items()
    assert rest == [] and sid.startswith(PREFIX)
    assert statement["Principal"] == {"Service": "s3.amazonaws.com"}
    record = context.store.get("shop/main/invoke")
    assert record is not None and record.physical_id == sid

    app = declare_permission(code, "sns.amazonaws.com")
    assert actions(plan(app, context)) == {"shop/main/invoke": "replace"}
    converge(app, context)
    (new, statement), *rest = statements(aws, name).items()
    assert rest == [] and new != sid
    assert statement["Principal"] == {"Service": "sns.amazonaws.com"}

    destroy(app, context)
    assert context.store.all() == []


def test_permission_by_function_arn(context: Context, aws: Any, tmp_path: Path) -> None:
    converge(declare_permission(code_dir(tmp_path / "fn"), "s3.amazonaws.com", True), context)
    assert len(statements(aws, function_name(context))) == 1


def test_permission_made_outside_state_is_adopted(
    context: Context, aws: Any, tmp_path: Path
) -> None:
    """A statement added by a run that stopped before recording it is found again."""
    code = code_dir(tmp_path / "fn")
    app = declare_permission(code, "s3.amazonaws.com")
    converge(app, context)
    name = function_name(context)
    record = context.store.get("shop/main/invoke")
    assert record is not None
    context.store.remove("shop/main/invoke")
    assert actions(plan(app, context)) == {"shop/main/invoke": "adopt"}
    converge(app, context)
    assert list(statements(aws, name)) == [record.physical_id]


def test_permission_left_by_a_crash_on_create_is_taken(tmp_path: Path) -> None:
    """add_permission answering "already exists" means the digest's statement is there."""
    from landform.handlers.lambda_.permission import Permission, statement_id

    props = {"FunctionName": "orders", "Action": "lambda:InvokeFunction", "Principal": "*"}
    with stubbed_api("lambda") as (api, stubber):
        stubber.add_client_error(
            "add_permission",
            "ResourceConflictException",
            f"The statement id ({statement_id(props)}) provided already exists.",
        )
        created = Permission().create(api, props, "token")
    assert created == Live(statement_id(props), props, {"Id": statement_id(props)})


def test_permission_on_an_alias_is_refused() -> None:
    app, stack = new_app()
    lambda_.Permission(
        stack, "invoke", function_name="orders:live", action="lambda:InvokeFunction", principal="*"
    )
    with pytest.raises(ValidationError, match="FunctionName's version or alias"):
        operations.check(app)
