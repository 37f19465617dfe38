"""Compute rules: instance metadata, Lambda function policies, EKS endpoints."""
