from types import SimpleNamespace

import pytest

from apps.accounts.models import Rank
from tests.conftest import make_user
from tests.hr.conftest import staff, today  # noqa: F401 (fixtures)


@pytest.fixture
def desk(staff, bureau):
    """The office (editor: the clerk; chief; its division leader) and two judicial offices."""
    wenshao, xuegong = bureau["jo_wenshao"], bureau["jo_xuegong"]
    return SimpleNamespace(
        editor=staff.clerk,
        chief=staff.chief,
        leader=staff.leader,
        writer=make_user("jo.writer", wenshao, Rank.STAFF, full_name="闻韶所司法助理员"),
        jo_chief=make_user("jo.chief", wenshao, Rank.CHIEF, full_name="闻韶司法所所长"),
        other_jo=make_user("jo.other", xuegong, Rank.STAFF, full_name="雪宫所司法助理员"),
        officer=staff.officer,
        staff=staff,
    )
