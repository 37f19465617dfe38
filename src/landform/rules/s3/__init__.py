"""S3 rules: public access blocks (account and bucket), versioning, TLS-only bucket
policies."""
