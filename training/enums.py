from django.db import models


class CourseKind(models.TextChoices):
    MASTERCLASS = "masterclass", "Problem-solving masterclass"
    ROLE_INPUT = "role_input", "Role input"
    QUALIFICATION_DAY = "qualification_day", "Qualification classroom day"
    OTHER = "other", "Other"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"
    DELIVERED = "delivered", "Delivered"


class BookingStatus(models.TextChoices):
    PENDING_APPROVAL = "pending_approval", "Waiting for manager approval"
    CONFIRMED = "confirmed", "Confirmed"
    WAITLISTED = "waitlisted", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"
    DECLINED = "declined", "Declined by manager"
    ATTENDED = "attended", "Attended"
    NO_SHOW = "no_show", "Did not attend"


# A person holds a place, or a place in the queue, on the session.
ACTIVE_BOOKING_STATUSES = (
    BookingStatus.PENDING_APPROVAL,
    BookingStatus.CONFIRMED,
    BookingStatus.WAITLISTED,
)
# Statuses that hold one of the session's seats now.
SEAT_HOLDING_STATUSES = (BookingStatus.PENDING_APPROVAL, BookingStatus.CONFIRMED)
# Statuses that took one of the session's places: the seats taken. Before the session
# starts these are the seat holders; once the register is taken, who came and who did
# not still took a place, so a delivered session shows who was booked.
PLACE_TAKEN_STATUSES = (*SEAT_HOLDING_STATUSES, BookingStatus.ATTENDED, BookingStatus.NO_SHOW)
# Statuses that mean the person is away from duty on the session's day.
ABSTRACTED_STATUSES = (
    BookingStatus.PENDING_APPROVAL,
    BookingStatus.CONFIRMED,
    BookingStatus.ATTENDED,
)
# A person's one live booking per session (the DB constraint covers these).
LIVE_BOOKING_STATUSES = (*ACTIVE_BOOKING_STATUSES, BookingStatus.ATTENDED, BookingStatus.NO_SHOW)


class CalendarEvent(models.TextChoices):
    """Why a booking email is sent; decides the .ics METHOD."""

    CONFIRMED = "confirmed", "Booking confirmed"
    WAITLISTED = "waitlisted", "Added to the waiting list"
    PENDING = "pending", "Waiting for approval"
    PROMOTED = "promoted", "Promoted from the waiting list"
    APPROVED = "approved", "Approved by manager"
    DECLINED = "declined", "Declined by manager"
    CANCELLED = "cancelled", "Booking cancelled"
    SESSION_CHANGED = "session_changed", "Session changed"
    SESSION_CANCELLED = "session_cancelled", "Session cancelled"
    LOST_SEAT = "lost_seat", "Seat lost when the session moved"
    REMINDER = "reminder", "Reminder"


# Written as the cancellation reason of each booking a session's cancellation ends;
# the session-cancelled email goes to the people whose bookings carry it.
SESSION_CANCELLED_REASON = "Session cancelled"
