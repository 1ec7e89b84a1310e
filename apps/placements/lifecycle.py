"""The one hook through which other apps take part in a placement's life.

Placements must not import the apps built on top of them (the conversation cycle, for one), yet
a placement is incomplete without what those apps keep for it: its conversations and forms. So
every service here that creates a placement or changes when it takes place calls
`placement_changed`, inside its transaction and after the periods are set, and an app that
needs to follow registers a callback once, in its `AppConfig.ready()`.

A plain registry rather than a Django signal: the call sites name it explicitly, the contract
is keyword-only and typed, callbacks run in registration order, and an error in one rolls the
whole write back instead of being swallowed or forgotten.

A write of many placements at once (the import) calls `placements_created` instead: an app
that registered a `many` callback handles the whole batch in a fixed number of queries, any
other callback is called once per placement as usual.
"""

from collections.abc import Callable
from typing import Protocol

from apps.accounts.models import User
from apps.placements.models import Placement


class PlacementCallback(Protocol):
    def __call__(self, *, by: User | None, placement: Placement, created: bool) -> None: ...


class PlacementsCreatedCallback(Protocol):
    def __call__(self, *, by: User | None, placements: list[Placement]) -> None: ...


_callbacks: list[Callable[..., None]] = []
_many: dict[Callable[..., None], Callable[..., None]] = {}


def register(
    callback: PlacementCallback, *, many: PlacementsCreatedCallback | None = None
) -> PlacementCallback:
    """Call `callback(by=, placement=, created=)` whenever a placement is created or its
    periods or dates change; `many(by=, placements=)`, when given, is called instead for a
    batch of new placements (it must do what `callback` does for each, created=True).
    Registering the same callback twice has no effect."""
    if callback not in _callbacks:
        _callbacks.append(callback)
    if many is not None:
        _many[callback] = many
    return callback


def registered() -> tuple[Callable[..., None], ...]:
    """The callbacks in the order they run (for checks and tests)."""
    return tuple(_callbacks)


def placement_changed(*, by: User | None, placement: Placement, created: bool) -> None:
    """Tell every registered app that `placement` was just created (`created=True`) or that
    its periods or dates changed (`created=False`). Call it inside the writing transaction,
    after the periods are saved, so a failing callback undoes the write."""
    for callback in _callbacks:
        callback(by=by, placement=placement, created=created)


def placements_created(*, by: User | None, placements: list[Placement]) -> None:
    """Tell every registered app that `placements` were just created, their periods saved
    (each placement's periods prefetched or not). Same contract as `placement_changed`."""
    if not placements:
        return
    for callback in _callbacks:
        many = _many.get(callback)
        if many is not None:
            many(by=by, placements=placements)
            continue
        for placement in placements:
            callback(by=by, placement=placement, created=True)
