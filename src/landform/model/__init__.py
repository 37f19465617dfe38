"""Declarations only: apps, stacks, resources and references. Never imports boto3."""

from landform.model.app import App
from landform.model.refs import Join, Ref, join
from landform.model.resource import DeletionPolicy, Input, Resource
from landform.model.stack import Stack
from landform.model.tags import ADDRESS_TAG, TagPolicy, TagRule

__all__ = [
    "ADDRESS_TAG",
    "App",
    "DeletionPolicy",
    "Input",
    "Join",
    "Ref",
    "Resource",
    "Stack",
    "TagPolicy",
    "TagRule",
    "join",
]
