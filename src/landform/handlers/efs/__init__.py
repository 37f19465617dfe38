"""Handlers for EFS types."""

from landform.handlers.efs import access_point, file_system, mount_target

__all__ = ["access_point", "file_system", "mount_target"]
