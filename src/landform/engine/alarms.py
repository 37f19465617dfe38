"""The app's CloudWatch alarms as AWS reports them now: state, reason and since when.

Which alarms: every AWS::CloudWatch::Alarm in state (its physical id is its name). Each
(account, region) is read with describe_alarms on its alarms' names, 100 names a call
(the API's limit); all (account, region) pairs concurrently.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from landform.engine.context import Context
from landform.engine.operations import remember_roles
from landform.errors import LandformError
from landform.handlers.base import Api
from landform.model.app import App
from landform.state.base import ResourceState

ALARM_TYPE = "AWS::CloudWatch::Alarm"
NAMES_PER_CALL = 100
"""The most names describe_alarms takes in one call."""

MISSING = "MISSING"
"""The state of an alarm that state records but AWS no longer has."""
STATES = ("ALARM", MISSING, "INSUFFICIENT_DATA", "OK")
"""Every state an alarm is shown in, most pressing first (the order of the report)."""

Where = tuple[str, str]
"""(account, region)"""


@dataclass(frozen=True)
class AlarmStatus:
    """One recorded alarm as AWS reports it now."""

    account: str
    region: str
    stack: str
    address: str
    name: str
    metric: str
    """Namespace/MetricName, or "metric math" for an alarm on Metrics."""
    state: str
    """ALARM, INSUFFICIENT_DATA, OK, or MISSING (recorded, but gone from AWS)."""
    reason: str
    since: datetime | None
    """When the state last changed (None for a missing alarm)."""

    def as_json(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "region": self.region,
            "stack": self.stack,
            "address": self.address,
            "name": self.name,
            "metric": self.metric,
            "state": self.state,
            "reason": self.reason,
            "since": self.since.isoformat() if self.since is not None else None,
        }


@dataclass(frozen=True)
class Unreadable:
    """An account and region whose alarms could not be read, and why."""

    account: str
    region: str
    alarms: int
    """How many recorded alarms it holds (none of them is in the report)."""
    error: str


@dataclass
class AlarmReport:
    alarms: list[AlarmStatus]
    """Most pressing state first (STATES' order), then by address."""
    unreadable: list[Unreadable]


def read_alarms(
    app: App,
    context: Context,
    *,
    accounts: Collection[str] = (),
    regions: Collection[str] = (),
    stacks: Collection[str] = (),
    state: str | None = None,
) -> AlarmReport:
    """The state of every alarm `app`'s state records, limited to `accounts`, `regions`
    and `stacks` when any are named, and to alarms in `state` (one of STATES) when given.

    `state` is applied to what is read, not passed to AWS, so an alarm gone from AWS is
    still told apart from one in another state, for the same calls. Replaced alarms
    waiting to be deleted (deposed) are left out. An (account, region) that cannot be
    read is reported in `unreadable`, and the others are still read.
    """
    remember_roles(app, context)
    groups: dict[Where, list[ResourceState]] = {}
    for record in context.store.all():
        if _chosen(record, accounts, regions, stacks):
            groups.setdefault((record.account, record.region), []).append(record)
    workers = max(1, min(context.concurrency, len(groups)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        read = list(pool.map(lambda where: _read_group(context, where, groups[where]), groups))
    shown: list[AlarmStatus] = []
    unreadable: list[Unreadable] = []
    for ((account, region), records), (live, error) in zip(groups.items(), read, strict=True):
        if error is not None:
            unreadable.append(Unreadable(account, region, len(records), error))
            continue
        statuses = (_status(record, live.get(record.physical_id)) for record in records)
        shown += (alarm for alarm in statuses if state is None or alarm.state == state)
    shown.sort(key=lambda alarm: (STATES.index(alarm.state), alarm.address))
    return AlarmReport(shown, unreadable)


def _chosen(
    record: ResourceState,
    accounts: Collection[str],
    regions: Collection[str],
    stacks: Collection[str],
) -> bool:
    return (
        record.type_name == ALARM_TYPE
        and not record.deposed
        and (not accounts or record.account in accounts)
        and (not regions or record.region in regions)
        and (not stacks or _stack_of(record.address) in stacks)
    )


def _read_group(
    context: Context, where: Where, records: list[ResourceState]
) -> tuple[dict[str, dict[str, Any]], str | None]:
    """The live alarms of the records by name, and why they could not be read (None
    where they could)."""
    api = Api(context.sessions.client, *where)  # its own: nothing read earlier is reused
    names = sorted({record.physical_id for record in records})
    live: dict[str, dict[str, Any]] = {}
    try:
        for start in range(0, len(names), NAMES_PER_CALL):
            batch = names[start : start + NAMES_PER_CALL]
            described = api.pages(
                "cloudwatch",
                "describe_alarms",
                "MetricAlarms",
                AlarmNames=batch,
                AlarmTypes=["MetricAlarm"],
                MaxRecords=NAMES_PER_CALL,
            )
            live.update((alarm["AlarmName"], alarm) for alarm in described)
    except (ClientError, BotoCoreError, LandformError) as error:
        return {}, str(error)
    return live, None


def _status(record: ResourceState, alarm: Mapping[str, Any] | None) -> AlarmStatus:
    if alarm is None:
        state, reason, since = MISSING, "recorded in state but not found in AWS", None
        metric = _metric(record.properties)
    else:
        state, reason = str(alarm["StateValue"]), str(alarm.get("StateReason", ""))
        since, metric = alarm.get("StateUpdatedTimestamp"), _metric(alarm)
    return AlarmStatus(
        account=record.account,
        region=record.region,
        stack=_stack_of(record.address),
        address=record.address,
        name=record.physical_id,
        metric=metric,
        state=state,
        reason=reason,
        since=since,
    )


def _metric(alarm: Mapping[str, Any]) -> str:
    """What the alarm watches, from describe_alarms or the recorded properties (which
    share these names)."""
    if alarm.get("Metrics"):
        return "metric math"
    return f"{alarm.get('Namespace', '')}/{alarm.get('MetricName', '')}"


def _stack_of(address: str) -> str:
    """The stack of an address `app/stack/logical-id`."""
    return address.split("/")[1]
