"""PostgreSQL session settings come from the code, not from what a deployer writes in
DATABASE_URL (issue 19): jit=off and random_page_cost=1.1 on every connection."""

import pytest
from django.db import connection

from bureau.settings import database_from_url


def test_every_postgres_url_gets_jit_off_and_ssd_page_costs():
    options = database_from_url("postgres://u:p@db:5432/bureau")["OPTIONS"]
    assert options["options"] == "-c jit=off -c random_page_cost=1.1"
    assert options["connect_timeout"] == "3"


def test_other_session_options_in_the_url_are_kept():
    url = "postgres://u:p@db/bureau?options=-c%20statement_timeout%3D30000&sslmode=require"
    options = database_from_url(url)["OPTIONS"]
    assert options["options"] == "-c statement_timeout=30000 -c jit=off -c random_page_cost=1.1"
    assert options["sslmode"] == "require"


def test_a_url_that_chooses_a_setting_itself_is_obeyed():
    options = database_from_url("postgres://u@db/bureau?options=-c%20jit%3Don")["OPTIONS"]
    assert options["options"] == "-c jit=on -c random_page_cost=1.1"
    options = database_from_url("postgres://u@db/bureau?options=-c%20random_page_cost%3D4")["OPTIONS"]
    assert options["options"] == "-c random_page_cost=4 -c jit=off"


def test_sqlite_is_left_alone():
    assert "options" not in database_from_url("sqlite:////tmp/x.sqlite3")["OPTIONS"]


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_test_connection_runs_with_these_settings():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
