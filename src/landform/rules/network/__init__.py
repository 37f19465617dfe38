"""Network rules: security groups, network ACLs, flow logs."""
