"""`manage.py check` fails when the Content-Security-Policy is missing or lets inline script in.

`check --deploy` does not look at a CSP at all (SECURITY.md, "Findings"); these run on every
check, not only with --deploy, so a developer sees them at once.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

MIDDLEWARE_PATH = "apps.websecurity.middleware.SecurityHeadersMiddleware"
UNSAFE_SCRIPT_SOURCES = {
    "'unsafe-inline'",
    "'unsafe-eval'",
    "'unsafe-hashes'",
    "'wasm-unsafe-eval'",
    "*",
    "data:",
    "http:",
    "https:",
}
REQUIRED = {"object-src": "'none'", "base-uri": None, "frame-ancestors": None, "form-action": None}


# How browsers fall back when a script directive is absent (CSP Level 3).
SCRIPT_FALLBACK = {
    "script-src": ("script-src", "default-src"),
    "script-src-elem": ("script-src-elem", "script-src", "default-src"),
    "script-src-attr": ("script-src-attr", "script-src", "default-src"),
}


def effective_sources(directives, name):
    for candidate in SCRIPT_FALLBACK[name]:
        if candidate in directives:
            return list(directives[candidate])
    return []


@register(Tags.security)
def check_content_security_policy(app_configs, **kwargs):
    errors = []
    if MIDDLEWARE_PATH not in settings.MIDDLEWARE:
        errors.append(
            Error(
                "未启用内容安全策略（Content-Security-Policy）中间件。",
                hint=f"在 MIDDLEWARE 中加入 {MIDDLEWARE_PATH}（bureau/settings.py）。",
                id="websecurity.E001",
            )
        )
    directives = getattr(settings, "CSP_DIRECTIVES", None) or {}
    if not directives:
        errors.append(Error("CSP_DIRECTIVES 为空：没有内容安全策略。", id="websecurity.E002"))
        return errors
    if not effective_sources(directives, "script-src"):
        errors.append(Error("内容安全策略未限制脚本来源（缺少 script-src 和 default-src）。", id="websecurity.E003"))
    for name in SCRIPT_FALLBACK:
        unsafe = sorted(set(effective_sources(directives, name)) & UNSAFE_SCRIPT_SOURCES)
        if unsafe:
            errors.append(
                Error(
                    f"内容安全策略的 {name} 允许了 {' '.join(unsafe)}。",
                    hint="不得允许内联脚本或 eval：把脚本移到 static/js/*.js，用 addEventListener 代替 onclick 等内联事件。",
                    id="websecurity.E004",
                )
            )
    for name, value in REQUIRED.items():
        sources = directives.get(name)
        if not sources or (value and list(sources) != [value]):
            errors.append(
                Error(
                    f"内容安全策略缺少 {name}" + (f" {value}" if value else "") + "。",
                    hint="默认值见 bureau/settings.py 的 CSP_DIRECTIVES。",
                    id="websecurity.E005",
                )
            )
    if "*" in directives.get("frame-ancestors", []):
        errors.append(Error("内容安全策略的 frame-ancestors 允许任意网站嵌入本平台。", id="websecurity.E006"))
    if getattr(settings, "X_FRAME_OPTIONS", "DENY") != "DENY" or (
        "django.middleware.clickjacking.XFrameOptionsMiddleware" not in settings.MIDDLEWARE
    ):
        errors.append(
            Error(
                'X-Frame-Options 须为 DENY（XFrameOptionsMiddleware 并设置 X_FRAME_OPTIONS = "DENY"）。',
                id="websecurity.E007",
            )
        )
    if getattr(settings, "SECURE_REFERRER_POLICY", None) not in ("same-origin", "no-referrer", "strict-origin"):
        errors.append(
            Error(
                "Referrer-Policy 须为 same-origin（或更严格），以免把内部地址中的编号带给外部网站。",
                id="websecurity.E008",
            )
        )
    return errors
