# Storefront: the production network of the storefront team, declared with Landform's
# constructs: a three-zone VPC with NAT per zone and flow logs, a web security group,
# and a KMS-encrypted bucket for assets.
#
#     landform --local --project examples/storefront plan   # on the embedded emulator
from landform import App
from landform.aws import kms
from landform.constructs import Network, WebSecurityGroup, EncryptedBucket

app = App("storefront", tags={"Project": "storefront", "Owner": "platform-team",
                              "CostCenter": "cc-1234", "ManagedBy": "landform"})
prod = app.stack("network", account="123456789012", region="us-east-1",
                 tags={"Environment": "production"})
net = Network(prod, "main", cidr="10.0.0.0/16", azs=3, nat="per-az", flow_logs=True)
web = WebSecurityGroup(prod, "web", vpc=net.vpc)
key = kms.Key(prod, "app-key", description="Application encryption key", enable_key_rotation=True)
EncryptedBucket(prod, "assets", key=key)
