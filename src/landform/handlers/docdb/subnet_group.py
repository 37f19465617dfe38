"""AWS::DocDB::DBSubnetGroup"""

from __future__ import annotations

from landform.handlers.rds import subnet_group
from landform.handlers.registry import register


@register
class DBSubnetGroup(subnet_group.DBSubnetGroup):
    """A DB subnet group through the docdb client: the same regional object as RDS's
    (one namespace of names), so RDS's handler serves it. The DB subnet group calls are
    served by the emulator for DocumentDB too, so this one is tested there.
    """

    TYPE = "AWS::DocDB::DBSubnetGroup"
    SERVICE = "docdb"
