"""Tagging rules: the tag policy on every taggable resource."""
