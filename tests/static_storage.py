"""The test run's stand-in for the production static-files storage.

Production uses WhiteNoise's CompressedManifestStaticFilesStorage: `{% static %}` links the hashed
name from the manifest that collectstatic wrote, and with DEBUG off a name missing from it raises
ValueError (the page answers 500). Running collectstatic, with gzip and Brotli copies of every
admin file, before each test run would cost seconds per pytest-xdist worker for nothing the page
tests look at, so the suite links the source names instead, but keeps the failure: a `{% static %}`
naming a file that no finder has raises the same ValueError. The real storage, collectstatic and
the hashed, cached files are proven under gunicorn in tests/websecurity/test_production_static.py.
"""

from functools import lru_cache

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import StaticFilesStorage


@lru_cache(maxsize=None)
def _exists(name):
    return finders.find(name) is not None


class SourceCheckedStaticFilesStorage(StaticFilesStorage):
    def url(self, name):
        clean = name.split("?", 1)[0].split("#", 1)[0]
        if not _exists(clean):
            raise ValueError(f"Missing staticfiles manifest entry for '{clean}'")
        return super().url(name)
