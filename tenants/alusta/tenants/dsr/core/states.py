"""The request state machine of design §4, and who may move a request along it.

received -> forwarded -> acknowledged -> (info_requested | extended) -> answered | rejected,
and withdrawn by the requester at any open state. Only controller staff move a request past
``forwarded`` (ground rule 2: the processor never acts on a data-subject request).
"""

from enum import StrEnum


class RequestState(StrEnum):
    RECEIVED = "received"
    FORWARDED = "forwarded"
    ACKNOWLEDGED = "acknowledged"
    INFO_REQUESTED = "info_requested"
    EXTENDED = "extended"
    ANSWERED = "answered"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Actor(StrEnum):
    """Who performs a transition; resolved from the caller's permissions, never from input."""

    PLATFORM = "platform"  # the intake itself, forwarding at once on receipt
    REQUESTER = "requester"
    CONTROLLER = "controller"
    SUPPORT_DESK = "support_desk"


class TransitionRefusedError(ValueError):
    """The transition does not exist or this actor may not make it."""


S = RequestState
CLOSED = frozenset({S.ANSWERED, S.REJECTED, S.WITHDRAWN})
CONTROLLER_STATES = frozenset({S.ACKNOWLEDGED, S.INFO_REQUESTED, S.EXTENDED, S.ANSWERED, S.REJECTED})

# (from, to) -> actors allowed. Anything not listed is refused.
TRANSITIONS: dict[tuple[RequestState, RequestState], frozenset[Actor]] = {
    (S.RECEIVED, S.FORWARDED): frozenset({Actor.PLATFORM, Actor.SUPPORT_DESK}),
    (S.FORWARDED, S.ACKNOWLEDGED): frozenset({Actor.CONTROLLER}),
    (S.ACKNOWLEDGED, S.INFO_REQUESTED): frozenset({Actor.CONTROLLER}),
    (S.ACKNOWLEDGED, S.EXTENDED): frozenset({Actor.CONTROLLER}),
    (S.INFO_REQUESTED, S.ACKNOWLEDGED): frozenset({Actor.CONTROLLER, Actor.REQUESTER}),  # info supplied
    (S.INFO_REQUESTED, S.EXTENDED): frozenset({Actor.CONTROLLER}),
    (S.EXTENDED, S.INFO_REQUESTED): frozenset({Actor.CONTROLLER}),
    **{(state, S.ANSWERED): frozenset({Actor.CONTROLLER}) for state in (S.ACKNOWLEDGED, S.INFO_REQUESTED, S.EXTENDED)},
    **{(state, S.REJECTED): frozenset({Actor.CONTROLLER}) for state in (S.ACKNOWLEDGED, S.INFO_REQUESTED, S.EXTENDED)},
    **{(state, S.WITHDRAWN): frozenset({Actor.REQUESTER}) for state in set(S) - CLOSED},
}


def check_transition(current: RequestState, target: RequestState, actor: Actor) -> None:
    allowed = TRANSITIONS.get((current, target))
    if allowed is None:
        raise TransitionRefusedError(f"a request cannot go from {current} to {target}")
    if actor not in allowed:
        raise TransitionRefusedError(f"{actor} may not move a request from {current} to {target}")


def is_open(state: RequestState) -> bool:
    return state not in CLOSED
