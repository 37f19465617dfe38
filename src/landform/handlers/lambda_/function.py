"""AWS::Lambda::Function"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from landform.errors import LandformError
from landform.handlers.base import (
    ROLE_DELAYS,
    Api,
    Handler,
    Live,
    Props,
    Refusal,
    address_of,
    error_code,
    ignoring,
    physical_name,
    present,
    read_each,
    tag_delta,
    tag_list,
    tag_map,
    with_new_role,
)
from landform.handlers.registry import register
from landform.model.assets import code_sha256, inline_zip, zip_bytes
from landform.model.tags import ADDRESS_TAG

SETTINGS = (
    "Description",
    "Handler",
    "Runtime",
    "MemorySize",
    "Timeout",
    "Role",
    "Environment",
    "VpcConfig",
    "TracingConfig",
    "EphemeralStorage",
    "KmsKeyArn",
    "Layers",
)
"""Properties create_function and update_function_configuration take (under their names
but for API_NAMES)."""

API_NAMES = {"KmsKeyArn": "KMSKeyArn"}
"""CloudFormation's names the Lambda API spells otherwise."""

_LISTED = (
    *(s for s in SETTINGS if s not in ("Environment", "VpcConfig", "KmsKeyArn", "Layers")),
    "Architectures",
    "PackageType",
)
"""What list_functions returns under CloudFormation's names and shapes."""

DEFAULTS: dict[str, Any] = {
    "Description": "",
    "MemorySize": 128,
    "Timeout": 3,
    "Environment": {"Variables": {}},
    "VpcConfig": {"SubnetIds": [], "SecurityGroupIds": []},
    "TracingConfig": {"Mode": "PassThrough"},
    "EphemeralStorage": {"Size": 512},
    "Architectures": ["x86_64"],
    "KmsKeyArn": "",
    "Layers": [],
}
"""Lambda's defaults, which an undeclared setting returns to. Handler, Runtime and Role
have none: one no longer declared is left as it is."""

CODE_FORMS = (
    ("LocalPath", "ZipSha256"),
    ("ZipFile",),
    ("S3Bucket", "S3Key"),
    ("ImageUri",),
)
"""The ways to give a function's Code, by the keys each needs: a local file or directory
(`landform.lambda_code(path)`), inline source, an object in S3, a container image."""

S3_OBJECT = ("S3Bucket", "S3Key")
S3_OPTIONS = ("S3ObjectVersion", "S3ObjectStorageMode")
"""Code keys that go with an object in S3 only."""

PASSED = (*S3_OBJECT, *S3_OPTIONS, "ImageUri", "SourceKMSKeyArn")
"""Code keys create_function and update_function_code take as declared."""

INLINE_FILES = {"python": "index.py", "nodejs": "index.js"}
"""The file CloudFormation puts inline code (Code.ZipFile) in, by runtime: only Python
and Node.js take inline code."""

CODE_HINT = (
    "declare one of: code=landform.lambda_code(path); code={'ZipFile': source} with a "
    "Python or Node.js runtime; code={'S3Bucket': ..., 'S3Key': ...}; "
    "code={'ImageUri': ...} with package_type='Image'"
)

ROLE_NOT_READY = (
    "cannot be assumed by Lambda",
    "execution role does not have permissions",
)
"""What Lambda answers while a new role, or a new grant of it, has not reached it."""

READY_TIMEOUT = 15 * 60.0
"""Seconds to wait for a function to be active or updated (VPC functions take minutes)."""

_UNSUPPORTED = frozenset(
    {
        "CapacityProviderConfig",
        "CodeSigningConfigArn",
        "DeadLetterConfig",
        "DurableConfig",
        "FileSystemConfigs",
        "FunctionScalingConfig",
        "ImageConfig",
        "LoggingConfig",
        "PublishToLatestPublished",
        "RecursiveLoop",
        "RuntimeManagementConfig",
        "SnapStart",
        "TenancyConfig",
    }
)


@register
class Function(Handler):
    """A function whose code is a local file or directory (`Code=lambda_code(path)`,
    uploaded zipped), inline source (Code.ZipFile, zipped as CloudFormation does: into
    index.py or index.js), an object in S3, or a container image (Code.ImageUri with
    PackageType Image); named FunctionName or else after its address (<= 64 characters).

    Lambda neither filters functions on tags nor lists their tags or code: `list` costs
    list_functions and one list_tags per function of the region (READERS threads). Code is
    compared with state: a local path by the hash of its zip (an unchanged directory is no
    change), the other forms as declared (as in CloudFormation, new content under the same
    S3 key or image tag is not seen: change the key, version or tag); new code is uploaded
    with update_function_code. KmsKeyArn (the API's KMSKeyArn) and Layers are read back
    and reset to AWS's own key and no layers when no longer declared; the emulator ignores
    a new KMSKeyArn, and a correction changes it as AWS does. ReservedConcurrentExecutions
    is compared with state too. Creation and role changes are retried while IAM
    propagates a new role to Lambda.
    """

    TYPE = "AWS::Lambda::Function"
    NAME = "FunctionName"
    UNSUPPORTED = _UNSUPPORTED
    UNREADABLE = frozenset({"Code", "ReservedConcurrentExecutions"})
    ROLE_DELAYS: ClassVar[tuple[float, ...]] = ROLE_DELAYS

    def refusal_of(self, props: Mapping[str, Any]) -> Refusal | None:
        code = props.get("Code")
        if not isinstance(code, Mapping):
            return None  # a reference: known at apply only
        forms = [form for form in CODE_FORMS if set(form) & code.keys()]
        if len(forms) != 1:
            found = " and ".join("+".join(k for k in form if k in code) for form in forms)
            return Refusal("Code", f"Code declares {found or 'no code'}", CODE_HINT)
        (form,) = forms
        missing = [key for key in form if key not in code]
        if missing:
            return Refusal("Code", f"Code.{form[0]} needs Code.{missing[0]} too", CODE_HINT)
        if form != S3_OBJECT and set(S3_OPTIONS) & code.keys():
            return Refusal("Code", "S3 object settings need Code.S3Bucket", CODE_HINT)
        if (form == ("ImageUri",)) != (props.get("PackageType") == "Image"):
            problem = "Code.ImageUri and PackageType Image go together"
            return Refusal("PackageType", problem, CODE_HINT)
        if form == ("ZipFile",) and _inline_file(props.get("Runtime")) is None:
            problem = "inline code (Code.ZipFile) needs a Python or Node.js Runtime"
            return Refusal("Runtime", problem, CODE_HINT)
        return None

    def list(self, api: Api) -> Iterable[Live]:
        lam = api.client("lambda")
        functions = api.pages("lambda", "list_functions", "Functions")
        tags = read_each(lambda function: _tags(lam, function["FunctionArn"]), functions)
        for function, found in zip(functions, tags, strict=True):
            if api.keeps(found):
                yield Live(function["FunctionName"], _read(function, found), _attributes(function))

    def describe(self, api: Api, listed: Live) -> Live:
        answer = api.client("lambda").get_function_concurrency(FunctionName=listed.physical_id)
        reserved = present(answer, ("ReservedConcurrentExecutions",))
        return Live(listed.physical_id, {**listed.properties, **reserved}, listed.attributes)

    def create(self, api: Api, props: Props, token: str) -> Live:
        lam = api.client("lambda")
        name = props.get("FunctionName") or physical_name(
            address_of(props), api.account, api.region, 64
        )
        params = {
            **_api(present(props, (*SETTINGS, "Architectures", "PackageType"))),
            "FunctionName": name,
            "Code": _code(props),
            "Tags": _lambda_tags(props.get("Tags")),
        }
        try:
            function = self._with_role(lam, "create_function", params)
        except Exception as error:
            if error_code(error) != "ResourceConflictException":
                raise
            return _existing(lam, name, props)
        created = present(
            props, (*SETTINGS, "Architectures", "Code", "FunctionName", "PackageType", "Tags")
        )
        return Live(name, created, _attributes(function))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        lam = api.client("lambda")
        name = current.physical_id
        settings = _changed_settings(current.properties, desired)
        architectures = desired.get("Architectures", DEFAULTS["Architectures"])
        new_code = _code_identity(desired) != _code_identity(current.properties) or (
            architectures != current.properties.get("Architectures", DEFAULTS["Architectures"])
        )
        if settings or new_code:
            self._wait(api, "function_active_v2", name)
        if settings:
            settings["FunctionName"] = name
            self._with_role(lam, "update_function_configuration", _api(settings))
            self._wait(api, "function_updated_v2", name)
        if new_code:
            code = _code(desired)
            lam.update_function_code(FunctionName=name, **code, Architectures=architectures)
            self._wait(api, "function_updated_v2", name)
        if "ReservedConcurrentExecutions" in desired:
            reserved = desired["ReservedConcurrentExecutions"]
            lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=reserved)
        else:
            lam.delete_function_concurrency(FunctionName=name)
        _update_tags(lam, current.attributes["Arn"], current.properties, desired)
        return Live(name, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("ResourceNotFoundException"):
            api.client("lambda").delete_function(FunctionName=current.physical_id)

    def wait_ready(self, api: Api, current: Live) -> Live:
        self._wait(api, "function_active_v2", current.physical_id)
        return current

    def _with_role(self, lam: Any, operation: str, params: Props) -> Any:
        """Call `operation`, again while Lambda cannot yet use a role IAM just made."""
        call = getattr(lam, operation)
        error, delays = "InvalidParameterValueException", self.ROLE_DELAYS
        return with_new_role(lambda: call(**params), error, ROLE_NOT_READY, delays)

    @staticmethod
    def _wait(api: Api, waiter: str, name: str) -> None:
        api.wait("lambda", waiter, timeout=READY_TIMEOUT, FunctionName=name)


def _tags(lam: Any, arn: str) -> dict[str, str]:
    """A function's tags; none for one deleted since it was listed."""
    with ignoring("ResourceNotFoundException"):
        return dict(lam.list_tags(Resource=arn)["Tags"])
    return {}


def _read(function: Mapping[str, Any], tags: Mapping[str, str]) -> Props:
    """A listed function in CloudFormation shape; Code as far as Lambda tells it."""
    props: Props = {
        "FunctionName": function["FunctionName"],
        **present(function, _LISTED),
        "Code": {"ZipSha256": function["CodeSha256"]},
        "Tags": tag_list(tags),
    }
    variables = function.get("Environment", {}).get("Variables")
    if variables:
        props["Environment"] = {"Variables": variables}
    vpc = function.get("VpcConfig") or {}
    if vpc.get("SubnetIds"):
        props["VpcConfig"] = present(vpc, ("SubnetIds", "SecurityGroupIds"))
    if function.get("KMSKeyArn"):
        props["KmsKeyArn"] = function["KMSKeyArn"]
    if function.get("Layers"):
        props["Layers"] = [layer["Arn"] for layer in function["Layers"]]
    return props


def _api(settings: Mapping[str, Any]) -> Props:
    """Settings under the API's names."""
    return {API_NAMES.get(name, name): value for name, value in settings.items()}


def _attributes(function: Mapping[str, Any]) -> dict[str, Any]:
    return {"Arn": function["FunctionArn"]}


def _existing(lam: Any, name: str, props: Props) -> Live:
    """The function of this name, if it is this resource's (made by a run that stopped
    before recording it): the engine then updates it to the declaration."""
    function = lam.get_function(FunctionName=name)
    tags = function.get("Tags", {})
    if tags.get(ADDRESS_TAG) != address_of(props):
        raise LandformError(
            f"Lambda function {name} exists and is not this resource's",
            hint="declare another FunctionName, or delete that function",
        )
    found = {"FunctionName": name, "Tags": tag_list(tags)}
    return Live(name, found, _attributes(function["Configuration"]))


def _code(props: Mapping[str, Any]) -> Props:
    """The declared Code as create_function and update_function_code take it: local and
    inline code zipped, the rest as declared."""
    code = props["Code"]
    params = present(code, PASSED)
    if "LocalPath" in code:
        params["ZipFile"] = _zip(code)
    elif "ZipFile" in code:
        params["ZipFile"] = inline_zip(str(_inline_file(props["Runtime"])), code["ZipFile"])
    return params


def _inline_file(runtime: Any) -> str | None:
    """The file inline code goes in for `runtime`; None for a runtime that takes none."""
    if not isinstance(runtime, str):
        return None
    return next((f for family, f in INLINE_FILES.items() if runtime.startswith(family)), None)


def _zip(code: Mapping[str, Any]) -> bytes:
    """The zip of Code's LocalPath, if it is still the code the plan was made with."""
    path, planned = code["LocalPath"], code["ZipSha256"]
    data = zip_bytes(path)
    if code_sha256(data) != planned:
        raise LandformError(
            f"the code in {path} changed since the plan was made",
            hint="plan again, and apply the new plan, to upload the code as it is now",
        )
    return data


def _code_identity(props: Mapping[str, Any]) -> dict[str, Any]:
    """What makes the declared code this code: a local path's zip hash (not the path),
    else the Code as declared."""
    code = dict(props.get("Code") or {})
    code.pop("LocalPath", None)
    return code


def _changed_settings(have: Mapping[str, Any], desired: Mapping[str, Any]) -> Props:
    """The settings to send: declared (or reset to a default) and not as they are."""
    changed: Props = {}
    for name in SETTINGS:
        want = desired.get(name, DEFAULTS.get(name))
        if want is not None and not _same(want, have.get(name, DEFAULTS.get(name))):
            changed[name] = want
    return changed


def _same(want: Any, have: Any) -> bool:
    """Whether a setting is as wanted: the keys it names, with lists of ids in them in any
    order; a setting that is a list (Layers, applied in turn) in its order."""
    if isinstance(want, Mapping) and isinstance(have, Mapping):
        return all(
            _ids(value) == _ids(have.get(key, [] if isinstance(value, list) else None))
            for key, value in want.items()
        )
    return bool(want == have)


def _ids(value: Any) -> Any:
    return sorted(map(str, value)) if isinstance(value, list) else value


def _lambda_tags(tags: Any) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in tag_list(tags)}


def _update_tags(lam: Any, arn: str, have: Mapping[str, Any], desired: Mapping[str, Any]) -> None:
    stale, fresh = tag_delta(have.get("Tags"), desired.get("Tags"))
    if stale:
        lam.untag_resource(Resource=arn, TagKeys=stale)
    if fresh:
        lam.tag_resource(Resource=arn, Tags=tag_map(fresh))
