"""Names of RDS resources declared without one, and who made an existing one."""

from __future__ import annotations

from typing import Any

from landform.errors import LandformError
from landform.handlers.base import Api, Props, address_of, physical_name, tag_map
from landform.model.tags import ADDRESS_TAG


def derived_name(api: Api, props: Props, token: str) -> str:
    """A name for a resource declared without one: readable from its address, and the
    run's token, so that a replacement (created before the old copy is deleted) gets a
    name of its own. A run that crashed is no matter: the next plan finds what it made
    by the ownership tag."""
    address = physical_name(address_of(props), api.account, api.region, 63 - 9)
    return f"{address}-{token[:8]}"


def same_owner(tags: Any, props: Props) -> bool:
    """Whether `tags` carry the ownership tag of the resource declared by `props`."""
    mine = tag_map(props.get("Tags")).get(ADDRESS_TAG)
    return mine is not None and tag_map(tags).get(ADDRESS_TAG) == mine


def taken(noun: str, name: str, prop: str) -> LandformError:
    """The error for a name in use that Landform may not take over."""
    return LandformError(
        f"{noun} {name} already exists",
        hint=f"declare another {prop}: replacing a resource creates the new copy before it "
        f"deletes the old one, so a declared name must change (or leave {prop} out, and "
        "Landform names each copy)",
    )
