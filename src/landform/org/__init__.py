"""Ready AWS Organizations policies (SCPs and tag policies). Never imports boto3."""

from landform.org import scp
from landform.org.policy import SERVICE_CONTROL_POLICY, TAG_POLICY, OrganizationPolicy

__all__ = ["SERVICE_CONTROL_POLICY", "TAG_POLICY", "OrganizationPolicy", "scp"]
