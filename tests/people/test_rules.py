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


def test_a_superuser_is_not_given_personal_permissions():
    """Being a superuser does not make someone the entrant, candidate or judge ("my entry",
    "my assignment"): people.rules.add_personal_perm."""
    from people.rules import PERSONAL_PERMISSIONS

    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert {
        "training.give_feedback",
        "portfolios.change_evidence",
        "portfolios.assess_evidence",
        "portfolios.sign_off_unit",
        "portfolios.review_decision",
        "awards.edit_entry",
        "awards.submit_entry",
        "awards.withdraw_entry",
        "awards.manage_entry_team",
        "awards.score_assignment",
        "awards.respond_to_invitation",
    } <= PERSONAL_PERMISSIONS
    someone = UserFactory()
    for name in PERSONAL_PERMISSIONS:
        assert superuser.has_perm(name) is False, name
    # Everything else still comes with the superuser flag.
    assert superuser.has_perm("people.change_person", someone) is True
    assert superuser.has_perm("people.view_user") is True


def test_an_inactive_person_holds_no_personal_permission_on_their_own_things():
    from tests.factories import SessionFactory
    from training.services.booking import book_seat

    person = UserFactory()
    booking = book_seat(session=SessionFactory(), person=person)
    assert person.has_perm("training.give_feedback", booking) is True
    person.is_active = False
    assert person.has_perm("training.give_feedback", booking) is False
