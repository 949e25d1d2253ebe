import pytest

from tests.confidential.factories import classified_world, secret_clerk


@pytest.fixture
def secret(bureau):
    return secret_clerk(bureau)


@pytest.fixture
def cworld(people, bureau, secret):
    return classified_world(people, bureau, secret)
