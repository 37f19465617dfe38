"""Makes a thumbnail record for every object uploaded to the uploads bucket."""

from __future__ import annotations

from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    keys = [r["s3"]["object"]["key"] for r in event.get("Records", [])]
    return {"thumbnails": [f"thumbnails/{key}" for key in keys]}
