import time
from unittest import mock

import pytest
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


# --- a real outage: the database stops answering ------------------------------------------------


@pytest.fixture
def database_down(transactional_db):
    """The default connection pointed at a port nothing listens on, for the test's duration."""
    from django.db import connection

    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent/directory/down.sqlite3"
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


@pytest.fixture
def signed_in(transactional_db):
    from django.test import Client

    from tests.conftest import make_user

    client = Client(raise_request_exception=False)
    client.force_login(make_user("outage.clerk"))
    return client


def test_with_a_session_cookie_healthz_answers_503_when_the_database_is_down(signed_in, database_down):
    started = time.monotonic()
    response = signed_in.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["ok"] is False
    assert time.monotonic() - started < 5


def test_pages_answer_a_chinese_503_page_without_a_traceback_when_the_database_is_down(signed_in, database_down):
    response = signed_in.get("/inbox/?tab=todo")
    assert response.status_code == 503
    html = response.content.decode()
    assert "系统暂时无法使用" in html and "数据库暂时无法连接" in html
    assert "Traceback" not in html and "OperationalError" not in html
    assert response["Retry-After"] == "60"
