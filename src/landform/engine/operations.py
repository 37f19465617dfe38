"""The commands' work, from an App to results: check, plan, apply, destroy, drift."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from landform.engine.apply import Outcome, apply_plan
from landform.engine.context import Context
from landform.engine.desired import Desired, build_desired, fingerprint
from landform.engine.drift import Drift, detect_drift
from landform.engine.graph import topological_order
from landform.engine.plan import Plan, make_plan
from landform.errors import LandformError, ValidationError
from landform.handlers.registry import all_handlers, handler_for
from landform.model.app import App
from landform.model.resource import Resource
from landform.rules.guard import guard


def check(app: App) -> None:
    """Everything that can be checked without AWS: the tag policy, that Landform can
    manage every declared type and property, and reference cycles.

    (Properties were checked against their schemas when they were declared.)
    """
    app.check_tag_policy()
    resources = {r.address: r for r in app.resources()}
    names: dict[tuple[str, str | None, str | None, str], Resource] = {}
    for resource in resources.values():
        _check_supported(resource)
        _check_unique_name(resource, names)
    topological_order(
        {a: [d.address for d in r.dependencies()] for a, r in resources.items()},
        lambda a: f"{a} ({resources[a].source})" if a in resources else a,
    )


def _check_supported(resource: Resource) -> None:
    """A handler exists for the type, manages every declared property, and can make
    them as declared."""
    try:
        handler = handler_for(resource.type_name)
    except LandformError as error:
        raise ValidationError(error.message, where=resource.where(), hint=error.hint) from None
    if handler.NAME_REQUIRED and handler.NAME not in resource.properties:
        raise ValidationError(
            f"{resource.type_name} needs {handler.NAME} declared",
            where=resource.where(handler.NAME),
            hint=f"CloudFormation gives {resource.type_name} no tags, so Landform finds one "
            f"again only by its name: declare {handler.NAME} (unique in the account and region)",
        )
    names = handler.unsupported_of(resource.properties)
    if names:
        raise ValidationError(
            f"Landform does not manage {', '.join(names)} of {resource.type_name} yet",
            where=resource.where(names[0]),
            hint="remove it from the declaration, or manage this resource outside Landform",
        )
    if resource.deletion_policy == "Snapshot" and not handler.SNAPSHOTS:
        keeping = sorted(t for t, h in all_handlers().items() if h.SNAPSHOTS)
        raise ValidationError(
            f"{resource.type_name} keeps no snapshot, so it takes no DeletionPolicy Snapshot",
            where=resource.where("DeletionPolicy"),
            hint='declare deletion_policy="Delete" or "Retain"; the types that keep one: '
            + ", ".join(keeping),
        )
    refusal = handler.refusal_of(resource.properties)
    if refusal is not None:
        raise ValidationError(
            refusal.problem, where=resource.where(refusal.property), hint=refusal.hint
        )


def _check_unique_name(
    resource: Resource, seen: dict[tuple[str, str | None, str | None, str], Resource]
) -> None:
    """No two resources of a type declare the same name in one account and region."""
    prop = handler_for(resource.type_name).NAME
    value = resource.properties.get(prop) if prop else None
    if prop is None or not isinstance(value, str):
        return
    stack = resource.stack
    made_by = stack.account_resource
    account = stack.account or (made_by.address if made_by is not None else None)
    first = seen.setdefault((resource.type_name, account, stack.region, value), resource)
    if first is not resource:
        raise ValidationError(
            f"{prop} {value!r} is declared twice (first by {first.address} at {first.source})",
            where=resource.where(prop),
            hint="give each its own name, or leave the name out: Landform derives one "
            "from the resource's address",
        )


def desired_of(
    app: App, context: Context, stacks: Collection[str] = (), guarded: bool = False
) -> dict[str, Desired]:
    """The app's desired resources, limited to `stacks` when any are named (with what
    their resources depend on in other stacks: an alarm's topic, an account); `guarded`:
    the guardrails run first (before any AWS call) and may block."""
    check(app)
    if guarded:
        guard(app)
    unknown = set(stacks) - set(app.stacks)
    if unknown:
        raise LandformError(
            f"no stack named {', '.join(sorted(unknown))}",
            hint="stacks: " + ", ".join(app.stacks),
        )
    remember_roles(app, context)
    desired = build_desired(app, context.sessions.caller_account)
    if not stacks:
        return desired
    prefixes = tuple(f"{app.name}/{s}/" for s in stacks)
    chosen = {a for a in desired if a.startswith(prefixes)}
    pending = list(chosen)
    while pending:
        for dependency in desired[pending.pop()].dependencies:
            if dependency in desired and dependency not in chosen:
                chosen.add(dependency)
                pending.append(dependency)
    return {a: d for a, d in desired.items() if a in chosen}


def _scope(app: App, stacks: Collection[str]) -> tuple[str, ...]:
    return tuple(f"{app.name}/{s}/" for s in stacks) or (f"{app.name}/",)


def plan(app: App, context: Context, stacks: Collection[str] = (), destroy: bool = False) -> Plan:
    """The plan; unless destroying, the guardrails run first and may block it."""
    desired = desired_of(app, context, stacks, guarded=not destroy)
    prefixes = _scope(app, stacks)
    return make_plan(
        context,
        desired,
        fingerprint(desired),
        destroy=destroy,
        in_scope=lambda address: (
            address.startswith(prefixes) or (not destroy and address in desired)
        ),
    )


def apply_saved(app: App, context: Context, saved: Plan, stacks: Collection[str] = ()) -> Outcome:
    """Apply a plan read from a file, refusing if the code or the state changed since."""
    with context.store.lock("apply"):
        if context.store.serial() != saved.state_serial:
            raise LandformError(
                "the state changed since this plan was made",
                hint="make a new plan with `landform plan --out FILE`",
            )
        if not saved.destroy:
            desired = desired_of(app, context, stacks, guarded=True)
            if fingerprint(desired) != saved.model_hash:
                raise LandformError(
                    "the code changed since this plan was made",
                    hint="make a new plan with `landform plan --out FILE`",
                )
            _restore_secrets(saved, desired)
        return apply_plan(context, saved)


def _restore_secrets(saved: Plan, desired: Mapping[str, Desired]) -> None:
    """Put back the secrets a plan file carries as digests, from the model they came from."""
    for change in saved.changes:
        if change.properties is None or change.address not in desired:
            continue
        declared = desired[change.address].properties
        for name in handler_for(change.type_name).SENSITIVE & set(declared):
            change.properties[name] = declared[name]


def remember_roles(app: App, context: Context) -> None:
    """Tell the sessions which role to assume in each account the app's stacks name
    (by id, or made by an Account resource state records)."""
    for stack in app.stacks.values():
        account = stack.account
        if account is None and stack.account_resource is not None:
            made = context.store.get(stack.account_resource.address)
            account = made.physical_id if made is not None else None
        if account is not None:
            context.sessions.roles[account] = stack.role_name


def drift(app: App, context: Context, stacks: Collection[str] = ()) -> list[Drift]:
    remember_roles(app, context)
    prefixes = _scope(app, stacks)
    return detect_drift(context, in_scope=lambda address: address.startswith(prefixes))
