"""AWS::SecretsManager::Secret"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from landform.errors import LandformError
from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    address_of,
    error_code,
    physical_name,
    present,
    tag_delta,
    tag_list,
    tag_map,
)
from landform.handlers.registry import register
from landform.model.tags import ADDRESS_TAG

OWNED = [{"Key": "tag-key", "Values": [ADDRESS_TAG]}]
"""list_secrets' filter for secrets that carry Landform's ownership tag."""

RECOVERY_DAYS = 7
"""Days a deleted secret can still be restored (AWS's default window)."""

NAME_LENGTH = 512

GENERATE = (
    "PasswordLength",
    "ExcludeCharacters",
    "ExcludeNumbers",
    "ExcludePunctuation",
    "ExcludeUppercase",
    "ExcludeLowercase",
    "IncludeSpace",
    "RequireEachIncludedType",
)
"""GenerateSecretString settings get_random_password takes under the same name."""

_READ = ("Name", "Description", "KmsKeyId", "GenerateSecretString", "Tags")
"""What create and update hand back as set: everything declared but the secret."""


@register
class Secret(Handler):
    """A secret; its physical id (Ref) is its ARN.

    SecretString is never read back, recorded or returned: plans and state carry a digest
    of it. An update reads the current value once, to put a new version only when the
    declared one differs. GenerateSecretString asks AWS for a password
    (get_random_password) that goes straight into the secret, never into state or
    output; it is generated again only when its settings are known to have changed.
    Neither declared, the secret is created empty.

    Deleting schedules the deletion after a 7-day recovery window. Declaring the secret
    again meanwhile (same Name, same address) restores it and gives it the declared
    value; a secret of that name made for another address is refused. `list` is one
    list_secrets filtered on the ownership tag (secrets pending deletion excluded).
    """

    TYPE = "AWS::SecretsManager::Secret"
    NAME = "Name"
    SENSITIVE = frozenset({"SecretString"})
    UNREADABLE = frozenset({"SecretString", "GenerateSecretString"})
    UNSUPPORTED = frozenset({"ReplicaRegions", "Type"})

    def list(self, api: Api) -> Iterable[Live]:
        for secret in api.pages(
            "secretsmanager", "list_secrets", "SecretList", Filters=api.owned(OWNED)
        ):
            props = {
                "Name": secret["Name"],
                "Description": secret.get("Description", ""),
                **present(secret, ("KmsKeyId",)),
                "Tags": tag_list(secret.get("Tags")),
            }
            yield Live(secret["ARN"], props, {"Id": secret["ARN"]})

    def create(self, api: Api, props: Props, token: str) -> Live:
        if "SecretString" in props and "GenerateSecretString" in props:
            raise LandformError(
                "a secret takes SecretString or GenerateSecretString, not both",
                hint="declare one of the two",
            )
        sm = api.client("secretsmanager")
        name = props.get("Name") or physical_name(
            address_of(props), api.account, api.region, NAME_LENGTH
        )
        value = _value(sm, props)
        try:
            arn = sm.create_secret(
                Name=name,
                ClientRequestToken=token,
                Tags=tag_list(props.get("Tags")),
                **present(props, ("Description", "KmsKeyId")),
                **({} if value is None else {"SecretString": value}),
            )["ARN"]
        except Exception as error:
            if error_code(error) not in ("ResourceExistsException", "InvalidRequestException"):
                raise
            found = _reclaim(sm, name, address_of(props), error)
            arn = found["ARN"]
            _configure(sm, arn, found, props)
            if value is not None:
                sm.put_secret_value(SecretId=arn, SecretString=value, ClientRequestToken=token)
        return Live(arn, present(props, _READ), {"Id": arn})

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        sm = api.client("secretsmanager")
        arn = current.physical_id
        _configure(sm, arn, current.properties, desired)
        value: str | None = None
        if "SecretString" in desired:
            secret = sm.get_secret_value(SecretId=arn)
            if secret.get("SecretString") != desired["SecretString"]:
                value = desired["SecretString"]
        elif "GenerateSecretString" in current.properties and (
            current.properties["GenerateSecretString"] != desired.get("GenerateSecretString")
        ):
            value = _value(sm, desired)
        if value is not None:
            sm.put_secret_value(SecretId=arn, SecretString=value)
        return Live(arn, present(desired, _READ), current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        try:
            api.client("secretsmanager").delete_secret(
                SecretId=current.physical_id, RecoveryWindowInDays=RECOVERY_DAYS
            )
        except Exception as error:
            gone = error_code(error) == "ResourceNotFoundException"
            scheduled = error_code(error) == "InvalidRequestException" and "deleted" in str(error)
            if not (gone or scheduled):  # already scheduled for deletion: deleted enough
                raise


def _value(sm: Any, props: Mapping[str, Any]) -> str | None:
    """The declared secret, or a password AWS generates by GenerateSecretString
    (set under GenerateStringKey in SecretStringTemplate when one is given)."""
    if "SecretString" in props:
        return str(props["SecretString"])
    spec = props.get("GenerateSecretString")
    if spec is None:
        return None
    password = str(sm.get_random_password(**present(spec, GENERATE))["RandomPassword"])
    if "SecretStringTemplate" not in spec:
        return password
    template = json.loads(spec["SecretStringTemplate"])
    template[spec["GenerateStringKey"]] = password
    return json.dumps(template)


def _reclaim(sm: Any, name: str, address: str, error: Exception) -> dict[str, Any]:
    """The existing secret `name` as described, if it is this address's own (restored if
    it is scheduled for deletion); else the error, explained."""
    try:
        secret = sm.describe_secret(SecretId=name)
    except Exception as missing:
        if error_code(missing) == "ResourceNotFoundException":
            raise error from None
        raise
    owner = tag_map(secret.get("Tags")).get(ADDRESS_TAG)
    if owner != address:
        made = f"made by Landform for {owner}" if owner else "not made by Landform"
        raise LandformError(
            f"secret {name} already exists ({made})",
            hint="declare another Name, or delete that secret (or restore it, if it is "
            "scheduled for deletion, and declare it there)",
        ) from error
    if "DeletedDate" in secret:
        sm.restore_secret(SecretId=secret["ARN"])
    return dict(secret)


def _configure(sm: Any, arn: str, have: Mapping[str, Any], want: Mapping[str, Any]) -> None:
    """Description, key and tags as declared (an undeclared key: the AWS managed one)."""
    params: dict[str, Any] = {}
    if have.get("Description", "") != want.get("Description", ""):
        params["Description"] = want.get("Description", "")
    if have.get("KmsKeyId") != want.get("KmsKeyId"):
        params["KmsKeyId"] = want.get("KmsKeyId", "alias/aws/secretsmanager")
    if params:
        sm.update_secret(SecretId=arn, **params)
    stale, fresh = tag_delta(have.get("Tags"), want.get("Tags"))
    if stale:
        sm.untag_resource(SecretId=arn, TagKeys=stale)
    if fresh:
        sm.tag_resource(SecretId=arn, Tags=tag_list(fresh))
