"""PersonalValue: a personal-data value read from the database, masked wherever it becomes text.

Templates (`{{ visitor.id_number }}`), str(), f-strings, %-formatting, logging, the admin and
the Excel writer all get the masked form (3701**********1234). The full value is reached only
through `.plain`, which code uses on purpose: the reveal view for a handler, the unmasked
export, a form that edits the record. It is deliberately not a str: joining it, adding it to a
string or serialising it to JSON raises TypeError instead of quietly writing the full value.
"""

from django.utils.html import escape

from .kinds import get_kind


class PersonalValue:
    __slots__ = ("_plain", "kind")

    def __init__(self, plain, kind):
        get_kind(kind)
        self._plain = plain.plain if isinstance(plain, PersonalValue) else str(plain)
        self.kind = kind

    @property
    def plain(self):
        """The full value. Use it only where the requester is entitled to it."""
        return self._plain

    @property
    def masked(self):
        return get_kind(self.kind).mask(self._plain)

    def __str__(self):
        return self.masked

    def __format__(self, spec):
        return format(self.masked, spec)

    def __html__(self):
        return escape(self.masked)

    def __repr__(self):
        return f"PersonalValue({self.masked!r}, kind={self.kind!r})"

    def __bool__(self):
        return bool(self._plain)

    def __eq__(self, other):
        if isinstance(other, PersonalValue):
            return self._plain == other._plain
        if isinstance(other, str):
            return self._plain == other
        return NotImplemented

    def __hash__(self):
        return hash(self._plain)

    def __reduce__(self):
        return (PersonalValue, (self._plain, self.kind))


def plain_text(value):
    """The full text of a PersonalValue or of a plain string (for validators and the database)."""
    if isinstance(value, PersonalValue):
        return value.plain
    return "" if value is None else str(value)
