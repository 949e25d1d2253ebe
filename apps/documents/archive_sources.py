"""The electronic copies DA/T 22 archive items keep of our documents (discovered by the
archives app, see apps/archives/sources.py)."""

from apps.archives import sources

from .printing import archive_incoming, archive_outgoing, incoming_metadata, outgoing_metadata
from .processes import INCOMING, OUTGOING

sources.register(OUTGOING, lambda case: archive_outgoing(case, sources.PDF_VARIANT), metadata=outgoing_metadata)
sources.register(INCOMING, lambda case: archive_incoming(case, sources.PDF_VARIANT), metadata=incoming_metadata)
