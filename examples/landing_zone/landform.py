"""A six-account landing zone: the organization with its OUs and guardrail policies, no
default VPC in any account or governed region, an organization CloudTrail trail into an
encrypted bucket of the security account, a transit gateway in shared services shared
with the workload accounts, and a network in each workload account attached to it."""

from landform import Account, App
from landform.aws import ec2
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

# As AWS Control Tower does: every account, in every region it may use, without the
# default VPC AWS makes (public subnets, an internet gateway, a wide-open default group).
for account in org.accounts:
    for region in REGIONS:
        baseline = app.stack(
            f"baseline-{account}-{region}", account=org.account(account), region=region
        )
        ec2.NoDefaultVPC(baseline, "no-default-vpc")

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
