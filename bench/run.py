"""Plan and apply benchmarks on the embedded emulator, with AWS-like latency added.

    .venv/bin/python bench/run.py [--sizes 10,100,1000] [--latency 0.05]

Every API call gets `--latency` seconds added before it is sent (a botocore hook standing
in for AWS's round trip). Prints a Markdown report; bench/RESULTS.md records one run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import boto3

from landform import App
from landform.aws import ec2
from landform.cloud.calls import AddedLatency, CallCounter, is_mutating
from landform.cloud.emulator import start_background, stop_background
from landform.cloud.session import LOCAL_CREDENTIALS, CloudConfig, Sessions
from landform.engine import operations
from landform.engine.alarms import read_alarms
from landform.engine.apply import ApplyFailed, apply_plan
from landform.engine.context import DEFAULT_CONCURRENCY, Context
from landform.engine.events import Event
from landform.handlers.ec2.common import OWNED
from landform.model.stack import Stack
from landform.project import load_app
from landform.state.sqlite import SqliteStateStore

LISTS = (
    "describe_vpcs",
    "describe_subnets",
    "describe_security_groups",
    "describe_route_tables",
    "describe_network_acls",
)
"""What a no-change plan of the networking resources lists (all filtered on ownership)."""

TAGS = {
    "Project": "bench",
    "Owner": "platform-team",
    "CostCenter": "cc-0",
    "ManagedBy": "landform",
    "Environment": "development",
}


@dataclass
class Timings:
    phases: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.phases[name] = self.phases.get(name, 0.0) + time.perf_counter() - start

    def note(self, event: Event) -> None:
        """Record how long the plan's list calls took (the engine reports it)."""
        if event.kind == "refreshed":
            self.phases["list calls"] = event.elapsed

    def __str__(self) -> str:
        return ", ".join(f"{k} {v:.2f} s" for k, v in self.phases.items())


def networking(stack: Stack, count: int) -> None:
    """`count` networking resources: VPCs, each with subnets, security groups, route
    tables and network ACLs (a VPC per 50 resources)."""
    made = 0
    vpc: ec2.VPC | None = None
    for i in range(count):
        kind = i % 50
        if kind == 0:
            vpc = ec2.VPC(stack, f"vpc{i}", cidr_block=f"10.{i // 50}.0.0/16")
        assert vpc is not None
        if 1 <= kind <= 16:
            ec2.Subnet(stack, f"subnet{i}", vpc_id=vpc.id, cidr_block=f"10.{i // 50}.{kind}.0/24")
        elif 17 <= kind <= 33:
            ec2.SecurityGroup(stack, f"sg{i}", vpc_id=vpc.id, group_description=f"sg {i}")
        elif 34 <= kind <= 42:
            ec2.RouteTable(stack, f"rt{i}", vpc_id=vpc.id)
        elif kind >= 43:
            ec2.NetworkAcl(stack, f"acl{i}", vpc_id=vpc.id)
        made += 1
    assert made == count


def independent(stack: Stack, count: int) -> None:
    """`count` internet gateways: resources with no dependencies at all, one call each."""
    for i in range(count):
        ec2.InternetGateway(stack, f"igw{i}")


class Bench:
    def __init__(self, endpoint: str, latency: float) -> None:
        self.endpoint = endpoint
        self.latency = latency

    def context(self, concurrency: int) -> tuple[Context, CallCounter]:
        counter = CallCounter()
        config = CloudConfig(
            endpoint_url=self.endpoint,
            local=True,
            hooks=[counter.hook, AddedLatency(self.latency).hook],
            max_pool_connections=max(10, concurrency * 2),
        )
        store = SqliteStateStore(Path(tempfile.mkdtemp()) / ".landform")
        return Context(Sessions(config), store, concurrency=concurrency), counter

    @staticmethod
    def list_floor(context: Context) -> float:
        """The no-change plan's list calls made with plain boto3, one after another, with
        no added latency: what the emulator alone takes to answer them."""
        ec2 = boto3.client(
            "ec2",
            region_name="us-east-1",
            endpoint_url=context.sessions.config.endpoint_url,
            **LOCAL_CREDENTIALS,
        )
        started = time.perf_counter()
        for operation in LISTS:
            ec2.get_paginator(operation).paginate(Filters=OWNED).build_full_result()
        return time.perf_counter() - started

    def reset(self) -> None:
        """Empty the emulator (between runs that must each start from nothing)."""
        request = urllib.request.Request(f"{self.endpoint}/moto-api/reset", method="POST")
        urllib.request.urlopen(request).close()
        self.warm_up()

    def warm_up(self) -> None:
        """The emulator builds its EC2 data on first use (seconds): do it before timing."""
        context, _ = self.context(1)
        context.sessions.client("ec2", None, "us-east-1").describe_vpcs()

    def app(
        self, name: str, build: Callable[[Stack, int], None], count: int, timings: Timings
    ) -> App:
        with timings.phase("declare"):
            app = App(name, tags=TAGS)
            build(app.stack("main", account="123456789012", region="us-east-1"), count)
        return app

    def plan_and_apply(
        self, name: str, build: Callable[[Stack, int], None], count: int, concurrency: int
    ) -> Run:
        """Apply `count` resources, plan again (must be empty), then destroy them."""
        context, counter = self.context(concurrency)
        timings = Timings()
        app = self.app(name, build, count, timings)
        with timings.phase("plan"):
            first = operations.plan(app, context)
        with timings.phase("apply"):
            apply_plan(context, first)
        run = Run(
            count,
            concurrency,
            timings.phases["apply"],
            counter.total,
            str(timings),
        )
        counter.calls.clear()
        noop = Timings()
        app = self.app(name, build, count, noop)
        context.report = lambda event: noop.note(event)
        with noop.phase("plan"):
            second = operations.plan(app, context)
        noop.phases["plan"] -= noop.phases.get("list calls", 0.0)  # what is left: deciding
        run.emulator_floor_s = self.list_floor(context)
        assert not second.has_changes, "the second plan must be empty"
        run.noop_plan_s = sum(noop.phases.values())
        run.noop_breakdown = str(noop)
        run.noop_calls = Counter({f"{s}:{op}": n for (s, op), n in counter.calls.items()})
        apply_plan(context, operations.plan(app, context, destroy=True))
        assert context.store.all() == []
        return run


@dataclass
class Run:
    count: int
    concurrency: int
    apply_s: float
    apply_calls: int
    apply_breakdown: str
    noop_plan_s: float = 0.0
    noop_breakdown: str = ""
    noop_calls: Counter[str] = field(default_factory=Counter)
    emulator_floor_s: float = 0.0

    @property
    def noop_mutating(self) -> int:
        return sum(n for op, n in self.noop_calls.items() if is_mutating(op.split(":")[1]))


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def example(bench: Bench, name: str, title: str) -> None:
    """An example project: plan and apply from nothing, a no-change plan, destroy."""
    context, counter = bench.context(DEFAULT_CONCURRENCY)
    rows = []
    made: dict[str, Counter[str]] = {}

    def step(name: str, run: Callable[[], object]) -> None:
        counter.calls.clear()
        started = time.perf_counter()
        try:
            run()
        except ApplyFailed as refused:  # the landing zone's accounts stay
            assert "--allow-account-close" in str(refused), refused
        mutating = sum(n for (_, op), n in counter.calls.items() if is_mutating(op))
        rows.append((name, time.perf_counter() - started, counter.total, mutating))
        made[name] = Counter({f"{s}:{op}": n for (s, op), n in counter.calls.items()})

    project = EXAMPLES / name
    first = operations.plan(load_app(project), context)
    resources = len(first.changes)
    step("plan (nothing exists)", lambda: operations.plan(load_app(project), context))
    step("apply (after that plan)", lambda: apply_plan(context, first))
    step("plan (no change)", lambda: operations.plan(load_app(project), context))
    alarms = len(read_alarms(load_app(project), context).alarms)
    step(f"landform alarms ({alarms} alarms)", lambda: read_alarms(load_app(project), context))
    destroy = operations.plan(load_app(project), context, destroy=True)
    step("destroy (after its plan)", lambda: apply_plan(context, destroy))
    print(f"\n## {title} ({resources} resources, concurrency {DEFAULT_CONCURRENCY})\n")
    print("| step | wall time | API calls | mutating |")
    print("|---|---|---|---|")
    for name, seconds, calls, mutating in rows:
        print(f"| {name} | {seconds:.2f} s | {calls} | {mutating} |")
    noop = made["plan (no change)"]
    print(
        "\nThe no-change plan's calls: " + ", ".join(f"{op} {n}" for op, n in sorted(noop.items()))
    )
    bench.reset()


class BusyTime:
    """How long each account had work in flight during a run (`accounts`: address ->
    account, from the plan): with one account at a time, their sum is the run's time."""

    def __init__(self, accounts: dict[str, str]) -> None:
        self.accounts = accounts
        self.in_flight: Counter[str] = Counter()
        self.since: dict[str, float] = {}
        self.busy: Counter[str] = Counter()

    def __call__(self, event: Event) -> None:
        if event.kind not in ("start", "done"):
            return
        account, now = self.accounts[event.address], time.perf_counter()
        if event.kind == "start":
            if not self.in_flight[account]:
                self.since[account] = now
            self.in_flight[account] += 1
            return
        self.in_flight[account] -= 1
        if not self.in_flight[account]:
            self.busy[account] += now - self.since[account]


def accounts_at_once(bench: Bench) -> None:
    """The landing zone with its accounts worked on concurrently, then one at a time: its
    first apply (which creates the accounts), and an apply into the accounts once they
    exist (after a destroy, which keeps them), with each account's own span of work."""
    project = EXAMPLES / "landing_zone"
    rows, busy_of = [], {}
    for limit in (None, 1):
        context, counter = bench.context(DEFAULT_CONCURRENCY)
        context.accounts_at_once = limit
        timings = []
        for _ in ("first", "existing accounts"):
            computed = operations.plan(load_app(project), context)
            accounts = {c.address: c.account for c in computed.changes}
            counter.calls.clear()
            busy = BusyTime(accounts)
            context.report = busy
            started = time.perf_counter()
            apply_plan(context, computed)
            timings.append((time.perf_counter() - started, counter.total))
            context.report = lambda event: None
            with contextlib.suppress(ApplyFailed):  # the accounts stay
                apply_plan(context, operations.plan(load_app(project), context, destroy=True))
        busy_of[limit] = busy.busy
        rows.append(("all" if limit is None else str(limit), timings))
        bench.reset()
    print("\n## The landing zone: accounts concurrently vs one at a time\n")
    print(
        "| accounts at once | first apply (makes the accounts) | its calls | "
        "apply into existing accounts | its calls |"
    )
    print("|---|---|---|---|---|")
    for label, ((first, first_calls), (again, again_calls)) in rows:
        print(f"| {label} | {first:.2f} s | {first_calls} | {again:.2f} s | {again_calls} |")
    own = busy_of[1]
    print(
        "\nOne at a time, how long each account had work in flight in the apply into "
        "existing accounts: "
        + ", ".join(f"{seconds:.2f} s" for seconds in sorted(own.values(), reverse=True))
        + f" (slowest {max(own.values()):.2f} s, sum {sum(own.values()):.2f} s)."
    )


def audit_runs(bench: Bench, accounts: Bench, count: int) -> None:
    """`landform audit` of one account holding `count` networking resources, and of the
    landing zone's six accounts in two regions (account x region pairs read at once)."""
    from landform.rules.audit import audit_accounts

    rows = []
    context, counter = bench.context(DEFAULT_CONCURRENCY)
    app = bench.app("audited", networking, count, Timings())
    apply_plan(context, operations.plan(app, context))
    counter.calls.clear()
    started = time.perf_counter()
    report = audit_accounts(context, accounts=[], regions=["us-east-1"])
    rows.append(
        (
            f"one account, {count} resources, 1 region",
            time.perf_counter() - started,
            counter.total,
            len(report.findings),
        )
    )
    apply_plan(context, operations.plan(app, context, destroy=True))

    context, counter = accounts.context(DEFAULT_CONCURRENCY)
    apply_plan(context, operations.plan(load_app(EXAMPLES / "landing_zone"), context))
    counter.calls.clear()
    started = time.perf_counter()
    report = audit_accounts(context, accounts=[], regions=["us-east-1", "eu-west-1"])
    rows.append(
        (
            "the landing zone: 6 accounts x 2 regions",
            time.perf_counter() - started,
            counter.total,
            len(report.findings),
        )
    )
    accounts.reset()
    print("\n## Audit (every resource of every registered type, and the account checks)\n")
    print("| audited | wall time | API calls | findings |")
    print("|---|---|---|---|")
    for name, seconds, calls, findings in rows:
        print(f"| {name} | {seconds:.2f} s | {calls} | {findings} |")


def accounts_emulator(state_dir: Path) -> str:
    """An emulator for the landing zone, without AWS's managed IAM policies: moto loads
    them into every new account (seconds each, one request at a time), which would
    measure the emulator rather than Landform. The landing zone attaches none."""
    os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "false"
    try:
        return start_background(state_dir).endpoint_url
    finally:
        del os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"]


def help_time(runs: int = 5) -> float:
    """The median wall time of `landform --help` in a new process."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "landform", "--help"], check=True, capture_output=True
        )
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument(
        "--only-examples",
        action="store_true",
        help="run only the examples and the audits, not the size and concurrency sweeps",
    )
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument(
        "--compare",
        default="1,4,16,32",
        help="concurrency levels for the independent-resources apply",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    emulator_dir = Path(tempfile.mkdtemp())  # the emulator runs in its own process, as AWS
    bench = Bench(start_background(emulator_dir).endpoint_url, args.latency)
    bench.warm_up()
    print(f"# Landform benchmarks (latency added per call: {args.latency * 1000:.0f} ms)\n")
    example(bench, "three_tier", "The three-tier example")
    accounts_dir = Path(tempfile.mkdtemp())
    accounts = Bench(accounts_emulator(accounts_dir), args.latency)
    accounts.warm_up()
    example(accounts, "landing_zone", "The six-account landing zone")
    accounts_at_once(accounts)
    audit_runs(bench, accounts, max(sizes))
    stop_background(accounts_dir)
    if args.only_examples:
        stop_background(emulator_dir)
        return
    print(f"\n`landform --help`: {help_time():.2f} s (median of 5 runs, new process each)\n")
    print(
        "## Networking resources: apply, then a no-change plan "
        f"(concurrency {DEFAULT_CONCURRENCY})\n"
    )
    print(
        "| resources | apply (after its plan) | API calls (plan + apply) | no-change plan "
        "| its API calls | mutating |"
    )
    print("|---|---|---|---|---|---|")
    details = []
    for size in sizes:
        r = bench.plan_and_apply(f"net{size}", networking, size, DEFAULT_CONCURRENCY)
        print(
            f"| {size} | {r.apply_s:.2f} s | {r.apply_calls} | {r.noop_plan_s:.2f} s | "
            f"{sum(r.noop_calls.values())} | {r.noop_mutating} |"
        )
        details.append(r)
    print("\nWhere the time went:\n")
    for r in details:
        calls = ", ".join(f"{op} {n}" for op, n in sorted(r.noop_calls.items()))
        print(
            f"- {r.count}: apply ({r.apply_breakdown}); no-change plan "
            f"({r.noop_breakdown}); its calls: {calls}; the same lists made with plain "
            f"boto3, one after another, no added latency: {r.emulator_floor_s:.2f} s"
        )
    largest = max(sizes)
    print(f"\n## {largest} independent resources (internet gateways): apply by concurrency\n")
    print("| concurrency | apply | API calls | speed-up vs the first |")
    print("|---|---|---|---|")
    baseline = 0.0
    for level in [int(c) for c in args.compare.split(",")]:
        r = bench.plan_and_apply(f"ind{level}", independent, largest, level)
        baseline = baseline or r.apply_s
        print(f"| {level} | {r.apply_s:.2f} s | {r.apply_calls} | {baseline / r.apply_s:.1f}x |")
    stop_background(emulator_dir)


if __name__ == "__main__":
    main()
