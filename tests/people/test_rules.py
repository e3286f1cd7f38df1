import pytest

from people.enums import Rank, Role
from people.selectors import outranks
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_view_person_rule_allows_self_and_line_manager_only():
    sergeant = UserFactory(rank=Rank.SERGEANT)
    officer = UserFactory(line_manager=sergeant)
    colleague = UserFactory()

    assert officer.has_perm("people.view_person", officer) is True
    assert sergeant.has_perm("people.view_person", officer) is True
    assert colleague.has_perm("people.view_person", officer) is False
    # The same rule evaluated against a different object gives a different answer.
    assert sergeant.has_perm("people.view_person", colleague) is False


def test_view_person_rule_allows_programme_admin():
    admin = UserFactory(roles=[Role.PROGRAMME_ADMIN])
    officer = UserFactory()

    assert admin.has_perm("people.view_person", officer) is True
    assert officer.has_perm("people.change_person", officer) is False
    assert admin.has_perm("people.change_person", officer) is True


def test_outranks_orders_warranted_ranks():
    pc, sergeant, staff = (
        UserFactory(rank=Rank.PC),
        UserFactory(rank=Rank.SERGEANT),
        UserFactory(rank=Rank.POLICE_STAFF),
    )
    assert outranks(sergeant, pc) is True
    assert outranks(pc, sergeant) is False
    assert outranks(pc, pc) is False
    assert outranks(staff, UserFactory(rank=Rank.PARTNER_STAFF)) is False
