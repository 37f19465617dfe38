"""Opinionated building blocks over the typed resources, with safe defaults."""

from landform.constructs.archive import Archive
from landform.constructs.bucket import EncryptedBucket
from landform.constructs.cache import Cache
from landform.constructs.database import Database
from landform.constructs.document_database import DocumentDatabase
from landform.constructs.fargate_service import FargateService
from landform.constructs.file_system import FileSystem
from landform.constructs.function import Function
from landform.constructs.instance import Instance
from landform.constructs.kubernetes import KubernetesCluster
from landform.constructs.lifecycle import Lifecycle
from landform.constructs.network import Network
from landform.constructs.organization_trail import OrganizationTrail
from landform.constructs.security_group import WebSecurityGroup
from landform.constructs.transit_hub import TransitHub

__all__ = [
    "Archive",
    "Cache",
    "Database",
    "DocumentDatabase",
    "EncryptedBucket",
    "FargateService",
    "FileSystem",
    "Function",
    "Instance",
    "KubernetesCluster",
    "Lifecycle",
    "Network",
    "OrganizationTrail",
    "TransitHub",
    "WebSecurityGroup",
]
