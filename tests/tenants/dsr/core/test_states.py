"""The request state machine: only the controller moves a request past ``forwarded``."""

import pytest

from alusta.tenants.dsr.core.states import (
    CLOSED,
    CONTROLLER_STATES,
    TRANSITIONS,
    Actor,
    RequestState,
    TransitionRefusedError,
    check_transition,
)


def test_happy_path() -> None:
    check_transition(RequestState.RECEIVED, RequestState.FORWARDED, Actor.PLATFORM)
    check_transition(RequestState.FORWARDED, RequestState.ACKNOWLEDGED, Actor.CONTROLLER)
    check_transition(RequestState.ACKNOWLEDGED, RequestState.EXTENDED, Actor.CONTROLLER)
    check_transition(RequestState.EXTENDED, RequestState.ANSWERED, Actor.CONTROLLER)


@pytest.mark.parametrize("actor", [Actor.SUPPORT_DESK, Actor.PLATFORM, Actor.REQUESTER])
def test_nobody_but_the_controller_enters_a_controller_state(actor: Actor) -> None:
    for (source, target), actors in TRANSITIONS.items():
        if target in CONTROLLER_STATES and not (target is RequestState.ACKNOWLEDGED and actor is Actor.REQUESTER):
            assert actor not in actors, (source, target)
            with pytest.raises(TransitionRefusedError):
                check_transition(source, target, actor)


def test_closed_requests_stay_closed() -> None:
    for source, _ in TRANSITIONS:
        assert source not in CLOSED


def test_requester_can_withdraw_open_requests_only() -> None:
    check_transition(RequestState.FORWARDED, RequestState.WITHDRAWN, Actor.REQUESTER)
    with pytest.raises(TransitionRefusedError):
        check_transition(RequestState.ANSWERED, RequestState.WITHDRAWN, Actor.REQUESTER)
    with pytest.raises(TransitionRefusedError):
        check_transition(RequestState.FORWARDED, RequestState.WITHDRAWN, Actor.CONTROLLER)


def test_unknown_jumps_are_refused() -> None:
    with pytest.raises(TransitionRefusedError, match="cannot go"):
        check_transition(RequestState.RECEIVED, RequestState.ANSWERED, Actor.CONTROLLER)
