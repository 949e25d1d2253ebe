import pytest

from tests.archives.factories import fonds


@pytest.fixture
def active_fonds(bureau):
    return fonds()
