"""Rule cases: for every rule, properties that pass and fail it on the model, and live
resources (made with plain boto3 on the emulator) that pass and fail it.

Each module here has `CASES: dict[rule id, RuleCases]`; `tests/rules/test_rules.py`
loops over the rule registry and fails for a rule without cases.
"""
