"""Demo training data: venues, courses, a year of sessions, bookings, registers, feedback.

Loaded by ``manage.py seed_demo`` after the people app's steps (the accounts and
the ~200 staff of ``people.demo``). Running it again changes nothing: venues and
courses are found by their natural keys (venue name in its district, course
title); sessions are scheduled, and booked, only the first time (when the
masterclass has no sessions yet), so a second run on a later day does not add a
second timetable.

The past is written straight to the models (the booking service rightly refuses
sessions that have started), in bulk. Upcoming bookings go through
``training.services.booking`` so every rule holds: audience, prerequisites,
capacity and waiting lists, team abstraction caps, manager approval, late notice.

Facts from the College of Policing's West Yorkshire NDM case study shape it:
2.5-hour district masterclasses every two months, mandatory for people new to
neighbourhood roles and open to partners such as housing and ASB officers; a
2-hour input for special constables; a 3-hour input in the sergeants' course.
"""

import datetime
import random
import zoneinfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from people.demo import DISTRICTS, STAFF_PREFIX
from people.enums import Function, Rank
from people.models import District, User
from training.enums import BookingStatus, CourseKind, SessionStatus
from training.models import Booking, Course, CourseRequirement, Feedback, Session, Venue
from training.services import TrainingError
from training.services.booking import approve_booking, book_seat, cancel_booking

LONDON = zoneinfo.ZoneInfo(settings.TIME_ZONE)
SEED = 2027

# --- venues ------------------------------------------------------------------------

# district: [(name, address, capacity, accessibility notes)]
VENUES: dict[str, list[tuple[str, str, int, str]]] = {
    "Harrowgate": [
        (
            "Harrowgate Police Station, training suite",
            "Station Parade, Harrowgate HG1 4QT",
            30,
            "Step-free entrance from the rear car park; lift to the first-floor suite; "
            "hearing loop in the main room; accessible toilet on each floor.",
        ),
        (
            "Harrowgate Civic Centre, committee room 3",
            "Crescent Gardens, Harrowgate HG1 2RW",
            40,
            "Level access from Crescent Gardens; two blue-badge bays at the front; "
            "portable hearing loop on request from reception.",
        ),
    ],
    "Calder Vale": [
        (
            "Calder Vale Community Hub",
            "Mill Lane, Calder Bridge CV7 3LP",
            24,
            "Ground-floor rooms throughout; accessible toilet and baby change; "
            "quiet room available for breaks.",
        ),
    ],
    "Kirkmoor": [
        (
            "Kirkmoor Divisional Headquarters, conference room",
            "Moorside Road, Kirkmoor KM3 8DD",
            36,
            "Lift to the second floor; hearing loop; large-print handouts on request. "
            "Visitors sign in at the front counter.",
        ),
    ],
    "Wensley Bridge": [
        (
            "Wensley Bridge Fire Station, community room",
            "Bridge Street, Wensley Bridge WB2 5EF",
            20,
            "Shared with Northshire Fire and Rescue Service. Step-free entrance on "
            "Bridge Street; accessible toilet next to the room; no hearing loop.",
        ),
    ],
}

# --- courses ------------------------------------------------------------------------

MASTERCLASS = "Problem-solving masterclass"
SURGERY = "Problem-solving surgery: bring a live problem"
SPECIALS = "Special constables: problem-solving input"
SERGEANTS = "Sergeants' course: supervising problem solving"
QUAL_DAY = "Neighbourhood qualification classroom day {}"
NEIGHBOURHOOD_RANKS = [Rank.PCSO, Rank.PC, Rank.SERGEANT]
FRONTLINE_FUNCTIONS = [
    Function.NEIGHBOURHOODS,
    Function.RESPONSE,
    Function.SAFEGUARDING,
    Function.INTELLIGENCE,
    Function.ASB,
    Function.CRIME,
]

COURSES: list[dict] = [
    {
        "title": MASTERCLASS,
        "kind": CourseKind.MASTERCLASS,
        "duration_minutes": 150,
        "summary": (
            "A two-and-a-half-hour district masterclass, run every two months in each "
            "district. It walks through the force's problem-solving process, built on the "
            "National Decision Model with SARA and the problem analysis triangle inside it, "
            "the principles of crime reduction and nudge theory, using local cases. Required "
            "within six months of joining a neighbourhood role; housing and anti-social "
            "behaviour officers from partner agencies are welcome."
        ),
        "audience_functions": [f.value for f in FRONTLINE_FUNCTIONS],
        "open_to_all_partners": True,
        "duties_notice_days": 28,
        "abstraction_cap_per_team": 2,
        "requirements": [
            {
                "ranks": [r.value for r in NEIGHBOURHOOD_RANKS],
                "functions": [Function.NEIGHBOURHOODS.value],
                "within_months": 6,
                "renewal_months": 24,
            }
        ],
    },
    {
        "title": SURGERY,
        "kind": CourseKind.OTHER,
        "duration_minutes": 90,
        "summary": (
            "A 90-minute drop-in with a problem-solving trainer and a partner agency: bring "
            "a problem from your beat or caseload and leave with the next steps of a plan. "
            "Small groups, so places go quickly; come as often as you like."
        ),
        "open_to_all_partners": True,
        "may_repeat": True,
        "duties_notice_days": 7,
        "booking_cutoff_hours": 24,
    },
    {
        "title": SPECIALS,
        "kind": CourseKind.ROLE_INPUT,
        "duration_minutes": 120,
        "summary": (
            "A two-hour evening input for new special constables: how problems are "
            "identified and worked with partners, how to record problem-solving activity, "
            "and where a special constable's hours make the most difference."
        ),
        "audience_ranks": [Rank.SPECIAL_CONSTABLE.value],
        "duties_notice_days": 14,
        "requirements": [
            {"ranks": [Rank.SPECIAL_CONSTABLE.value], "functions": [], "within_months": 6}
        ],
    },
    {
        "title": SERGEANTS,
        "kind": CourseKind.ROLE_INPUT,
        "duration_minutes": 180,
        "summary": (
            "The three-hour input in the operational sergeants' course on supervising "
            "problem solving: setting and reviewing problem-solving plans, dip-sampling, "
            "presenting to local accountability meetings and coaching the team."
        ),
        "audience_ranks": [Rank.SERGEANT.value],
        "duties_notice_days": 28,
        "requirements": [{"ranks": [Rank.SERGEANT.value], "functions": [], "within_months": 12}],
    },
    *[
        {
            "title": QUAL_DAY.format(day),
            "kind": CourseKind.QUALIFICATION_DAY,
            "duration_minutes": 390,
            "summary": summary,
            "audience_ranks": [r.value for r in NEIGHBOURHOOD_RANKS],
            "audience_functions": [Function.NEIGHBOURHOODS.value],
            "requires_manager_approval": True,
            "duties_notice_days": 42,
            "abstraction_cap_per_team": 2,
            "booking_cutoff_hours": 72,
            "prerequisite": QUAL_DAY.format(day - 1) if day > 1 else None,
        }
        for day, summary in [
            (
                1,
                "First classroom day of the neighbourhood qualification: the role of "
                "neighbourhood policing, engaging communities and understanding a "
                "neighbourhood profile. Needs your line manager's approval.",
            ),
            (
                2,
                "Second classroom day: analysing problems with partners, choosing responses "
                "and planning a work-based case study for the portfolio. Day 1 first.",
            ),
            (
                3,
                "Third classroom day: assessing what worked, evidencing the assessment "
                "criteria and preparing the portfolio for the assessor. Day 2 first.",
            ),
        ]
    ],
]

# --- feedback -----------------------------------------------------------------------

COMMENTS = {
    "high": [
        "The local examples made it click. I have already used the problem analysis "
        "triangle on the shop theft problem on my beat.",
        "Best input I have had since joining. Good to hear from the housing officer about "
        "what they can actually do with tenancy breaches.",
        "Clear, practical and not death by PowerPoint. The one-page form is so much "
        "better than the old SARA paperwork.",
        "Really useful to map problem solving onto the National Decision Model - it is how "
        "we think anyway.",
        "Loved the nudge theory section. Going to try the signage idea at the car park.",
        "Good pace and plenty of time for questions. Meeting the council ASB team in the "
        "room was worth the morning on its own.",
        "I now know how to record problem-solving activity properly so it can be found "
        "and reviewed. Thank you.",
        "Engaging trainer who clearly has done the job. Would recommend to the whole team.",
        "The fire service input on arson hot spots was eye-opening. More partners like "
        "that, please.",
        "Short enough to fit round a shift and I came away with a plan for the underpass problem.",
        "Finally understand what the inspector means by 'solve it once'. Great session.",
        "Working through a real repeat-caller case as a group was the highlight.",
        "Good mix of officers, PCSOs and council staff - we swapped numbers at the end.",
        "The ten principles of crime prevention are going on the briefing room wall.",
        "Very well organised, started on time and the venue was easy to get to.",
        "Practical tips for writing a problem profile that a partner will actually read.",
    ],
    "middle": [
        "Useful, but it ran over and I had to leave before the partner section.",
        "Good content. The room was too warm and the projector kept cutting out.",
        "Some of it repeated my initial training; the case studies were the valuable part.",
        "Would like more on evaluating whether a response worked, not only planning it.",
        "Helpful overall. A handout of the crime prevention principles to take away would help.",
        "Fine for new starters. Experienced officers could do a shorter version.",
        "Worth doing, but three of our team were pulled out halfway for a job.",
        "Good session; the parking at the venue was a nightmare.",
        "The group work was useful, the slides less so.",
        "I would have liked an example from a rural beat, not just town centres.",
        "OK. More time on how to get partners to commit to actions would help.",
    ],
    "low": [
        "Too much theory for a response officer - I struggled to see how I would use it on shift.",
        "The session started late and felt rushed at the end.",
        "Hard to hear at the back of the room and the examples were from another district.",
        "I was booked on it twice by mistake and it felt like the same material as "
        "initial training.",
        "Not enough about how this fits with the crime recording system we actually use.",
    ],
}
# Statement offsets so the statements differ a little, as real surveys do.
RATING_BIAS = {
    "rating_relevance": 0.1,
    "rating_confidence": -0.25,
    "rating_trainer": 0.3,
    "rating_overall": 0.0,
}
CANCEL_REASONS = [
    "Rest day cancelled for an operation.",
    "Court warning for that morning.",
    "Off sick.",
    "Annual leave booked before the date was set.",
]

# --- the timetable --------------------------------------------------------------------

# Masterclass k (k = -5 .. 3) in district d is held about k*61 + d*7 - 3 days from today:
# every two months in each district, from about ten months ago to six months ahead.
MASTERCLASS_ROUNDS = range(-5, 4)
# Capacity of the Calder Vale masterclass that opens the upcoming round: small, so it
# is full with a waiting list.
FULL_SESSION_CAPACITY = 12
# The next surgery in Harrowgate is full too: `officer` waits for a place.
SURGERY_CAPACITY = 6

# (course title, district, days from today, start "HH:MM", extra)
OTHER_SESSIONS: list[tuple[str, str, int, str, dict]] = [
    (SURGERY, "Harrowgate", -30, "14:00", {"capacity": 8}),
    (SURGERY, "Harrowgate", 9, "14:00", {"capacity": SURGERY_CAPACITY}),
    (SURGERY, "Calder Vale", 23, "14:00", {"capacity": 8}),
    (SPECIALS, "Kirkmoor", -200, "18:30", {}),
    (SPECIALS, "Calder Vale", -80, "18:30", {}),
    (SPECIALS, "Kirkmoor", 25, "18:30", {}),
    (SPECIALS, "Harrowgate", 90, "18:30", {}),
    (SERGEANTS, "Harrowgate", -150, "13:00", {}),
    (SERGEANTS, "Kirkmoor", -40, "13:00", {}),
    (SERGEANTS, "Harrowgate", 40, "13:00", {}),
    (
        SERGEANTS,
        "Wensley Bridge",
        130,
        "13:00",
        {
            "status": SessionStatus.CANCELLED,
            "cancellation_reason": "The trainer is needed for a force-wide exercise; the "
            "input runs again next quarter.",
        },
    ),
    (QUAL_DAY.format(1), "Calder Vale", -120, "09:00", {}),
    (QUAL_DAY.format(2), "Calder Vale", -90, "09:00", {}),
    (QUAL_DAY.format(3), "Calder Vale", -60, "09:00", {}),
    (QUAL_DAY.format(1), "Harrowgate", -20, "09:00", {}),
    (QUAL_DAY.format(2), "Harrowgate", 30, "09:00", {}),
    (QUAL_DAY.format(1), "Kirkmoor", 45, "09:00", {}),
    (QUAL_DAY.format(3), "Calder Vale", 75, "09:00", {}),
]
QUAL_DAY_CAPACITY = 16


def _venue_for(venues: dict[str, list[Venue]], district: str, course_title: str) -> Venue:
    """Masterclasses in the district's first venue; the second Harrowgate room for the rest."""
    options = venues[district]
    return options[-1] if course_title != MASTERCLASS else options[0]


# Days nobody runs training: Christmas Day, Boxing Day, New Year's Day.
CLOSED_DAYS = {(12, 25), (12, 26), (1, 1)}


class _Calendar:
    """Hands out distinct working days, so no venue or trainer is ever double-booked."""

    def __init__(self, today: datetime.date):
        self.today = today
        self.used: set[datetime.date] = set()

    def day(self, offset: int) -> datetime.date:
        day = self.today + datetime.timedelta(days=offset)
        while day.weekday() >= 5 or (day.month, day.day) in CLOSED_DAYS or day in self.used:
            # Moves away from today, never towards it, so the past stays past.
            day += datetime.timedelta(days=1 if offset >= 0 else -1)
        self.used.add(day)
        return day


def _at(day: datetime.date, hhmm: str) -> datetime.datetime:
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return datetime.datetime.combine(day, datetime.time(hours, minutes), tzinfo=LONDON)


# --- the seeding steps ---------------------------------------------------------------


def seed_venues() -> dict[str, list[Venue]]:
    venues: dict[str, list[Venue]] = {}
    for district_name, rows in VENUES.items():
        district = District.objects.get(name=district_name)
        for name, address, capacity, notes in rows:
            venue, _ = Venue.objects.get_or_create(
                district=district,
                name=name,
                defaults={"address": address, "capacity": capacity, "accessibility_notes": notes},
            )
            venues.setdefault(district_name, []).append(venue)
    return venues


def seed_courses(trainer: User) -> dict[str, Course]:
    courses: dict[str, Course] = {}
    for spec in COURSES:
        defaults = {
            key: spec[key]
            for key in (
                "kind",
                "summary",
                "duration_minutes",
                "audience_ranks",
                "audience_functions",
                "open_to_all_partners",
                "requires_manager_approval",
                "duties_notice_days",
                "abstraction_cap_per_team",
                "booking_cutoff_hours",
                "may_repeat",
            )
            if key in spec
        }
        course, created = Course.objects.get_or_create(title=spec["title"], defaults=defaults)
        if created:
            for requirement in spec.get("requirements", []):
                CourseRequirement.objects.create(course=course, **requirement)
            if spec.get("prerequisite"):
                course.prerequisites.add(courses[spec["prerequisite"]])
        course.approved_trainers.add(trainer)
        courses[course.title] = course
    return courses


class _Past:
    """Builds past bookings and feedback in memory, then writes them in bulk."""

    def __init__(self, rng: random.Random, trainer: User, now: datetime.datetime):
        self.rng, self.trainer, self.now = rng, trainer, now
        self.bookings: list[Booking] = []
        self.ratings: list[tuple[Booking, dict[str, int], str]] = []
        self.no_feedback: set[tuple[int, int]] = set()

    def add(
        self,
        session: Session,
        person: User,
        status: BookingStatus,
        *,
        feedback: bool | None = None,
    ) -> None:
        rng = self.rng
        booked = session.starts_at - datetime.timedelta(days=rng.randint(10, 70))
        booking = Booking(
            session=session,
            person=person,
            status=status,
            booked_by=person,
            created_at=booked,
            confirmed_at=booked,
            is_late=session.is_late_notice(booked),
        )
        if status == BookingStatus.CANCELLED:
            booking.cancelled_at = booked + (session.starts_at - booked) / 2
            booking.cancellation_reason = rng.choice(CANCEL_REASONS)
        else:
            booking.attendance_marked_at = session.ends_at + datetime.timedelta(minutes=20)
            booking.attendance_marked_by = self.trainer
        if status == BookingStatus.ATTENDED:
            booking.feedback_requested_at = session.ends_at + datetime.timedelta(hours=2)
            answers = rng.random() < 0.75 if feedback is None else feedback
            if answers:
                self.ratings.append((booking, self._ratings(session), ""))
        self.bookings.append(booking)

    def _ratings(self, session: Session) -> dict[str, int]:
        quality = session.demo_quality
        return {
            key: max(1, min(5, round(self.rng.gauss(quality + bias, 0.75))))
            for key, bias in RATING_BIAS.items()
        }

    def write(self) -> tuple[int, int]:
        Booking.objects.bulk_create(self.bookings, batch_size=500)
        feedback = []
        for booking, ratings, _ in self.ratings:
            mean = sum(ratings.values()) / len(ratings)
            comments = ""
            if self.rng.random() < 0.45:
                tone = "high" if mean >= 4 else "middle" if mean >= 3 else "low"
                comments = self.rng.choice(COMMENTS[tone])
            delay = datetime.timedelta(hours=self.rng.randint(3, 24 * 9))
            feedback.append(
                Feedback(
                    booking=booking,
                    comments=comments,
                    submitted_at=min(booking.session.ends_at + delay, self.now),
                    **ratings,
                )
            )
        Feedback.objects.bulk_create(feedback, batch_size=500)
        return len(self.bookings), len(feedback)


def _try_book(session: Session, person: User, **kwargs) -> Booking | None:
    """Book through the service; a refusal (team cap, audience...) just means 'not this one'."""
    try:
        return book_seat(session=session, person=person, **kwargs)
    except TrainingError:
        return None


def _book_some(
    session: Session, people: list[User], *, seats: int, waitlisted: int = 0
) -> list[Booking]:
    """Book people from ``people`` in turn until ``seats`` hold a seat and ``waitlisted`` wait.

    Those booked are taken off ``people``; those refused stay for later sessions.
    """
    made: list[Booking] = []
    holding = waiting = 0
    for person in list(people):
        if holding >= seats and waiting >= waitlisted:
            break
        booking = _try_book(session, person)
        if booking is None:
            continue
        people.remove(person)
        made.append(booking)
        if booking.status == BookingStatus.WAITLISTED:
            waiting += 1
        else:
            holding += 1
    return made


@transaction.atomic
def seed_training(*, today: datetime.date | None = None) -> dict[str, int]:
    """Load the demo training programme; returns how many of each thing exist afterwards.

    Needs the people app's demo first (the districts, teams, accounts and staff).
    Upcoming bookings are made now, through the booking service, so ``today``
    should be today (the default) for their dates to be bookable.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    accounts = {u.username: u for u in User.objects.filter(username__in=_DEMO_USERNAMES)}
    trainer = accounts["trainer"]
    venues = seed_venues()
    courses = seed_courses(trainer)
    staff = list(
        User.objects.filter(username__startswith=STAFF_PREFIX)
        .select_related("district", "team")
        .order_by("username")
    )
    if not Session.objects.filter(course=courses[MASTERCLASS]).exists():
        _seed_timetable(
            today=today,
            now=now,
            rng=rng,
            venues=venues,
            courses=courses,
            staff=staff,
            accounts=accounts,
        )
    return {
        "venues": Venue.objects.count(),
        "courses": Course.objects.count(),
        "sessions": Session.objects.count(),
        "bookings": Booking.objects.count(),
        "feedback": Feedback.objects.count(),
    }


_DEMO_USERNAMES = [
    "trainer",
    "officer",
    "pcso",
    "sergeant",
    "inspector",
    "special",
    "partner",
    "candidate",
    "assessor",
    "entrant",
    "admin",
]


def _create_session(
    course: Course, venue: Venue, starts_at: datetime.datetime, trainer: User, **extra
) -> Session:
    session, created = Session.objects.get_or_create(
        course=course,
        venue=venue,
        starts_at=starts_at,
        defaults={
            "ends_at": starts_at + course.duration,
            "capacity": extra.pop("capacity", venue.capacity),
            "created_by": trainer,
            **extra,
        },
    )
    if created:
        session.trainers.add(trainer)
    return session


def _seed_timetable(*, today, now, rng, venues, courses, staff, accounts) -> None:
    def approve(booking: Booking) -> None:
        """The line manager approves (the administrator, for someone who has none)."""
        if booking.status == BookingStatus.PENDING_APPROVAL:
            manager = booking.approver or accounts["admin"]
            approve_booking(booking=booking, by=manager)

    calendar = _Calendar(today)
    trainer = accounts["trainer"]
    sessions: list[Session] = []

    # Masterclasses: every two months in each district. The upcoming round opens with
    # Calder Vale, small enough to be full.
    masterclass: dict[tuple[str, int], Session] = {}
    for k in MASTERCLASS_ROUNDS:
        for d, district in enumerate(DISTRICTS):
            day = calendar.day(k * 61 + d * 7 - 3)
            extra = {}
            if (district, k) == ("Calder Vale", 0):
                extra["capacity"] = FULL_SESSION_CAPACITY
            starts = _at(day, "09:30")
            if starts < now:
                extra["status"] = SessionStatus.DELIVERED
            venue = _venue_for(venues, district, MASTERCLASS)
            session = _create_session(courses[MASTERCLASS], venue, starts, trainer, **extra)
            masterclass[(district, k)] = session
            sessions.append(session)
    others: dict[tuple[str, str, int], Session] = {}
    for title, district, offset, hhmm, extra in OTHER_SESSIONS:
        course = courses[title]
        starts = _at(calendar.day(offset), hhmm)
        options = dict(extra)
        if course.kind == CourseKind.QUALIFICATION_DAY:
            options["capacity"] = QUAL_DAY_CAPACITY
        if starts < now:
            options["status"] = SessionStatus.DELIVERED
        session = _create_session(
            course, _venue_for(venues, district, title), starts, trainer, **options
        )
        others[(title, district, offset)] = session
        sessions.append(session)

    past_sessions = [s for s in sessions if s.starts_at < now]
    for session in past_sessions:
        # How well each past session went, for its feedback.
        session.demo_quality = rng.uniform(3.2, 4.7)
        session.register_completed_at = session.ends_at + datetime.timedelta(minutes=20)
        session.register_completed_by = trainer
    Session.objects.bulk_update(past_sessions, ["register_completed_at", "register_completed_by"])

    # --- the past: registers and feedback, written in bulk ---------------------------
    past = _Past(rng, trainer, now)
    staff_by_district: dict[str, list[User]] = {}
    for person in staff:
        staff_by_district.setdefault(person.district.name, []).append(person)
    attended_masterclass: set[int] = set()

    def register(session: Session, people: list[User]) -> None:
        for person in people:
            roll = rng.random()
            status = (
                BookingStatus.ATTENDED
                if roll < 0.84
                else BookingStatus.NO_SHOW
                if roll < 0.94
                else BookingStatus.CANCELLED
            )
            past.add(session, person, status)
            if status == BookingStatus.ATTENDED and session.course.title == MASTERCLASS:
                attended_masterclass.add(person.pk)

    def masterclass_pool(district: str) -> list[User]:
        return [
            p
            for p in staff_by_district[district]
            if p.pk not in attended_masterclass
            and (p.rank == Rank.PARTNER_STAFF or p.function in FRONTLINE_FUNCTIONS)
        ]

    # The demo accounts' own history first, so each has something to show.
    scripted = {
        ("Harrowgate", -3): [("sergeant", BookingStatus.ATTENDED, True)],
        ("Harrowgate", -2): [
            ("inspector", BookingStatus.ATTENDED, True),
            # The partner came and has not yet said how it went.
            ("partner", BookingStatus.ATTENDED, False),
        ],
        ("Harrowgate", -1): [("pcso", BookingStatus.NO_SHOW, None)],
        ("Wensley Bridge", -4): [("entrant", BookingStatus.ATTENDED, True)],
    }
    for (district, k), session in masterclass.items():
        if session.starts_at >= now:
            continue
        for username, status, feedback in scripted.get((district, k), []):
            past.add(session, accounts[username], status, feedback=feedback)
            attended_masterclass.add(accounts[username].pk)
        pool = masterclass_pool(district)
        size = min(len(pool), rng.randint(5, 9))
        register(session, rng.sample(pool, size))

    def of_rank(*ranks: Rank, function: Function | None = None) -> list[User]:
        return [
            p for p in staff if p.rank in ranks and (function is None or p.function == function)
        ]

    specials = of_rank(Rank.SPECIAL_CONSTABLE)
    sergeants = of_rank(Rank.SERGEANT)
    neighbourhood = of_rank(Rank.PCSO, Rank.PC, function=Function.NEIGHBOURHOODS)
    rng.shuffle(specials)
    rng.shuffle(sergeants)
    rng.shuffle(neighbourhood)

    register(
        others[(SURGERY, "Harrowgate", -30)],
        rng.sample(staff_by_district["Harrowgate"], 6),
    )
    register(others[(SPECIALS, "Kirkmoor", -200)], specials[:4])
    register(others[(SPECIALS, "Calder Vale", -80)], specials[4:8])
    sergeants_course = others[(SERGEANTS, "Harrowgate", -150)]
    past.add(sergeants_course, accounts["sergeant"], BookingStatus.ATTENDED, feedback=True)
    register(sergeants_course, sergeants[:6])
    sergeants_course = others[(SERGEANTS, "Kirkmoor", -40)]
    past.add(sergeants_course, accounts["assessor"], BookingStatus.ATTENDED, feedback=True)
    register(sergeants_course, sergeants[6:11])

    # Qualification cohort one (Calder Vale): days 1, 2 and 3, fewer each day.
    cohort = neighbourhood[:10]
    for day, offset, size in [(1, -120, 10), (2, -90, 8), (3, -60, 7)]:
        session = others[(QUAL_DAY.format(day), "Calder Vale", offset)]
        if day < 3:
            past.add(session, accounts["candidate"], BookingStatus.ATTENDED, feedback=True)
        for person in cohort[:size]:
            past.add(session, person, BookingStatus.ATTENDED)
    # Cohort two has done day 1; `officer` has not answered the survey yet.
    cohort_two = neighbourhood[10:19]
    day_one = others[(QUAL_DAY.format(1), "Harrowgate", -20)]
    past.add(day_one, accounts["officer"], BookingStatus.ATTENDED, feedback=False)
    for person in cohort_two:
        past.add(day_one, person, BookingStatus.ATTENDED)
    past.write()

    # --- the future: through the booking service ----------------------------------
    demo_pks = {u.pk for u in accounts.values()}
    frontline = [
        p
        for p in staff
        if p.pk not in attended_masterclass
        and (p.rank == Rank.PARTNER_STAFF or p.function in FRONTLINE_FUNCTIONS)
        and p.pk not in demo_pks
    ]
    rng.shuffle(frontline)

    # Calder Vale, in a few days: full, with a waiting list.
    full = masterclass[("Calder Vale", 0)]
    booked = _book_some(full, frontline, seats=full.capacity, waitlisted=3)
    leaver = next(b for b in booked if b.status == BookingStatus.CONFIRMED)
    # One cancels: the first in the queue is promoted in the same transaction.
    cancel_booking(booking=leaver, by=leaver.person, reason="Court warning for that morning.")
    _book_some(full, frontline, seats=0, waitlisted=1)

    # Later this month (late notice for duties) and in two months' time.
    _book_some(masterclass[("Kirkmoor", 0)], frontline, seats=10)
    wensley = _book_some(masterclass[("Wensley Bridge", 0)], frontline, seats=6)
    if wensley:
        cancel_booking(booking=wensley[-1], by=wensley[-1].person, reason="Off sick.")
    harrowgate = masterclass[("Harrowgate", 1)]
    for username in ("officer", "pcso"):
        _try_book(harrowgate, accounts[username])
    _book_some(harrowgate, frontline, seats=8)
    _book_some(masterclass[("Calder Vale", 1)], frontline, seats=4)
    _book_some(masterclass[("Kirkmoor", 1)], frontline, seats=3)

    # Surgeries may be repeated: people who came to the last one book again, and the
    # next Harrowgate surgery is full with `officer` on its waiting list.
    harrowgate_pool = [p for p in staff if p.district.name == "Harrowgate"]
    last_surgery = others[(SURGERY, "Harrowgate", -30)]
    regulars = [b.person for b in past.bookings if b.session is last_surgery][:3]
    next_surgery = others[(SURGERY, "Harrowgate", 9)]
    # The housing partner brings a live problem to it (booked before it filled up).
    _try_book(next_surgery, accounts["partner"])
    _book_some(next_surgery, [*regulars, *harrowgate_pool], seats=SURGERY_CAPACITY)
    _try_book(next_surgery, accounts["officer"])
    _book_some(others[(SURGERY, "Calder Vale", 23)], list(staff), seats=3)

    # Role inputs.
    specials_input = others[(SPECIALS, "Kirkmoor", 25)]
    _try_book(specials_input, accounts["special"])
    _book_some(specials_input, specials[8:], seats=3)
    _book_some(others[(SERGEANTS, "Harrowgate", 40)], sergeants[11:], seats=4)

    # Qualification days need the line manager's approval: `sergeant` has `officer`'s
    # day 2 to decide; some of the others have been approved already.
    day_two = others[(QUAL_DAY.format(2), "Harrowgate", 30)]
    _try_book(day_two, accounts["officer"])
    for index, booking in enumerate(_book_some(day_two, list(cohort_two), seats=5)):
        if index < 3:
            approve(booking)
    day_one_next = others[(QUAL_DAY.format(1), "Kirkmoor", 45)]
    for index, booking in enumerate(_book_some(day_one_next, neighbourhood[19:40], seats=6)):
        if index % 2 == 0:
            approve(booking)
    day_three = others[(QUAL_DAY.format(3), "Calder Vale", 75)]
    candidate = _try_book(day_three, accounts["candidate"])
    if candidate is not None:
        approve(candidate)
    _book_some(day_three, cohort[7:], seats=2)
