"""The app: a named set of stacks, with tags and a tag policy for all of them."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from landform.errors import PolicyViolation, ValidationError, Where
from landform.model.accounts import AccountTarget
from landform.model.resource import Resource
from landform.model.source import declaration_site
from landform.model.stack import Stack
from landform.model.tags import TagPolicy, merged_tags

if TYPE_CHECKING:
    from landform.monitoring.settings import AlarmSettings, Monitoring
    from landform.org.organization import Account, Organization
    from landform.org.policy import OrganizationPolicy
    from landform.state.s3 import S3State


SEVERITIES = ("low", "medium", "high", "critical")


class App:
    """Everything one Landform program declares."""

    def __init__(
        self,
        name: str,
        *,
        tags: Mapping[str, str] | None = None,
        tag_policy: TagPolicy | None = None,
        state: S3State | None = None,
        block_on: str = "high",
        monitoring: Monitoring | None = None,
    ) -> None:
        """`state`: where the team keeps state (default: SQLite in the project's
        .landform/, for one engineer); `landform state migrate` moves it.

        `block_on`: the guardrail severity (low, medium, high, critical) from which a
        finding blocks plan and apply.

        `monitoring`: where the house alarms notify and how they differ from the
        defaults (docs/monitoring.md); default: `Monitoring()`, every alarm on, no
        subscription yet.
        """
        from landform.monitoring.settings import Monitoring

        if block_on not in SEVERITIES:
            raise ValidationError(
                f"block_on={block_on!r} is not a severity",
                where=Where(declaration_site()),
                hint="one of: " + ", ".join(SEVERITIES),
            )
        self.name = name
        self.state = state
        self.block_on = block_on
        self.tags = dict(tags or {})
        self.tag_policy = tag_policy if tag_policy is not None else TagPolicy.default()
        self.stacks: dict[str, Stack] = {}
        self.monitoring = monitoring if monitoring is not None else Monitoring()
        self.revision = 0
        """Counts declarations, so the monitoring resources are derived again after one."""
        self._derived_at = -1
        self._derived: list[tuple[str, str]] = []
        self._derived_stacks: list[str] = []

    def stack(
        self,
        name: str,
        *,
        account: str | AccountTarget | None = None,
        region: str | None = None,
        tags: Mapping[str, str] | None = None,
        alarms: Mapping[str, AlarmSettings] | None = None,
    ) -> Stack:
        """Declare a stack in `account` and `region`.

        `account`: an account id, `landform.account(id, role_name=...)`, or
        `org.account(name)` for an account the organization declares; default: the
        caller's (the credentials Landform runs with).

        The region defaults to AWS_REGION / AWS_DEFAULT_REGION.

        `alarms`: changes to the house alarms of this stack's resources, by
        "<type>/<metric>" (see `Monitoring`).
        """
        if name in self.stacks:
            raise ValidationError(f"duplicate stack name {name!r}", where=self.stacks[name].where())
        region = region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
        created = Stack(self, name, account=account, region=region, tags=tags, alarms=alarms)
        if region is None:
            raise ValidationError(
                "no region for the stack",
                where=created.where(),
                hint="pass region= or set AWS_DEFAULT_REGION",
            )
        self.stacks[name] = created
        return created

    def organization(
        self,
        *,
        accounts: Iterable[Account],
        policies: Iterable[OrganizationPolicy] = (),
        stack: str = "organization",
        tags: Mapping[str, str] | None = None,
    ) -> Organization:
        """Declare the AWS Organization: its accounts, their OUs, and the `policies`
        attached to its root (more with `org.attach(policy, "OU/Path" or account name)`).

        Its resources go into the stack `stack` of the management account (the caller's)
        in us-east-1. Stacks deploy into an account with `account=org.account(name)`.
        """
        from landform.org.organization import Organization

        return Organization(self, accounts=accounts, policies=policies, stack=stack, tags=tags)

    def resources(self) -> Iterator[Resource]:
        """Every resource: those declared, and those monitoring adds for them."""
        self._add_monitoring()
        for stack in self.stacks.values():
            yield from stack.resources.values()

    def _add_monitoring(self) -> None:
        """(Re)derive the monitoring resources if anything was declared since."""
        if self._derived_at == self.revision:
            return
        from landform.monitoring.derive import add_monitoring

        for stack_name, logical_id in self._derived:
            del self.stacks[stack_name].resources[logical_id]
        for stack_name in self._derived_stacks:
            del self.stacks[stack_name]
        declared = {(s.name, r) for s in self.stacks.values() for r in s.resources}
        made: list[Stack] = []
        try:
            made = add_monitoring(self, self.monitoring)
        finally:
            self._derived = [
                (s.name, r)
                for s in self.stacks.values()
                for r in s.resources
                if (s.name, r) not in declared
            ]
            self._derived_stacks = [s.name for s in made]
            self._derived_at = self.revision

    def check_tag_policy(self) -> None:
        """Raise PolicyViolation listing every taggable resource that breaks the policy."""
        violations = [
            violation
            for resource in self.resources()
            if resource.schema.tag_property is not None
            for violation in self.tag_policy.violations(resource, merged_tags(resource))
        ]
        if violations:
            raise PolicyViolation(list(violations))
