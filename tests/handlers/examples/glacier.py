"""Contract example for S3 Glacier: the emulator serves no vault tags, so it is stubbed."""

from __future__ import annotations

from tests.conftest import ACCOUNT, REGION
from tests.handlers.contract import Call, StubbedContract

NAME = "shop-archive"
ADDRESS = "shop/main/vault"
VAULT = {
    "VaultARN": f"arn:aws:glacier:{REGION}:{ACCOUNT}:vaults/{NAME}",
    "VaultName": NAME,
    "CreationDate": "2025-01-01T00:00:00.000Z",
    "NumberOfArchives": 0,
    "SizeInBytes": 0,
}
TAGS = {"landform:address": ADDRESS}
VAULT_PARAMS = {"vaultName": NAME}

STUBBED = {
    "AWS::Glacier::Vault": StubbedContract(
        service="glacier",
        props={"VaultName": NAME},
        create=[
            Call("create_vault", {"location": f"/{ACCOUNT}/vaults/{NAME}"}, VAULT_PARAMS),
            Call("list_tags_for_vault", {"Tags": {}}, VAULT_PARAMS),
            Call("add_tags_to_vault", {}, {**VAULT_PARAMS, "Tags": TAGS}),
        ],
        list_after_create=[
            Call("list_vaults", {"VaultList": [VAULT]}),
            Call("list_tags_for_vault", {"Tags": TAGS}, VAULT_PARAMS),
        ],
        delete=[Call("delete_vault", {}, VAULT_PARAMS)],
        list_after_delete=[Call("list_vaults", {"VaultList": []})],
        delete_again=[Call("delete_vault", {}, VAULT_PARAMS, error="ResourceNotFoundException")],
        physical_id=NAME,
    )
}
