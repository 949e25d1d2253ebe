import re

import pytest

# An 18-digit ID number anywhere in a page or a file.
FULL_ID = re.compile(r"\d{17}[\dXx]")


@pytest.fixture
def visit(people):
    """A visit registered by the office clerk and submitted: at the office chief's review."""
    from tests.privacy.factories import new_visit

    return new_visit(people.clerk, submit=True)
