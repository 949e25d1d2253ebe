"""This app's lines of the URL walk, checked on their own (the shared walk in
tests/workflow/test_permissions.py builds every app's lines first, so one app's broken line
hides the others')."""

import pytest

from tests.secrecy import walk
from tests.workflow.test_permissions import (  # noqa: F401 (world is a fixture)
    WALK_PERSONAS,
    client_for,
    everyone,
    expect,
    outcome,
    persona,
    world,
)

pytestmark = pytest.mark.django_db


def test_every_secrecy_url_answers_each_persona_as_decided(world):
    wrong = []
    for name, probes in walk.urls(world, expect, everyone).items():
        for who in WALK_PERSONAS:
            client = client_for(None if who == "anon" else persona(world, who))
            for url, expected in probes:
                got = outcome(client.get(url))
                if got != expected[who]:
                    wrong.append(f"{who:9} GET {url} [{name}]: got {got}, expected {expected[who]}")
    assert not wrong, "\n".join(wrong)
