import pytest

from tests.documents.factories import make_office


@pytest.fixture
def office(bureau, people):
    return make_office(bureau, people)
