"""IAM rules: policies, users and their credentials, the root user, the password policy,
role trust and instance profiles."""
