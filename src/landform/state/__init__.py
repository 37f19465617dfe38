"""Where Landform records what it manages: a StateStore protocol and its stores."""

from landform.state.base import ResourceState, StateStore

__all__ = ["ResourceState", "StateStore"]
