"""Object-level permissions for training (django-rules predicates on the object)."""

import rules

from people.rules import (
    add_personal_perm,
    is_admin,
    is_duties,
    is_line_manager_of,
    is_self,
    is_trainer,
)


@rules.predicate
def is_approved_trainer_for(user, course) -> bool:
    return course is not None and course.approved_trainers.filter(pk=user.pk).exists()


@rules.predicate
def is_trainer_of(user, session) -> bool:
    return session is not None and session.trainers.filter(pk=user.pk).exists()


@rules.predicate
def owns_booking(user, booking) -> bool:
    return booking is not None and booking.person_id == user.pk


@rules.predicate
def manages_booking_person(user, booking) -> bool:
    return booking is not None and (
        booking.approver_id == user.pk or is_line_manager_of(user, booking.person)
    )


@rules.predicate
def trains_booking_session(user, booking) -> bool:
    return booking is not None and is_trainer_of(user, booking.session)


authenticated = rules.is_authenticated

# Courses and sessions
rules.add_perm(
    "training.schedule_course", authenticated & (is_admin | (is_trainer & is_approved_trainer_for))
)
rules.add_perm("training.manage_session", authenticated & (is_admin | is_trainer_of))
rules.add_perm("training.take_register", authenticated & (is_admin | is_trainer_of))
rules.add_perm("training.view_session_feedback", authenticated & (is_admin | is_trainer_of))
rules.add_perm(
    "training.view_course_feedback",
    authenticated & (is_admin | (is_trainer & is_approved_trainer_for)),
)
rules.add_perm("training.view_trainer_feedback", authenticated & (is_admin | is_self))
rules.add_perm("training.manage_programme", authenticated & is_admin)
# Bookings
rules.add_perm("training.book_for", authenticated & (is_self | is_admin))
rules.add_perm(
    "training.view_booking",
    authenticated & (owns_booking | manages_booking_person | trains_booking_session | is_admin),
)
rules.add_perm(
    "training.cancel_booking", authenticated & (owns_booking | manages_booking_person | is_admin)
)
# Approving or declining a booking that waits for approval: the one definition, which
# the booking service checks (the views only ask it to decide whether to offer the buttons).
rules.add_perm("training.decide_booking", authenticated & (manages_booking_person | is_admin))
add_personal_perm("training.give_feedback", authenticated & owns_booking)
# Whole-force views
rules.add_perm("training.view_abstractions", authenticated & (is_duties | is_admin))
rules.add_perm("training.view_matrix", authenticated & is_admin)
rules.add_perm("training.invite_overdue", authenticated & is_admin)
rules.add_perm("training.view_trainer_pages", authenticated & (is_trainer | is_admin))
