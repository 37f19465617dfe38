"""The organization as a tree: OUs, accounts with their ids and status, the policies
attached at each level, and each account's stacks with their resource counts.

Read with the Organizations handlers' lists (one per type), and state for the stacks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from landform.engine.context import Context
from landform.engine.refresh import Group, refresh
from landform.errors import LandformError
from landform.handlers.base import Live
from landform.org.organization import HOME_REGION

ORGANIZATION = "AWS::Organizations::Organization"
UNIT = "AWS::Organizations::OrganizationalUnit"
ACCOUNT = "AWS::Organizations::Account"
POLICY = "AWS::Organizations::Policy"


@dataclass
class OrgNode:
    """The root, an OU or an account, with what is attached to it and what it holds."""

    kind: str
    """root | ou | account"""
    id: str
    name: str
    status: str = ""
    policies: list[str] = field(default_factory=list)
    stacks: dict[str, int] = field(default_factory=dict)
    """For an account: stack name -> resources Landform manages in the account."""
    children: list[OrgNode] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "policies": self.policies,
            "stacks": self.stacks,
            "children": [child.as_json() for child in self.children],
        }


def organization_tree(context: Context) -> OrgNode:
    """The caller's organization (LandformError if the caller is in none)."""
    management = context.sessions.caller_account()
    groups: dict[str, Group] = {
        name: (name, management, HOME_REGION) for name in (ORGANIZATION, UNIT, ACCOUNT, POLICY)
    }
    index = refresh(context, groups.values())
    organizations = index.in_group(groups[ORGANIZATION])
    if not organizations:
        raise LandformError(
            f"account {management} is in no organization",
            hint="run Landform with the management account's credentials, or declare "
            "the organization with app.organization(...) and apply",
        )
    (organization,) = organizations
    attributes = organization.attributes
    root = OrgNode("root", str(attributes["RootId"]), "Root")
    management_node = OrgNode(
        "account",
        str(attributes["ManagementAccountId"]),
        f"management ({attributes.get('ManagementAccountEmail', '')})",
        "ACTIVE",
    )
    nodes = {root.id: root}
    units = index.in_group(groups[UNIT])
    for unit in units:
        nodes[unit.physical_id] = OrgNode("ou", unit.physical_id, str(unit.properties["Name"]))
    for unit in units:
        nodes[str(unit.properties["ParentId"])].children.append(nodes[unit.physical_id])
    root.children.append(management_node)
    nodes[management_node.id] = management_node
    for account in index.in_group(groups[ACCOUNT]):
        node = _account_node(account)
        nodes[node.id] = node
        (parent,) = account.properties["ParentIds"]
        nodes[str(parent)].children.append(node)
    for policy in index.in_group(groups[POLICY]):
        for target in policy.properties.get("TargetIds", []):
            if target in nodes:
                nodes[target].policies.append(str(policy.properties["Name"]))
    _add_stacks(context, nodes)
    for node in nodes.values():
        node.children.sort(key=lambda child: (child.kind, child.name))
        node.policies.sort()
    return root


def _account_node(account: Live) -> OrgNode:
    return OrgNode(
        "account",
        account.physical_id,
        str(account.properties.get("AccountName", "")),
        str(account.attributes.get("Status", "")),
    )


def _add_stacks(context: Context, nodes: dict[str, OrgNode]) -> None:
    """Count the resources in state per account and stack."""
    counts = Counter((r.account, r.address.split("/")[1]) for r in context.store.all())
    for (account, stack), count in sorted(counts.items()):
        if account in nodes:
            nodes[account].stacks[stack] = count
