"""Handlers for EKS types."""

from landform.handlers.eks import cluster, fargate, nodegroup

__all__ = ["cluster", "fargate", "nodegroup"]
