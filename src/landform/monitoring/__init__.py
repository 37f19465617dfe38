"""Monitoring by default: the house alarms, their topic per account and region, and a
dashboard per stack, added to the model as ordinary resources (docs/monitoring.md)."""
