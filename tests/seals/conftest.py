import pytest

from tests.seals.factories import make_seals


@pytest.fixture
def seals(bureau, people):
    return make_seals(bureau)
