"""How the archive treats its own cases (discovered like every app's, see sources.py)."""

from . import sources

sources.exclude("archives.loan")  # a loan of archive items is not a document
