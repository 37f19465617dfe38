"""Archiving rules for an EncryptedBucket: objects move to colder storage as they age."""

from __future__ import annotations

from typing import Any

from landform.errors import ValidationError, Where
from landform.model.source import declaration_site


class Lifecycle:
    """Move objects to GLACIER after `glacier_after_days`, DEEP_ARCHIVE after
    `deep_archive_after_days` (either may be left out).

    The same days apply to noncurrent versions, counted from when they became noncurrent.
    """

    def __init__(
        self, *, glacier_after_days: int | None = None, deep_archive_after_days: int | None = None
    ) -> None:
        self.glacier_after_days = glacier_after_days
        self.deep_archive_after_days = deep_archive_after_days
        days = [d for d in (glacier_after_days, deep_archive_after_days) if d is not None]
        problem = None
        if not days:
            problem = "a Lifecycle needs glacier_after_days, deep_archive_after_days or both"
        elif any(d < 0 for d in days):
            problem = "lifecycle days cannot be negative"
        elif len(days) == 2 and days[1] <= days[0]:
            problem = (
                f"deep_archive_after_days={days[1]} must be later than glacier_after_days={days[0]}"
            )
        if problem:
            raise ValidationError(
                problem,
                where=Where(declaration_site()),
                hint="e.g. Lifecycle(glacier_after_days=90, deep_archive_after_days=365)",
            )

    def configuration(self) -> dict[str, Any]:
        """The bucket's LifecycleConfiguration, shaped as CloudFormation documents it."""
        transitions = [
            {"StorageClass": storage_class, "TransitionInDays": days}
            for storage_class, days in (
                ("GLACIER", self.glacier_after_days),
                ("DEEP_ARCHIVE", self.deep_archive_after_days),
            )
            if days is not None
        ]
        rule = {
            "Id": "archive",
            "Status": "Enabled",
            "Transitions": transitions,
            "NoncurrentVersionTransitions": transitions,
        }
        return {"Rules": [rule]}
