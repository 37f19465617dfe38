"""Handlers for EC2 networking types."""

from landform.handlers.ec2 import vpc

__all__ = ["vpc"]
