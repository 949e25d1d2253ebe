import pytest

from tests.finance.factories import finance_posts


@pytest.fixture
def posts(people, bureau):
    return finance_posts(people, bureau)
