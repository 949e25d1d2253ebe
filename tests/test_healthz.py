from unittest import mock

from django.db.utils import OperationalError
from django.utils import timezone

from apps.workflow.sweep import run_sweep


def test_healthz_reports_database_broker_and_last_sweep(client, db):
    run_sweep()
    body = client.get("/healthz").json()
    assert body["database"]["ok"] is True
    assert "broker" in body
    assert body["last_deadline_sweep"][:10] == timezone.now().isoformat()[:10]


def test_healthz_answers_503_when_the_database_is_unreachable(client, db):
    with mock.patch("apps.workflow.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["ok"] is False


def test_healthz_needs_no_login(client, db):
    assert client.get("/healthz").status_code == 200
