import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from people.enums import Function, Rank
from people.models import District, Organisation
from training.enums import LIVE_BOOKING_STATUSES, BookingStatus, CourseKind, SessionStatus


class Venue(models.Model):
    name = models.CharField(max_length=150)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="venues")
    address = models.TextField()
    capacity = models.PositiveIntegerField()
    accessibility_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["district__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="venue_unique_in_district"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="venue_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.district}"


class Course(models.Model):
    kind = models.CharField(max_length=30, choices=CourseKind.choices)
    title = models.CharField(max_length=200, unique=True)
    summary = models.TextField()
    duration_minutes = models.PositiveIntegerField()
    # Audience: empty means "anyone"; partners only if their organisation is listed
    # or open_to_all_partners is set.
    audience_ranks = models.JSONField(
        default=list, blank=True, help_text="Ranks (values of people.Rank) who may book."
    )
    audience_functions = models.JSONField(
        default=list, blank=True, help_text="Functions (values of people.Function) who may book."
    )
    partner_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="courses_open_to"
    )
    open_to_all_partners = models.BooleanField(default=False)
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="required_for"
    )
    requires_manager_approval = models.BooleanField(default=False)
    duties_notice_days = models.PositiveIntegerField(
        default=28, help_text="Days of notice the duties department needs."
    )
    abstraction_cap_per_team = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Most people from one team who may be away on this training on one day.",
    )
    booking_cutoff_hours = models.PositiveIntegerField(
        default=48, help_text="Booking closes this many hours before a session starts."
    )
    approved_trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="courses_approved_to_deliver",
        help_text="People with the trainer role who may schedule and deliver this course. "
        "A course's requirement does not apply to its approved trainers.",
    )
    may_repeat = models.BooleanField(
        default=False,
        help_text="People may book it again after attending (a drop-in or refresher). "
        "Otherwise a person holds one booking on the course at a time, and once they have "
        "attended it they book again only when a renewal falls due.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="course_duration_positive"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def duration(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.duration_minutes)

    @property
    def audience_rank_labels(self) -> list[str]:
        return [Rank(r).label for r in self.audience_ranks]

    @property
    def audience_function_labels(self) -> list[str]:
        return [Function(f).label for f in self.audience_functions]


class CourseRequirement(models.Model):
    """'Required for these ranks/functions within N months of starting the role.'"""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="requirements")
    ranks = models.JSONField(default=list, blank=True, help_text="Empty: every rank.")
    functions = models.JSONField(default=list, blank=True, help_text="Empty: every function.")
    within_months = models.PositiveIntegerField(
        default=6, help_text="Months after starting the role by which it must be done."
    )
    renewal_months = models.PositiveIntegerField(
        null=True, blank=True, help_text="Repeat every this many months; empty means once."
    )

    class Meta:
        ordering = ["course__title", "pk"]

    def __str__(self) -> str:
        return f"{self.course} within {self.within_months} months"

    def applies_to(self, person) -> bool:
        return (not self.ranks or person.rank in self.ranks) and (
            not self.functions or person.function in self.functions
        )


class Session(models.Model):
    """A dated run of a course at a venue (times stored in UTC, shown in Europe/London)."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    capacity = models.PositiveIntegerField()
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="training_sessions_delivered"
    )
    subject_matter_experts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="training_sessions_as_expert"
    )
    booking_opens_at = models.DateTimeField(null=True, blank=True)
    booking_closes_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    cancellation_reason = models.TextField(blank=True)
    notes = models.TextField(blank=True, help_text="Shown to people who book.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Bumped whenever date, time or place changes; calendar updates carry it.
    sequence = models.PositiveIntegerField(default=0)
    experts_notified_at = models.DateTimeField(null=True, blank=True)
    register_completed_at = models.DateTimeField(null=True, blank=True)
    register_completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="session_capacity_positive"),
        ]
        permissions = [("schedule_any_session", "Can schedule sessions of any course")]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.course.title}, {local:%a %d %b %Y %H:%M}, {self.venue.name}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    def has_started(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.starts_at

    def has_ended(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.ends_at

    def can_still_change(self, now: datetime.datetime | None = None) -> bool:
        """The one answer to "can this session still be changed or cancelled?": it is
        scheduled (not cancelled or delivered) and has not started."""
        return self.status == SessionStatus.SCHEDULED and not self.has_started(now)

    def is_late_notice(self, booked_at: datetime.datetime) -> bool:
        """Booked inside the course's duties notice period (flagged to duties)."""
        return booked_at > self.starts_at - datetime.timedelta(days=self.course.duties_notice_days)

    def effective_booking_closes_at(self) -> datetime.datetime:
        return self.booking_closes_at or (
            self.starts_at - datetime.timedelta(hours=self.course.booking_cutoff_hours)
        )


class Booking(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="bookings")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_bookings"
    )
    status = models.CharField(max_length=20, choices=BookingStatus.choices)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The time the person joined the waiting list: first in line is promoted first.
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.CharField(max_length=300, blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_approvals",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=300, blank=True)
    # Booked inside the course's duties notice period: flagged to duties.
    is_late = models.BooleanField(default=False)
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    feedback_requested_at = models.DateTimeField(null=True, blank=True)
    # The iCalendar SEQUENCE last sent for this booking's UID.
    ics_sequence = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session__starts_at", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=Q(status__in=LIVE_BOOKING_STATUSES),
                name="one_live_booking_per_person_per_session",
            )
        ]
        indexes = [models.Index(fields=["session", "status"], name="booking_session_status")]

    def __str__(self) -> str:
        return f"{self.person} on {self.session} ({self.get_status_display()})"

    @property
    def ics_uid(self) -> str:
        return f"booking-{self.pk}@pop-portal"


class Feedback(models.Model):
    """An attendee's answers to the post-session survey (one per booking)."""

    STATEMENTS = {
        "rating_relevance": "The session was relevant to my role.",
        "rating_confidence": "I feel more confident to solve problems with partners.",
        "rating_trainer": "The trainer explained things clearly.",
        "rating_overall": "Overall, the session was a good use of my time.",
    }

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="feedback")
    rating_relevance = models.PositiveSmallIntegerField()
    rating_confidence = models.PositiveSmallIntegerField()
    rating_trainer = models.PositiveSmallIntegerField()
    rating_overall = models.PositiveSmallIntegerField()
    comments = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(rating_relevance__range=(1, 5))
                & Q(rating_confidence__range=(1, 5))
                & Q(rating_trainer__range=(1, 5))
                & Q(rating_overall__range=(1, 5)),
                name="feedback_ratings_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"Feedback on {self.booking}"


class Invitation(models.Model):
    """A coordinator's invitation to an overdue person to book a particular session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_invitation_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.person} invited to {self.session}"


class DutiesDigest(models.Model):
    """One daily email to the duties department; the next digest starts where this ended."""

    period_start = models.DateTimeField()
    period_end = models.DateTimeField(unique=True)
    new_count = models.PositiveIntegerField(default=0)
    cancelled_count = models.PositiveIntegerField(default=0)
    # Empty while the emails are being sent: the period is claimed, then sent, then
    # marked; a claim never marked (the sender failed) is given up and sent again.
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_end"]

    def __str__(self) -> str:
        return f"Duties digest to {self.period_end:%Y-%m-%d %H:%M}"
