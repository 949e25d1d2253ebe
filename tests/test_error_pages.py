"""The portal's error pages (issue 13 item 3; bureau/errors.py): Chinese, inside the portal's
frame, no Django English; a 403 says why and whom to ask; a 404 reads the same for a missing and
an invisible record; a 500 shows a reference that its log line carries too. DEBUG is off in the
test run (tests/environment.py), so these are the pages staff get."""

import logging
import re
from html import unescape

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import path

from apps.accounts.lockout import locked_message
from bureau import errors
from bureau import urls as portal_urls
from bureau.request_log import RequestIdFilter
from tests.conftest import PASSWORD
from tests.matters.factories import new_request


def crash(request):
    raise RuntimeError("boom: a bug in a view")


# This module is also the URLconf of the 500 tests: the portal's URLs plus a view that fails.
urlpatterns = [path("test-crash/", crash), *portal_urls.urlpatterns]
handler400 = portal_urls.handler400
handler403 = portal_urls.handler403
handler404 = portal_urls.handler404
handler500 = portal_urls.handler500

# What Django's own pages say (its English templates and the stock CSRF page).
DJANGO_WORDING = (
    "Not Found",
    "Bad Request",
    "Forbidden",
    "Server Error",
    "The requested resource",
    "CSRF verification failed",
    "Request aborted",
    "was not found on this server",
)
# Latin words a Chinese page uses as they are.
LOANWORDS = {"Cookie"}
REFERENCE = re.compile(r"参考编号：<code>([0-9a-f]{32})</code>")


def visible_text(html):
    html = re.sub(r"<(script|style|head)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def assert_chinese_page(response, *, status, title, framed=True, navigation=True):
    assert response.status_code == status
    html = response.content.decode()
    text = visible_text(html)
    assert title in text
    for words in DJANGO_WORDING:
        assert words not in html, words
    # no English word on the page at all (the 500 page's reference is hexadecimal: left out)
    # the 500 page's reference is 32 hex digits: letters a-f, not English words
    assert not [w for w in re.findall(r"[A-Za-z]{3,}", re.sub(r"\b[0-9a-f]{32}\b", "", text)) if w not in LOANWORDS], (
        text
    )
    if framed:
        assert 'class="topbar"' in html and "区司法局办公平台" in html
        assert re.search(r"css/portal[.\w]*\.css", html)
    assert ('class="sidenav"' in html) is navigation
    if navigation:
        assert "职责手册" in text and "退出" in text
    assert response["Content-Security-Policy"].startswith("default-src 'self'")
    return html


def without_tokens(html):
    """The page minus what differs on every render (the masked CSRF token of the logout form)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.fixture
def clerk_client(client, people):
    client.force_login(people.clerk)
    return client


# --- 404 -----------------------------------------------------------------------------------------


def test_a_missing_page_is_chinese_inside_the_frame(clerk_client):
    html = assert_chinese_page(clerk_client.get("/no-such-page/"), status=404, title="页面不存在或无权查看")
    text = visible_text(html)
    assert "公文办理" in text and "待办" in text  # the staff member's own navigation
    assert "/no-such-page/" not in text


def test_404_is_the_same_for_a_missing_and_an_invisible_record(clerk_client, people):
    """The clerk may not see a case of the lawyers' section: the answer must not tell that it
    exists (apps/workflow/api.access_case answers 404 for both)."""
    hidden = new_request(people.outsider, title="律师科内部请示", submit=True)
    missing_pk = hidden.pk + 1000
    invisible = clerk_client.get(f"/cases/{hidden.pk}/")
    missing = clerk_client.get(f"/cases/{missing_pk}/")
    assert invisible.status_code == missing.status_code == 404
    assert_chinese_page(invisible, status=404, title="页面不存在或无权查看")
    assert without_tokens(invisible.content.decode()) == without_tokens(missing.content.decode())
    assert "律师科内部请示" not in invisible.content.decode()


def test_a_missing_page_for_an_anonymous_visitor_has_the_frame_without_navigation(client, db):
    # unknown addresses are not sent to the login page (apps/accounts/middleware.py)
    assert_chinese_page(client.get("/no-such-page/"), status=404, title="页面不存在", navigation=False)


def test_the_navigation_stays_hidden_until_the_second_step_is_passed(client, people):
    """An administrator who typed the password but not the code yet gets no navigation on an
    error page either (as on the two-factor page itself)."""
    from tests.conftest import force_login_password_only

    force_login_password_only(client, people.secadmin)
    assert_chinese_page(client.get("/no-such-page/"), status=404, title="页面不存在", navigation=False)


# --- 403 -----------------------------------------------------------------------------------------


def test_403_says_which_role_is_needed_and_who_grants_it(clerk_client):
    html = assert_chinese_page(clerk_client.get("/audit/"), status=403, title="无权访问")
    text = visible_text(html)
    assert "审计日志只有审计管理员可以查看。" in text  # the view's own reason
    assert "本科室负责人" in text and "安全管理员" in text and "限定知悉范围" in text
    assert "办公室科员" in text  # who is signed in, so a colleague helping can see it


def test_403_of_a_business_page_for_an_administrator_names_the_reason(client, people):
    client.force_login(people.sysadmin)
    html = assert_chinese_page(client.get("/matters/new/"), status=403, title="无权访问")
    assert "只有业务人员可以发起事项审批" in html and "管理员账号不办理业务" in html


def test_403_of_a_request_that_is_not_ones_own(client, people):
    """The chief sees the clerk's submitted request (to approve it) but may not edit it."""
    case = new_request(people.clerk, title="科员的请示", submit=True)
    client.force_login(people.chief)
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    html = assert_chinese_page(client.get(f"/matters/{case.pk}/edit/"), status=403, title="无权访问")
    assert "只有发起人本人可以修改这份申请。" in html


def _request_as(user):
    request = RequestFactory().get("/somewhere/")
    request.user = user
    request.session = {}
    return request


def test_a_refusal_without_a_reason_gets_the_general_explanation(people):
    response = errors.permission_denied(_request_as(people.clerk), PermissionDenied())
    text = visible_text(response.content.decode())
    assert response.status_code == 403
    assert "您的账号没有打开此页面或办理此项操作的权限" in text
    assert "本科室负责人" in text and "安全管理员" in text


def test_an_english_refusal_message_is_not_shown(people):
    response = errors.permission_denied(_request_as(people.clerk), PermissionDenied("You do not have permission"))
    html = response.content.decode()
    assert "You do not have permission" not in html and "您的账号没有打开此页面" in html


# --- 400 -----------------------------------------------------------------------------------------


def test_a_bad_request_is_chinese_inside_the_frame(clerk_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 2  # more query fields than this: SuspiciousOperation
    html = assert_chinese_page(clerk_client.get("/inbox/?a=1&b=2&c=3&d=4"), status=400, title="请求无法处理")
    assert "TooManyFields" not in html


def test_a_bad_host_gets_the_chinese_400_page(client, db):
    # DisallowedHost is raised before the login is looked at: no navigation then
    response = client.get("/inbox/", HTTP_HOST="evil.example")
    assert_chinese_page(response, status=400, title="请求无法处理", navigation=False)


# --- CSRF and the lockout ------------------------------------------------------------------------


def test_a_csrf_failure_is_chinese_inside_the_frame(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.clerk)
    response = client.post("/accounts/logout/")  # no token
    html = assert_chinese_page(response, status=403, title="页面已失效")
    assert "刷新" in visible_text(html)
    assert client.get("/inbox/").status_code == 200  # still logged in: nothing was done


def test_a_csrf_failure_on_the_login_page(db):
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "clerk", "password": PASSWORD})
    assert_chinese_page(response, status=403, title="页面已失效", navigation=False)


def test_the_lockout_page_is_chinese_inside_the_frame(people):
    """A lock is shown on the portal's login page (apps/accounts/forms.py: the form's error),
    the admin has no login page of its own (tests/accounts/test_lockout.py)."""
    client = Client(REMOTE_ADDR="10.20.1.15")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        response = client.post("/accounts/login/", {"username": "clerk", "password": "wrong"})
    html = assert_chinese_page(response, status=200, title="区司法局办公平台", navigation=False)
    assert locked_message() in html and "安全管理员" in locked_message()


# --- 500 -----------------------------------------------------------------------------------------


@pytest.mark.urls("tests.test_error_pages")
def test_500_shows_a_reference_that_the_log_line_carries(people, caplog):
    client = Client(raise_request_exception=False)
    client.force_login(people.clerk)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/test-crash/")
    html = assert_chinese_page(response, status=500, title="系统出错", navigation=False)
    assert "boom" not in html and "RuntimeError" not in html and "Traceback" not in html
    reference = REFERENCE.search(html).group(1)

    [record] = [r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR]
    assert record.exc_info and record.exc_info[0] is RuntimeError
    # the log line as the console handler writes it (settings.LOGGING: its filter and format)
    RequestIdFilter().filter(record)
    line = logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"]).format(record)
    assert f"[{reference}]" in line and "boom: a bug in a view" in line


def test_the_logging_config_puts_the_request_id_on_the_console_handler():
    console = settings.LOGGING["handlers"]["console"]
    assert "request_id" in console["filters"]
    assert "%(request_id)s" in settings.LOGGING["formatters"][console["formatter"]]["format"]
    # a record outside any request still formats
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "平常的日志", None, None)
    RequestIdFilter().filter(record)
    assert record.request_id == "-"


def test_the_500_page_needs_no_database(django_assert_num_queries, db):
    request = RequestFactory().get("/anything/")
    request.request_id = "0123456789abcdef0123456789abcdef"
    with django_assert_num_queries(0):
        response = errors.server_error(request)
    assert response.status_code == 500
    assert "参考编号：<code>0123456789abcdef0123456789abcdef</code>" in response.content.decode()


def test_an_error_before_the_audit_middleware_still_gets_a_reference():
    request = RequestFactory().get("/anything/")
    request.user = AnonymousUser()
    response = errors.server_error(request)
    reference = REFERENCE.search(response.content.decode()).group(1)
    assert request.request_id == reference  # where the log line of the error finds it


def test_the_500_page_falls_back_to_plain_chinese_if_its_template_fails(monkeypatch):
    def broken(name):
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr(errors.loader, "get_template", broken)
    request = RequestFactory().get("/anything/")
    request.request_id = "feedfacefeedfacefeedfacefeedface"
    response = errors.server_error(request)
    assert response.status_code == 500
    assert "系统出错" in response.content.decode() and "feedfacefeedfacefeedfacefeedface" in response.content.decode()


# --- favicon -------------------------------------------------------------------------------------


def test_every_page_links_the_favicon_and_the_files_exist(client, people):
    for response in (client.get("/accounts/login/"), client.get("/no-such-page/")):
        html = response.content.decode()
        assert re.search(r'<link rel="icon" href="/static/favicon[.\w]*\.svg" type="image/svg\+xml">', html)
        assert re.search(r'<link rel="icon" href="/static/favicon[.\w]*\.ico" sizes="any">', html)
    svg = finders.find("favicon.svg")
    ico = finders.find("favicon.ico")
    assert svg and ico
    with open(svg, encoding="utf-8") as f:
        text = f.read()
    assert text.startswith("<svg") and "<text" not in text  # the glyph as a path: no font needed
    with open(ico, "rb") as f:
        assert f.read(4) == b"\x00\x00\x01\x00"  # an ICO header
