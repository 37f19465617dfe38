"""Organization rules: service control policies and CloudTrail trails."""
