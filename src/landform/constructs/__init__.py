"""Opinionated building blocks over the typed resources, with safe defaults."""

from landform.constructs.bucket import EncryptedBucket
from landform.constructs.lifecycle import Lifecycle
from landform.constructs.network import Network
from landform.constructs.security_group import WebSecurityGroup

__all__ = ["EncryptedBucket", "Lifecycle", "Network", "WebSecurityGroup"]
