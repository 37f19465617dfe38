"""Handlers for ECS types."""

from landform.handlers.ecs import cluster, service, task_definition

__all__ = ["cluster", "service", "task_definition"]
