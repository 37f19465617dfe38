"""How an app is monitored: where alarms notify, and the changes to the house alarms."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from landform.errors import ValidationError, Where
from landform.model.refs import Ref
from landform.model.source import declaration_site

COMPARISONS = (
    "GreaterThanOrEqualToThreshold",
    "GreaterThanThreshold",
    "LessThanThreshold",
    "LessThanOrEqualToThreshold",
)
MISSING_DATA = ("breaching", "notBreaching", "ignore", "missing")


@dataclass(frozen=True)
class AlarmSettings:
    """A change to one house alarm; fields left None keep the default. `off`: the written
    reason the alarm is not wanted (it is then not made)."""

    threshold: float | None = None
    """In the metric's unit (bytes for FreeStorageSpace, seconds for TargetResponseTime);
    for the S3 trend alarm, the width of the anomaly-detection band in standard deviations."""
    statistic: str | None = None
    period: int | None = None
    evaluation_periods: int | None = None
    datapoints_to_alarm: int | None = None
    treat_missing_data: str | None = None
    off: str | None = None

    def problem(self) -> str | None:
        """What is wrong with these settings, if anything."""
        if self.off is not None and not (isinstance(self.off, str) and self.off.strip()):
            return "an alarm is switched off only with a written reason (off='why')"
        if self.period is not None and self.period not in (10, 30) and self.period % 60:
            return f"period {self.period} is not 10, 30 or a multiple of 60 seconds"
        for name in ("evaluation_periods", "datapoints_to_alarm"):
            value = getattr(self, name)
            if value is not None and value < 1:
                return f"{name} must be 1 or more"
        if self.treat_missing_data not in (None, *MISSING_DATA):
            return f"treat_missing_data must be one of {', '.join(MISSING_DATA)}"
        return None

    def over(self, base: AlarmSettings) -> AlarmSettings:
        """These settings on top of `base`: a field set here wins."""
        changed = {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if getattr(self, f.name) is not None
        }
        return dataclasses.replace(base, **changed)


@dataclass(frozen=True)
class Subscription:
    """Where the alarm topic delivers: `Subscription.email(...)`, `.https(...)`, `.sqs(...)`."""

    protocol: str
    endpoint: str | Ref

    @classmethod
    def email(cls, address: str) -> Subscription:
        """An email address (AWS asks it to confirm the subscription)."""
        if "@" not in address.strip("@"):
            raise _declared(
                f"{address!r} is not an email address", "Subscription.email('ops@example.com')"
            )
        return cls("email", address)

    @classmethod
    def https(cls, url: str) -> Subscription:
        """An HTTPS endpoint (it must confirm the subscription)."""
        if not url.startswith("https://"):
            raise _declared(f"{url!r} is not an https:// URL", "Subscription.https('https://…')")
        return cls("https", url)

    @classmethod
    def sqs(cls, queue_arn: str | Ref) -> Subscription:
        """An SQS queue, by ARN; its policy must let the topic send to it."""
        if isinstance(queue_arn, str) and not queue_arn.startswith("arn:aws:sqs:"):
            raise _declared(f"{queue_arn!r} is not an SQS queue ARN", "pass the queue's ARN")
        return cls("sqs", queue_arn)

    @property
    def logical_id(self) -> str:
        """Stable in the topic's stack whatever the order subscriptions are declared in."""
        endpoint = self.endpoint if isinstance(self.endpoint, str) else self.endpoint.describe()
        digest = hashlib.sha256(f"{self.protocol}:{endpoint}".encode()).hexdigest()[:10]
        return f"alarm-subscription-{self.protocol}-{digest}"


class Monitoring:
    """The app's monitoring: every monitored resource gets the house alarms
    (docs/monitoring.md), acting on one KMS-encrypted SNS topic per account and region.

    `subscriptions`: who the topic notifies. `ok_actions` / `insufficient_data_actions`:
    whether the topic is also told when an alarm returns to OK or lacks data. `alarms`:
    changes to the house alarms for the whole app, by "<type>/<metric>" (as
    "AWS::EC2::Instance/CPUUtilization"); stacks (`app.stack(..., alarms=...)`) and
    resources (`resource.alarm(metric, AlarmSettings(...))`) change them further.
    `off`: the written reason the app has no house alarms at all.
    """

    def __init__(
        self,
        *,
        subscriptions: Iterable[Subscription] = (),
        ok_actions: bool = False,
        insufficient_data_actions: bool = False,
        alarms: Mapping[str, AlarmSettings] | None = None,
        off: str | None = None,
    ) -> None:
        self.source = declaration_site()
        self.subscriptions = tuple(subscriptions)
        self.ok_actions = ok_actions
        self.insufficient_data_actions = insufficient_data_actions
        self.alarms = checked_alarms(alarms or {}, Where(self.source))
        if off is not None and not (isinstance(off, str) and off.strip()):
            raise ValidationError(
                "monitoring is switched off only with a written reason",
                where=Where(self.source),
                hint="Monitoring(off='why this app needs no alarms')",
            )
        self.off = off


def checked_alarms(alarms: Mapping[str, AlarmSettings], where: Where) -> dict[str, AlarmSettings]:
    """`alarms` by "<type>/<metric>", each key a house alarm and each setting sound."""
    from landform.monitoring.catalog import WATCHES

    known = {watch.key for watch in WATCHES}
    for key, settings in alarms.items():
        if key not in known:
            raise ValidationError(
                f"{key!r} is not a house alarm",
                where=where,
                hint="one of: " + ", ".join(sorted(known)),
            )
        problem = settings.problem()
        if problem is not None:
            raise ValidationError(f"{key}: {problem}", where=where)
    return dict(alarms)


def _declared(message: str, hint: str) -> ValidationError:
    return ValidationError(message, where=Where(declaration_site()), hint=hint)
