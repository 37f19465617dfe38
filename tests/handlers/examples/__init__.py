"""Contract examples: for every registered type, how to declare one (with what it needs).

Each module here has `EXAMPLES: dict[type name, declare]`, where `declare(stack)` adds the
resource under test (and anything it depends on) to the stack and returns it; what must
exist before the app, outside it, is made by `PREPARE: dict[type name, prepare(api)]`.
Types the emulator cannot serve are in `STUBBED: dict[type name, StubbedContract]` instead.
`tests/handlers/test_contract.py` loops over the registry and fails for a type with
neither, so a new handler cannot skip the contract.
"""
