"""`landform`: plan, apply, destroy and drift-check AWS infrastructure declared in Python.

Heavy modules (boto3, rich, the engine) are imported inside the commands, so that
`landform --help` answers at once.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from landform.cli.runtime import Options, local_requested
from landform.engine.limits import DEFAULT_CONCURRENCY

if TYPE_CHECKING:
    from landform.cli.render import Output
    from landform.engine.context import Context
    from landform.engine.plan import Plan
    from landform.model.app import App
    from landform.state.base import ResourceState

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CHANGES = 2


def reports_errors(command: F) -> F:
    """Turn a LandformError into its message on stderr and its exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from landform.errors import LandformError

        try:
            return command(*args, **kwargs)
        except LandformError as error:
            from landform.cli.render import Output

            Output().error(str(error))
            sys.exit(error.exit_code)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--local", is_flag=True, help="Use the embedded AWS emulator (or LANDFORM_LOCAL=1).")
@click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The directory holding landform.py and .landform/.",
)
@click.option("--stack", "stacks", multiple=True, help="Only this stack (repeatable).")
@click.option(
    "--concurrency",
    type=click.IntRange(1, 256),
    default=DEFAULT_CONCURRENCY,
    show_default=True,
    help="How many AWS operations run at once.",
)
@click.pass_context
def cli(
    ctx: click.Context, local: bool, project: Path, stacks: tuple[str, ...], concurrency: int
) -> None:
    """Infrastructure as code for AWS organizations, in Python."""
    ctx.obj = Options(project.resolve(), local_requested(local), stacks, concurrency)


ALLOW_ACCOUNT_CLOSE = click.option(
    "--allow-account-close",
    is_flag=True,
    help="Close the AWS accounts whose declaration was removed (irreversible for 90 days).",
)


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--name", default=None, help="The app's name (default: the directory's).")
@reports_errors
def init(directory: Path, name: str | None) -> None:
    """Scaffold a project: landform.py and a .gitignore for .landform/."""
    from landform.cli.scaffold import scaffold

    for created in scaffold(directory, name or directory.resolve().name):
        click.echo(f"created {created}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Save the plan.")
@click.option("--destroy", is_flag=True, help="Plan the removal of everything.")
@click.option("--detailed-exitcode", is_flag=True, help="Exit 2 when there are changes.")
@click.pass_obj
@reports_errors
def plan(
    options: Options, as_json: bool, out: Path | None, destroy: bool, detailed_exitcode: bool
) -> None:
    """Show what apply would change."""
    from landform.engine import operations

    output = _output(as_json)
    app = options.load_app()
    with _context(options, output, app) as (context, calls):
        computed = operations.plan(app, context, options.stacks, destroy=destroy)
    if out is not None:
        import json

        out.write_text(json.dumps(computed.as_json(), indent=1, sort_keys=True))
    if as_json:
        output.json({"plan": computed.as_json(), "api_calls": _calls(calls)})
    else:
        output.plan(computed)
        if out is not None:
            output.line(f"Saved the plan to {out}; `landform apply {out}` carries it out.")
    if detailed_exitcode and computed.has_changes:
        sys.exit(EXIT_CHANGES)


@cli.command()
@click.argument(
    "plan_file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--yes", "-y", is_flag=True, help="Apply without asking.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--no-wait", is_flag=True, help="Skip waits on resources nothing depends on.")
@ALLOW_ACCOUNT_CLOSE
@click.pass_obj
@reports_errors
def apply(
    options: Options,
    plan_file: Path | None,
    yes: bool,
    as_json: bool,
    no_wait: bool,
    allow_account_close: bool,
) -> None:
    """Make AWS match the code (or carry out a saved plan exactly)."""
    _apply(
        options,
        plan_file=plan_file,
        yes=yes,
        as_json=as_json,
        wait=not no_wait,
        allow_account_close=allow_account_close,
    )


@cli.command()
@click.option("--yes", "-y", is_flag=True, help="Destroy without asking.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@ALLOW_ACCOUNT_CLOSE
@click.pass_obj
@reports_errors
def destroy(options: Options, yes: bool, as_json: bool, allow_account_close: bool) -> None:
    """Delete every resource of the app (or of --stack), dependents first.

    Member accounts are closed only with --allow-account-close; without it they stay,
    with their OUs and the organization, and destroy says so.
    """
    _apply(
        options,
        plan_file=None,
        yes=yes,
        as_json=as_json,
        wait=False,
        destroy=True,
        allow_account_close=allow_account_close,
    )


def _apply(
    options: Options,
    *,
    plan_file: Path | None,
    yes: bool,
    as_json: bool,
    wait: bool,
    destroy: bool = False,
    allow_account_close: bool = False,
) -> None:
    import json

    from landform.engine import operations
    from landform.engine.apply import apply_plan
    from landform.engine.plan import Plan

    output = _output(as_json)
    app = options.load_app()
    with _context(options, output, app, wait=wait) as (context, calls):
        context.allow_account_close = allow_account_close
        if plan_file is not None:
            saved = Plan.from_json(json.loads(plan_file.read_text()))
            _show_and_confirm(output, saved, yes=True)
            with _progress(output, saved, context):
                outcome = operations.apply_saved(app, context, saved, options.stacks)
        else:
            with context.store.lock("destroy" if destroy else "apply"):
                computed = operations.plan(app, context, options.stacks, destroy=destroy)
                _show_and_confirm(output, computed, yes=yes)
                with _progress(output, computed, context):
                    outcome = apply_plan(context, computed)
    if as_json:
        output.json({"done": outcome.done, "api_calls": _calls(calls)})
    else:
        output.line(f"Done: {len(outcome.done)} change(s) applied.")


def _show_and_confirm(output: Output, computed: Plan, *, yes: bool) -> None:
    if not output.json_mode:
        output.plan(computed)
    if not computed.has_changes:
        return
    if yes:
        return
    if not output.interactive:
        from landform.errors import LandformError

        raise LandformError(
            "refusing to change AWS without confirmation",
            hint="pass --yes when not running in a terminal",
        )
    if not click.confirm("Apply these changes?", default=False, err=True):
        from landform.errors import LandformError

        raise LandformError("cancelled; nothing was changed")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print drift as JSON.")
@click.option("--detailed-exitcode", is_flag=True, help="Exit 2 when something drifted.")
@click.pass_obj
@reports_errors
def drift(options: Options, as_json: bool, detailed_exitcode: bool) -> None:
    """Compare live AWS with state, property by property."""
    from landform.engine import operations

    output = _output(as_json)
    app = options.load_app()
    with _context(options, output, app) as (context, calls):
        found = operations.drift(app, context, options.stacks)
    if as_json:
        output.json({"drift": [d.as_json() for d in found], "api_calls": _calls(calls)})
    else:
        output.drift(found)
    if detailed_exitcode and found:
        sys.exit(EXIT_CHANGES)


@cli.command()
@click.pass_obj
@reports_errors
def graph(options: Options) -> None:
    """Print the dependency graph in Graphviz DOT (no AWS access)."""
    from landform.engine.operations import check

    app = options.load_app()
    check(app)
    click.echo("digraph landform {\n  rankdir=LR;")
    for resource in app.resources():
        click.echo(
            f'  "{resource.address}" [label="{resource.logical_id}\\n{resource.type_name}"];'
        )
        for dep in resource.dependencies():
            click.echo(f'  "{resource.address}" -> "{dep.address}";')
    click.echo("}")


FINDINGS_OPTIONS = [
    click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json", "sarif", "html"]),
        default="table",
        show_default=True,
        help="How to write the findings.",
    ),
    click.option(
        "--fail-on",
        type=click.Choice(["low", "medium", "high", "critical"]),
        default="high",
        show_default=True,
        help="Exit 3 when a finding at or above this severity is not suppressed.",
    ),
    click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here."),
]


def findings_options(command: F) -> F:
    for option in reversed(FINDINGS_OPTIONS):
        command = option(command)
    return command


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@findings_options
@click.option("--list-rules", is_flag=True, help="List the rules and exit.")
@click.pass_obj
@reports_errors
def check(
    options: Options,
    paths: tuple[Path, ...],
    fmt: str,
    fail_on: str,
    out: Path | None,
    list_rules: bool,
) -> None:
    """Run the guardrail rules with no AWS access: on the app, or on CloudFormation
    templates (YAML or JSON) given as PATHs."""
    from landform.rules.runner import evaluate

    if list_rules:
        _list_rules()
        return
    if paths:
        from landform.rules.template import template_subjects

        subjects = [s for path in paths for s in template_subjects(path)]
        title = ", ".join(str(p) for p in paths)
    else:
        from landform.engine.operations import check as check_model
        from landform.rules.model import model_subjects

        app = options.load_app()
        check_model(app)
        subjects = model_subjects(app)
        title = app.name
    _conclude(evaluate(subjects), fmt, fail_on, out, title)


@cli.command()
@click.option(
    "--accounts",
    help="Comma-separated account ids (default: the organization's, "
    "or the caller's own when it is in none).",
)
@click.option("--regions", help="Comma-separated regions (default: the caller's).")
@findings_options
@click.pass_obj
@reports_errors
def audit(
    options: Options,
    accounts: str | None,
    regions: str | None,
    fmt: str,
    fail_on: str,
    out: Path | None,
) -> None:
    """Read live accounts and regions concurrently (every resource, not only Landform's)
    and run the same rules on them, plus account-level checks."""
    from landform.rules.audit import audit_accounts

    output = _output(fmt != "table")
    with _context(options, output, None) as (context, _):
        report = audit_accounts(
            context,
            accounts=_split(accounts),
            regions=_split(regions),
        )
    _conclude(report, fmt, fail_on, out, "audit")


def _split(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _conclude(report: Any, fmt: str, fail_on: str, out: Path | None, title: str) -> None:
    from landform.cli.findings import show
    from landform.rules.base import Severity

    show(report, fmt, out, title)
    if report.failing(Severity.named(fail_on)):
        sys.exit(3)


def _list_rules() -> None:
    from landform.cli.render import Output
    from landform.rules.registry import all_rules

    Output().table(
        "guardrail rules",
        ["rule", "severity", "practice", "title"],
        ([r.id, str(r.severity), r.practice, r.title] for r in all_rules().values()),
    )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the tree as JSON.")
@click.pass_obj
@reports_errors
def org(options: Options, as_json: bool) -> None:
    """The organization as a tree: OUs, accounts (id, status), the policies attached at
    each level, and each account's stacks with their resource counts."""
    from landform.engine.organization import organization_tree

    output = _output(as_json)
    app = options.load_app()
    with _context(options, output, app) as (context, calls):
        tree = organization_tree(context)
    if as_json:
        output.json({"organization": tree.as_json(), "api_calls": _calls(calls)})
    else:
        output.organization(tree)


@cli.command()
@click.option(
    "--accounts", help="Comma-separated account ids (default: every account with an alarm)."
)
@click.option("--regions", help="Comma-separated regions (default: every region with an alarm).")
@click.option(
    "--state",
    "state_value",
    type=click.Choice(["ALARM", "INSUFFICIENT_DATA", "OK", "MISSING"]),
    help="Only the alarms in this state (MISSING: recorded, but gone from AWS).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A table, or a JSON list of alarms.",
)
@click.pass_obj
@reports_errors
def alarms(
    options: Options,
    accounts: str | None,
    regions: str | None,
    state_value: str | None,
    fmt: str,
) -> None:
    """The app's CloudWatch alarms (those in state), read live from every account and
    region concurrently: state, reason and since when, ALARM first.

    An alarm recorded in state but gone from AWS is shown as MISSING. Exit codes: 0; 2
    when an alarm shown is in ALARM or MISSING; 1 when an account and region could not be
    read (it is named on stderr; the others are still shown).
    """
    from landform.cli.alarms import exit_code, show
    from landform.engine.alarms import read_alarms

    output = _output(fmt == "json")
    app = options.load_app()
    with _context(options, output, app) as (context, _):
        report = read_alarms(
            app,
            context,
            accounts=_split(accounts),
            regions=_split(regions),
            stacks=options.stacks,
            state=state_value,
        )
    show(report, output)
    sys.exit(exit_code(report))


@cli.group()
def state() -> None:
    """Inspect and edit what Landform has recorded."""


@state.command("list")
@click.pass_obj
@reports_errors
def state_list(options: Options) -> None:
    """Every resource in state."""
    from landform.cli.render import Output

    with _state(options) as store:
        records = store.all()
    Output().table(
        f"{len(records)} resource(s) in state",
        ["address", "type", "account/region", "physical id"],
        ([r.key, r.type_name, f"{r.account}/{r.region}", r.physical_id] for r in records),
    )


@state.command("show")
@click.argument("address")
@click.pass_obj
@reports_errors
def state_show(options: Options, address: str) -> None:
    """One resource's recorded properties and attributes, as JSON."""
    from dataclasses import asdict

    from landform.cli.render import Output

    with _state(options) as store:
        Output().json(asdict(_record(store, address)))


@state.command("rm")
@click.argument("address")
@click.option("--yes", "-y", is_flag=True, help="Do not ask.")
@click.pass_obj
@reports_errors
def state_rm(options: Options, address: str, yes: bool) -> None:
    """Forget a resource without deleting it from AWS.

    It keeps its ownership tag, so while it is still declared the next plan adopts it
    again; remove the declaration (or the tag) to let it go for good.
    """
    with _state(options) as store:
        record = _record(store, address)
        if not yes:
            click.confirm(f"Forget {record.key} ({record.physical_id})?", abort=True, err=True)
        with store.lock("state rm"):
            store.remove(record.key)
    click.echo(f"Removed {record.key} from state; {record.physical_id} still exists in AWS.")


@state.command("unlock")
@click.option("--yes", "-y", is_flag=True, help="Do not ask.")
@click.pass_obj
@reports_errors
def state_unlock(options: Options, yes: bool) -> None:
    """Remove the state lock a dead process left (S3 state; a local lock goes with its
    process). Make sure the holder it names is not still running."""
    with _state(options) as store:
        holder = store.holder()
        if holder is None:
            click.echo("The state is not locked.")
            return
        if not yes:
            click.confirm(f"Remove the lock held by {holder}?", abort=True, err=True)
        store.unlock()
    click.echo(f"Removed the lock held by {holder}.")


@state.command("migrate")
@click.option(
    "--from",
    "source",
    required=True,
    help="Where the state is now: local (.landform/) or s3://BUCKET/PREFIX.",
)
@click.option("--yes", "-y", is_flag=True, help="Do not ask.")
@click.pass_obj
@reports_errors
def state_migrate(options: Options, source: str, yes: bool) -> None:
    """Copy every record into the store the app declares (App(state=...)), holding both
    locks; refused when that store already holds records."""
    from landform.cli.runtime import open_store, parse_location
    from landform.errors import LandformError

    app = options.load_app()
    location = parse_location(source)
    target_name = str(app.state or "local")
    if location == app.state:
        raise LandformError(f"the app keeps its state in {target_name} already")
    with _context(options, _output(False), app) as (context, _):
        target = context.store
        origin = open_store(options, context.sessions, location, app)
        with origin.lock("state migrate"), target.lock("state migrate"):
            records = origin.all()
            if target.all():
                raise LandformError(
                    f"the state in {target_name} already holds records",
                    hint="migrate into an empty store only",
                )
            if not yes:
                question = f"Copy {len(records)} record(s) from {source} to {target_name}?"
                click.confirm(question, abort=True, err=True)
            for record in records:
                target.put(record)
    click.echo(f"Copied {len(records)} record(s) from {source} to {target_name}.")


@cli.group()
def local() -> None:
    """Run the embedded AWS emulator in the background for --local."""


@local.command("start")
@click.pass_obj
@reports_errors
def local_start(options: Options) -> None:
    """Start the emulator on a free loopback port (recorded in .landform/)."""
    from landform.cloud import emulator

    started = emulator.start_background(options.state_dir)
    click.echo(f"emulator running at {started.endpoint_url} (pid {started.pid})")


@local.command("stop")
@click.pass_obj
@reports_errors
def local_stop(options: Options) -> None:
    """Stop the emulator; everything it held is gone."""
    from landform.cloud import emulator

    stopped = emulator.stop_background(options.state_dir)
    click.echo("emulator stopped" if stopped else "no emulator was running")


@local.command("status")
@click.pass_obj
@reports_errors
def local_status(options: Options) -> None:
    """Whether the emulator is running, and where."""
    from landform.cloud import emulator

    found = emulator.running(options.state_dir)
    if found is None:
        click.echo("no emulator running")
        sys.exit(1)
    click.echo(f"emulator running at {found.endpoint_url} (pid {found.pid})")


# helpers ------------------------------------------------------------------------------


def _output(as_json: bool) -> Output:
    from landform.cli.render import Output

    return Output(json_mode=as_json)


def _context(options: Options, output: Output, app: App | None, wait: bool = True) -> Any:
    from landform.cli.runtime import open_context

    return open_context(options, lambda event: None, output.warn, wait, app)


@contextlib.contextmanager
def _progress(output: Output, computed: Plan, context: Context) -> Iterator[None]:
    """Show apply's events while the block runs."""
    from landform.engine.plan import Action

    steps = sum(1 for c in computed.changes if c.action is not Action.NOOP) + sum(
        1 for c in computed.changes if c.action is Action.REPLACE and c.current is not None
    )
    reporter = output.progress(steps)
    context.report = reporter
    try:
        yield
    finally:
        reporter.close()


def _calls(calls: Any) -> dict[str, Any]:
    return {"total": calls.total, "mutating": calls.mutating}


@contextlib.contextmanager
def _state(options: Options) -> Iterator[Any]:
    """The store the app declares (S3, through AWS), or the project's SQLite file (no AWS
    access, so no credentials needed)."""
    app = options.load_app()
    if app.state is None:
        from landform.state.sqlite import SqliteStateStore

        local = SqliteStateStore(options.state_dir)
        try:
            yield local
        finally:
            local.close()
        return
    with _context(options, _output(False), app) as (context, _):
        yield context.store


def _record(store: Any, address: str) -> ResourceState:
    from landform.errors import LandformError

    record: ResourceState | None = store.get(address)
    if record is None:
        raise LandformError(
            f"{address} is not in state", hint="`landform state list` shows what is"
        )
    return record


def main() -> None:
    cli(prog_name="landform")
