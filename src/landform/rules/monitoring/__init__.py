"""Monitoring rules: the house's default alarms exist for every monitored resource."""
