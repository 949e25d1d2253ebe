"""This app's lines of the URL walk on their own (the full walk in tests/workflow/test_permissions.py
also runs them): every URL name of the app is listed, and each persona gets the decided answer."""

from tests.legal_services.walk import urls
from tests.workflow.test_permissions import (  # noqa: F401 (fixture)
    WALK_PERSONAS,
    client_for,
    everyone,
    expect,
    outcome,
    persona,
    world,
)


def test_walk_lines_cover_the_app_and_answer_as_decided(world):
    table = urls(world, expect, everyone)
    from apps.legal_services.urls import urlpatterns

    names = {f"legal_services:{p.name}" for p in urlpatterns}
    assert names == set(table), names ^ set(table)
    wrong = []
    for name in WALK_PERSONAS:
        client = client_for(None if name == "anon" else persona(world, name))
        for key, probes in table.items():
            for url, expected in probes:
                got = outcome(client.get(url))
                if got != expected[name]:
                    wrong.append(f"{name:9} GET {url} [{key}]: got {got}, expected {expected[name]}")
    assert not wrong, "\n".join(wrong)
