"""Rows of the numbering admin for the URL walk (tests/workflow/test_permissions.py)."""

from apps.numbering.models import NumberScheme, NumberSeries


def admin_numbering(label):
    if label == "numbering.numberseries":
        # a series of another scheme than the one below, which stays deletable (no numbers yet)
        return NumberSeries.objects.get_or_create(scheme=NumberScheme.objects.get(code="incoming"), year=2026)[0]
    scheme = NumberScheme.objects.get(code="outgoing-letter")
    scheme.save()  # a history row
    return scheme
