"""A three-tier application in one stack: an ALB in front of a Fargate service, an
Aurora PostgreSQL cluster and a Redis cache behind it, an encrypted bucket for uploads,
a Lambda function, an SSH-less bastion and an EKS cluster for the platform team."""

from pathlib import Path

from landform import App
from landform.aws import kms
from landform.constructs import (
    Cache,
    Database,
    EncryptedBucket,
    FargateService,
    Function,
    Instance,
    KubernetesCluster,
    Network,
)

HERE = Path(__file__).resolve().parent
BASTION_IMAGE = "ami-0d27e0fb3bac4d724"
"""Amazon Linux 2023 (x86_64); look up your region's with SSM parameter
/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64."""

app = App(
    "three-tier",
    tags={
        "Project": "three-tier",
        "Owner": "platform-team",
        "CostCenter": "cc-4242",
        "ManagedBy": "landform",
    },
)
stack = app.stack("app", region="us-east-1", tags={"Environment": "staging"})

network = Network(stack, "main", cidr="10.20.0.0/16", azs=2, nat="single")
key = kms.Key(stack, "data-key", description="three-tier data", enable_key_rotation=True)

web = FargateService(
    stack,
    "web",
    network=network,
    image="public.ecr.aws/nginx/nginx:stable",
    container_port=80,
    desired_count=2,
)
database = Database(
    stack,
    "orders",
    network=network,
    engine="aurora-postgresql",
    allowed_security_groups=[web.security_group],
    key=key,
    instances=2,
)
cache = Cache(
    stack,
    "sessions",
    network=network,
    engine="redis",
    allowed_security_groups=[web.security_group],
    key=key,
)
uploads = EncryptedBucket(stack, "uploads", key=key)
thumbnails = Function(
    stack,
    "thumbnails",
    code=HERE / "functions" / "thumbnails",
    handler="main.handler",
    environment={"BUCKET": uploads.name},
)
bastion = Instance(stack, "bastion", network=network, image_id=BASTION_IMAGE)
platform = KubernetesCluster(stack, "platform", network=network)
