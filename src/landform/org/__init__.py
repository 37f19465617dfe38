"""The organization: accounts, OUs and ready policies (SCPs, tag policies); no boto3."""

from landform.org import scp
from landform.org.organization import Account, Organization
from landform.org.policy import SERVICE_CONTROL_POLICY, TAG_POLICY, OrganizationPolicy

__all__ = [
    "SERVICE_CONTROL_POLICY",
    "TAG_POLICY",
    "Account",
    "Organization",
    "OrganizationPolicy",
    "scp",
]
