"""The portal's own date input formats for zh-hans (settings.FORMAT_MODULE_PATH).

Django's zh_Hans locale module would otherwise win over settings.DATE_INPUT_FORMATS: it lists
%Y/%m/%d first (so date widgets without an explicit format show 2026/12/05) and its
"%Y年%n月%j日" never matches "2026年12月5日" (%j is the day of the year in strptime). Formats
not named here still come from Django's zh_Hans module.
"""

from django.conf import settings

DATE_INPUT_FORMATS = settings.DATE_INPUT_FORMATS

# Date and time as typed, and as the former datetime-local inputs sent them (…T09:30). The first
# is how a date-time field without its own format shows its value. Django adds the ISO formats.
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y.%m.%d %H:%M",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日%H:%M",
    "%Y年%m月%d日 %H时%M分",
    "%Y年%m月%d日%H时%M分",
]
