"""Landform::EC2::EbsDefaults: whether new EBS volumes of a region are encrypted, as its
handler lists it (off where the Api lists everything and it is off)."""

from __future__ import annotations

from landform.handlers.ec2.ebs_defaults import EbsDefaults
from landform.rules.readers.base import Reader

READER = Reader(EbsDefaults.TYPE, lambda api: list(EbsDefaults().list(api)), account_wide=False)
