"""Dependency order between resources, with a clear error for a cycle."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from landform.errors import ValidationError


def topological_order(
    edges: Mapping[str, Sequence[str]], label: Callable[[str], str] = str
) -> list[str]:
    """Nodes ordered so each comes after what it depends on; edges: node -> its deps.

    Dependencies that are not nodes themselves are ignored (they already exist).
    """
    order: list[str] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in edges:
        if state.get(start) == 2:
            continue
        path: list[str] = [start]
        stack = [iter(edges[start])]
        state[start] = 1
        while stack:
            node = path[-1]
            for dep in stack[-1]:
                if dep not in edges:
                    continue
                if state.get(dep) == 1:
                    cycle = [*path[path.index(dep) :], dep]
                    raise ValidationError(
                        "reference cycle: " + " -> ".join(label(node) for node in cycle),
                        hint="break the cycle, e.g. with a separate SecurityGroupIngress "
                        "resource instead of an inline rule",
                    )
                if state.get(dep) is None:
                    state[dep] = 1
                    path.append(dep)
                    stack.append(iter(edges[dep]))
                    break
            else:
                stack.pop()
                path.pop()
                state[node] = 2
                order.append(node)
    return order
