"""An AWS Organization declared in Python: its OUs, member accounts and policies.

`App.organization(...)` turns the declaration into AWS::Organizations resources in one
stack of the management account (Organizations lives in us-east-1), and gives each
account a target that stacks deploy into: `app.stack(..., account=org.account("prod"))`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from landform.errors import ValidationError, Where
from landform.model.accounts import DEFAULT_ROLE, AccountTarget, checked_role_name
from landform.model.refs import Ref
from landform.model.source import declaration_site
from landform.org.policy import OrganizationPolicy

if TYPE_CHECKING:
    from landform.aws import organizations
    from landform.model.app import App
    from landform.model.stack import Stack

HOME_REGION = "us-east-1"
"""AWS Organizations is a global service whose API lives in us-east-1."""

_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_OU_NAME = re.compile(r"[^/]{1,128}")
_ACCOUNT_NAME = re.compile(r"[ -~]{1,50}")


@dataclass(frozen=True)
class Account:
    """An account of the organization.

    Without `email` it is the management account, the one Landform runs as: it exists
    already and is never created. With one, it is a member account that Landform
    creates (or adopts, when an account with that email is already in the
    organization), places in the OU at path `ou` ("Workloads/Production"; None: the
    root), and reaches by assuming `role_name` in it.
    """

    name: str
    email: str | None = None
    ou: str | None = None
    role_name: str = DEFAULT_ROLE
    tags: Mapping[str, str] = field(default_factory=dict)
    policies: Sequence[OrganizationPolicy] = ()
    """Policies attached to this account itself (besides its OUs' and the root's)."""
    source: str | None = field(default_factory=declaration_site, compare=False)

    def where(self, prop: str | None = None) -> Where:
        return Where(self.source, None, f"account {self.name}", prop)

    @property
    def is_management(self) -> bool:
        return self.email is None

    def check(self) -> None:
        """Raise ValidationError, naming this declaration, if a value is invalid."""
        if not isinstance(self.name, str) or not _ACCOUNT_NAME.fullmatch(self.name):
            raise ValidationError(
                f"account name {self.name!r} is invalid",
                where=self.where("name"),
                hint="use 1 to 50 printable characters",
            )
        if self.is_management:
            if self.ou is not None or self.policies:
                raise ValidationError(
                    f"account {self.name!r} has no email, so it is the management account, "
                    "which Landform does not place in an OU or attach policies to",
                    where=self.where("ou" if self.ou is not None else "policies"),
                    hint="give the account an email to create it as a member account, or "
                    "remove ou= and policies= (policies do not apply to the management account)",
                )
            return
        if not isinstance(self.email, str) or not _EMAIL.fullmatch(self.email):
            raise ValidationError(
                f"account {self.name!r}: email {self.email!r} is not an email address",
                where=self.where("email"),
                hint="each member account needs its own email address, unused by any AWS account",
            )
        try:
            checked_role_name(self.role_name)
        except ValidationError as error:
            raise ValidationError(
                error.message, where=self.where("role_name"), hint=error.hint
            ) from None
        for part in ou_path(self.ou):
            if not _OU_NAME.fullmatch(part):
                raise ValidationError(
                    f"OU path {self.ou!r} has an invalid name {part!r}",
                    where=self.where("ou"),
                    hint="separate OU names with '/'; each is 1 to 128 characters",
                )


def ou_path(path: str | None) -> tuple[str, ...]:
    """The OU names of a path, from the root down ("A/B" -> ("A", "B"))."""
    if not path:
        return ()
    return tuple(path.strip("/").split("/"))


def _logical(prefix: str, name: str) -> str:
    return prefix + "".join(
        part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", name) if part
    )


class Organization:
    """The organization's resources, and the targets stacks deploy into.

    Made with `App.organization(...)`; see its docstring.
    """

    def __init__(
        self,
        app: App,
        *,
        accounts: Iterable[Account],
        policies: Iterable[OrganizationPolicy] = (),
        stack: str = "organization",
        tags: Mapping[str, str] | None = None,
    ) -> None:
        from landform.aws import organizations

        self._types = organizations
        self.source = declaration_site()
        self.stack: Stack = app.stack(stack, region=HOME_REGION, tags=tags)
        self.resource = organizations.Organization(self.stack, "Organization", feature_set="ALL")
        self.root_id: Ref = self.resource.attr("RootId")
        self.accounts: dict[str, Account] = {}
        self.ous: dict[tuple[str, ...], organizations.OrganizationalUnit] = {}
        self.account_resources: dict[str, organizations.Account] = {}
        self.policies: dict[str, organizations.Policy] = {}
        self._declared: dict[str, OrganizationPolicy] = {}
        for declared in accounts:
            self._check_new(declared)
            self.accounts[declared.name] = declared
        for declared in self.accounts.values():
            self._add_account(declared)
        for policy in policies:
            self.attach(policy, self.root_id)

    def _check_new(self, declared: Account) -> None:
        """Raise ValidationError if `declared` is invalid or clashes with an earlier one."""
        declared.check()
        if declared.name in self.accounts:
            raise ValidationError(
                f"account {declared.name!r} is declared twice "
                f"(first at {self.accounts[declared.name].source})",
                where=declared.where("name"),
                hint="give each account its own name",
            )
        for other in self.accounts.values():
            if declared.email is not None and other.email == declared.email:
                raise ValidationError(
                    f"accounts {other.name!r} and {declared.name!r} have the same email",
                    where=declared.where("email"),
                    hint="AWS needs a distinct email address for every account",
                )
            if declared.is_management and other.is_management:
                raise ValidationError(
                    f"accounts {other.name!r} and {declared.name!r} both have no email, "
                    "but only one is the management account",
                    where=declared.where("email"),
                    hint="give each member account an email address",
                )

    def _add_account(self, declared: Account) -> None:
        if declared.is_management:
            return
        assert declared.email is not None
        resource = self._types.Account(
            self.stack,
            _logical("Account", declared.name),
            account_name=declared.name,
            email=declared.email,
            parent_ids=[self._parent(ou_path(declared.ou))],
            role_name=declared.role_name,
            tags=dict(declared.tags) or None,
        )
        self.account_resources[declared.name] = resource
        for policy in declared.policies:
            self.attach(policy, resource.account_id)

    def _parent(self, path: tuple[str, ...]) -> Ref:
        """The id of the OU at `path` (made, with its ancestors, on first use), or the root's."""
        if not path:
            return self.root_id
        ou = self.ous.get(path)
        if ou is None:
            ou = self._types.OrganizationalUnit(
                self.stack,
                _logical("Ou", "-".join(path)),
                name=path[-1],
                parent_id=self._parent(path[:-1]),
            )
            self.ous[path] = ou
        return ou.id

    def account(self, name: str) -> AccountTarget:
        """Where a stack deploys to reach the account declared as `name`."""
        declared = self.accounts.get(name)
        if declared is None:
            raise ValidationError(
                f"the organization declares no account {name!r}",
                where=Where(declaration_site()),
                hint="accounts: " + ", ".join(self.accounts),
            )
        if declared.is_management:
            return AccountTarget()
        return AccountTarget(resource=self.account_resources[name], role_name=declared.role_name)

    def ou(self, path: str) -> Ref:
        """The id of the OU at `path` ("Workloads/Production"), made if no account uses it."""
        return self._parent(ou_path(path))

    def attach(self, policy: OrganizationPolicy, target: str | Ref) -> None:
        """Attach `policy` to `target`: an OU path, an account name, or an id reference.

        A policy is one resource however many targets it has.
        """
        if isinstance(target, str):
            target = self._target_of(target)
        first = self._declared.setdefault(policy.name, policy)
        if first != policy:
            raise ValidationError(
                f"two different organization policies are named {policy.name!r}",
                where=Where(declaration_site()),
                hint="give each policy its own name",
            )
        resource = self.policies.get(policy.name)
        if resource is None:
            resource = self._types.Policy(
                self.stack,
                _logical("Policy", policy.name),
                name=policy.name,
                description=policy.description,
                type=policy.type,
                content=policy.content,
                target_ids=[],
            )
            self.policies[policy.name] = resource
        resource.properties["TargetIds"].append(target)

    def _target_of(self, name: str) -> Ref:
        declared = self.accounts.get(name)
        if declared is not None and not declared.is_management:
            return self.account_resources[name].account_id
        if declared is not None:
            raise ValidationError(
                f"{name!r} is the management account: service control policies do not apply to it",
                where=Where(declaration_site()),
                hint="attach the policy to an OU or a member account",
            )
        return self.ou(name)
