"""A six-account landing zone: the organization with its OUs and guardrail policies, a
baseline in every account (no default VPC and EBS encryption by default in each governed
region, a password policy and S3 Block Public Access), an organization CloudTrail trail
into an encrypted bucket of the security account, a transit gateway in shared services
shared with the workload accounts, and a network in each workload account attached to it."""

from landform import Account, App
from landform.aws import ec2, iam, s3
from landform.constructs import Network, OrganizationTrail, TransitHub
from landform.org import scp

REGIONS = ["us-east-1", "eu-west-1"]
WORKLOADS = {"production": "10.10.0.0/16", "staging": "10.20.0.0/16", "development": "10.30.0.0/16"}
ALL_NETWORKS = "10.0.0.0/8"

app = App(
    "landing-zone",
    tags={
        "Project": "landing-zone",
        "Owner": "platform-team",
        "CostCenter": "cc-0001",
        "ManagedBy": "landform",
    },
)
org = app.organization(
    accounts=[
        Account("management"),
        Account("security", email="aws-security@example.com", ou="Security"),
        Account("shared-services", email="aws-shared@example.com", ou="Infrastructure"),
        Account("production", email="aws-prod@example.com", ou="Workloads/Production"),
        Account("staging", email="aws-staging@example.com", ou="Workloads/NonProduction"),
        Account("development", email="aws-dev@example.com", ou="Workloads/NonProduction"),
    ],
    policies=[
        scp.deny_leave_organization(),
        scp.deny_regions_except(REGIONS),
        scp.deny_cloudtrail_changes(),
        scp.deny_root_user(),
        scp.tag_policy_from(app.tag_policy),
    ],
    tags={"Environment": "production"},
)
org.attach(scp.deny_iam_user_access_keys(), "Workloads")
org.attach(scp.require_imdsv2(), "Workloads")

# Every account's baseline, as AWS Control Tower and the CIS benchmark have it: in every
# region it may use, no default VPC (public subnets, an internet gateway, a wide-open
# default group) and new EBS volumes encrypted (AWS's managed key aws/ebs); once per
# account, a password policy (CIS 1.8, 1.9) and S3 Block Public Access over every bucket.
for account in org.accounts:
    for region in REGIONS:
        baseline = app.stack(
            f"baseline-{account}-{region}", account=org.account(account), region=region
        )
        ec2.NoDefaultVPC(baseline, "no-default-vpc")
        ec2.EbsDefaults(baseline, "ebs-defaults", ebs_encryption_by_default=True)
        if region != REGIONS[0]:
            continue  # IAM and S3's account settings are the account's, not a region's
        iam.PasswordPolicy(
            baseline,
            "password-policy",
            minimum_password_length=14,
            password_reuse_prevention=24,
            require_symbols=True,
            require_numbers=True,
            require_uppercase_characters=True,
            require_lowercase_characters=True,
            allow_users_to_change_password=True,
        )
        s3.AccountPublicAccessBlock(
            baseline,
            "s3-public-access-block",
            block_public_acls=True,
            ignore_public_acls=True,
            block_public_policy=True,
            restrict_public_buckets=True,
        )

security = app.stack(
    "security-logs",
    account=org.account("security"),
    region="us-east-1",
    tags={"Environment": "production"},
)
OrganizationTrail(org, "org-trail", bucket_stack=security)

shared = app.stack(
    "shared-network",
    account=org.account("shared-services"),
    region="us-east-1",
    tags={"Environment": "production"},
)
hub = TransitHub(shared, "hub", share_with=[org.account(name) for name in WORKLOADS])

for environment, cidr in WORKLOADS.items():
    stack = app.stack(
        f"{environment}-network",
        account=org.account(environment),
        region="us-east-1",
        tags={"Environment": environment},
    )
    network = Network(stack, "main", cidr=cidr, azs=3, nat="single")
    hub.attach(network, routes=[ALL_NETWORKS])
