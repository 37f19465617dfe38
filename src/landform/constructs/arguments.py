"""Checks of construct arguments; errors point at the user's line that declared them."""

from __future__ import annotations

from collections.abc import Collection

from landform.errors import ValidationError, Where
from landform.model import Stack
from landform.model.source import declaration_site


def argument_error(stack: Stack, name: str, message: str, hint: str) -> ValidationError:
    """A ValidationError about construct `name` of `stack`, at its declaration site."""
    return ValidationError(message, where=Where(declaration_site(), stack.name, name), hint=hint)


def check_choice(
    stack: Stack, name: str, argument: str, value: object, choices: Collection[str]
) -> None:
    """Raise unless `value` is one of `choices`."""
    if value not in choices:
        raise argument_error(
            stack,
            name,
            f"{argument}={value!r} is not one of the choices",
            hint=f"use {argument}= one of: " + ", ".join(repr(c) for c in choices),
        )
