"""Graph, plan, apply, destroy and drift: the engine never prints, it emits events."""
