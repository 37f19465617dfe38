"""Handlers for Elastic Load Balancing (v2) types."""

from landform.handlers.elbv2 import listener, load_balancer, target_group

__all__ = ["listener", "load_balancer", "target_group"]
