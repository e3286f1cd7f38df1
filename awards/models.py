"""POP awards: cycles, categories, entries, panels, conflicts, assignments, scores.

State changes go through ``awards.services``; each stateful model (Entry,
Round, PanelMember, Conflict, Assignment) has one transition function there.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone

from awards.enums import (
    AssignmentSource,
    BrochureEdition,
    BrochureStatus,
    BudgetLineKind,
    ConflictSource,
    ConflictStatus,
    EntryStatus,
    GuestKind,
    GuestStatus,
    InvitationStatus,
    Placing,
    RoundStatus,
    RunningOrderKind,
    ScoreVisibility,
    ScoringStatus,
    TieBreakRule,
)
from core.models import StoredFile
from people.enums import OrganisationType
from people.models import Organisation
from portfolios.models import Evidence

# The four SARA sections, in order: (field name, heading, what it asks for).
SARA_SECTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "scanning",
        "Scanning",
        "What was the problem, how did it come to your attention, and who did it affect?",
    ),
    (
        "analysis",
        "Analysis",
        "What did you learn about the offenders, victims and locations (the problem analysis "
        "triangle), and from which data and partners?",
    ),
    (
        "response",
        "Response",
        "What did you and your partners do, and why did you expect it to work?",
    ),
    (
        "assessment",
        "Assessment",
        "What changed, how do you know, and what would you do differently?",
    ),
)
SARA_FIELDS: tuple[str, ...] = tuple(name for name, _, _ in SARA_SECTIONS)
DEFAULT_WORD_LIMIT = 4000
SUMMARY_WORD_LIMIT = 250


class Cycle(models.Model):
    """One year's awards, e.g. 'POP Awards 2027', with its dates."""

    name = models.CharField(max_length=200, unique=True)
    entries_open_at = models.DateTimeField(help_text="When entrants can start and submit entries.")
    entries_close_at = models.DateTimeField(help_text="The submission deadline (UK time).")
    guidance_session = models.ForeignKey(
        "training.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The submission guidance talk: a bookable training session.",
    )
    ceremony_on = models.DateField(help_text="The awards ceremony.")
    word_limit = models.PositiveIntegerField(
        default=DEFAULT_WORD_LIMIT, help_text="Words allowed across the four SARA sections."
    )
    finalists_target = models.PositiveSmallIntegerField(
        default=6, help_text="How many finalists the panel usually chooses."
    )
    results_published_at = models.DateTimeField(null=True, blank=True)
    results_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-entries_open_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(entries_close_at__gt=F("entries_open_at")),
                name="cycle_closes_after_opening",
            ),
            models.CheckConstraint(condition=Q(word_limit__gt=0), name="cycle_word_limit_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_open_for_entries(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.entries_open_at <= now < self.entries_close_at

    @property
    def is_published(self) -> bool:
        return self.results_published_at is not None


class Category(models.Model):
    """An award category with its partner eligibility rules."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=150)
    description = models.TextField()
    required_organisation_types = models.JSONField(
        default=list,
        blank=True,
        help_text="Every entry needs a partner of each of these types "
        "(values of people.OrganisationType).",
    )
    required_organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="+",
        help_text="Every entry needs each of these organisations as a partner.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["cycle_id", "order", "name"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["cycle", "name"], name="category_unique_in_cycle")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.cycle})"

    @property
    def required_type_labels(self) -> list[str]:
        return [OrganisationType(t).label for t in self.required_organisation_types]


class Round(models.Model):
    """A judging round of a cycle: 1 scores the written entries, 2 the finalists' presentations."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=150)
    opens_on = models.DateField(help_text="When judging is planned to open.")
    closes_on = models.DateField(help_text="When judging is planned to close.")
    status = models.CharField(max_length=20, choices=RoundStatus.choices, default=RoundStatus.SETUP)
    judges_per_entry = models.PositiveSmallIntegerField(
        default=3, help_text="Judges per entry; 0 means every judge on the panel."
    )
    score_visibility = models.CharField(
        max_length=20,
        choices=ScoreVisibility.choices,
        default=ScoreVisibility.AFTER_OWN,
        help_text="When a judge sees the other judges' scores for an entry.",
    )
    anonymised = models.BooleanField(
        default=False,
        help_text="Hide entrants' names, teams and districts from judges, and scrub attachment "
        "file names and document metadata.",
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cycle_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "number"], name="round_unique_number"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="round_closes_after_opening"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="round_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle}: {self.name}"

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def is_final(self) -> bool:
        """The round the placings come from (round 2)."""
        return self.number >= 2


class Criterion(models.Model):
    """A weighted rubric criterion of a round, scored 1 to 10."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    weight = models.PositiveSmallIntegerField(help_text="Relative weight, e.g. 20.")
    order = models.PositiveSmallIntegerField(default=0)
    is_tie_break = models.BooleanField(
        default=False,
        help_text="Ties for a place go to the higher mean score on this criterion "
        "(assessment of impact).",
    )

    class Meta:
        ordering = ["round_id", "order", "pk"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["round", "title"], name="criterion_unique_title"),
            models.UniqueConstraint(
                fields=["round"], condition=Q(is_tie_break=True), name="one_tie_break_criterion"
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=100), name="criterion_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Entry(models.Model):
    """A team's SARA entry to a cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="entries")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="entries")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="award_entries_led"
    )
    co_entrants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="award_entries_joined"
    )
    partners = models.ManyToManyField(Organisation, blank=True, related_name="award_entries")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    scanning = models.TextField(blank=True)
    analysis = models.TextField(blank=True)
    response = models.TextField(blank=True)
    assessment = models.TextField(blank=True)
    # The server's count (awards.wordcount) of the four SARA sections, kept with the text.
    word_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=EntryStatus.choices, default=EntryStatus.DRAFT)
    placing = models.CharField(max_length=10, choices=Placing.choices, blank=True)
    deadline_extended_to = models.DateTimeField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    # Rises with every save of the text, so two editors cannot overwrite each other unseen.
    version = models.PositiveIntegerField(default=1)
    last_saved_at = models.DateTimeField(null=True, blank=True)
    last_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The signed-off work-based case study (portfolio evidence) the entry was started from.
    # related_name="+": portfolios knows nothing of awards.
    source_case_study = models.ForeignKey(
        Evidence, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The lead entrant's consent to publish a finalist's entry in the What Works library,
    # in the words they agreed to; cleared if they withdraw it before publication (the
    # audit trail keeps each change).
    library_consent_at = models.DateTimeField(null=True, blank=True)
    library_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    library_consent_statement = models.TextField(blank=True)

    class Meta:
        ordering = ["cycle_id", "title", "pk"]
        verbose_name_plural = "entries"
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=EntryStatus.WINNER) & ~Q(placing=""))
                | (~Q(status=EntryStatus.WINNER) & Q(placing="")),
                name="entry_placed_iff_winner",
            ),
        ]
        indexes = [models.Index(fields=["cycle", "status"], name="entry_cycle_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def deadline(self) -> datetime.datetime:
        """The entry's own deadline: the cycle's, or the extension the coordinator gave."""
        return self.deadline_extended_to or self.cycle.entries_close_at

    def sections(self) -> list[tuple[str, str, str, str]]:
        """(field, heading, prompt, text) for each SARA section."""
        return [
            (name, heading, prompt, getattr(self, name)) for name, heading, prompt in SARA_SECTIONS
        ]


class PanelMember(models.Model):
    """A judge invited to a round's panel."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="panel")
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="award_panels"
    )
    status = models.CharField(
        max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.INVITED
    )
    is_chair = models.BooleanField(default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "judge"], name="one_membership_per_round"),
            models.UniqueConstraint(
                fields=["round"], condition=Q(is_chair=True), name="one_chair_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.judge} on {self.round}"


class Conflict(models.Model):
    """A judge's conflict of interest with an entry (for the whole cycle)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="conflicts")
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="award_conflicts"
    )
    source = models.CharField(max_length=20, choices=ConflictSource.choices)
    reason = models.TextField()
    status = models.CharField(max_length=20, choices=ConflictStatus.choices)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["entry_id", "judge_id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "judge"], name="one_conflict_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.judge} / {self.entry} ({self.get_status_display()})"


class Assignment(models.Model):
    """An entry given to a judge to score in a round; carries the judge's scoring status."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="assignments")
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="award_assignments"
    )
    source = models.CharField(
        max_length=10, choices=AssignmentSource.choices, default=AssignmentSource.AUTO
    )
    status = models.CharField(
        max_length=20, choices=ScoringStatus.choices, default=ScoringStatus.NOT_STARTED
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round_id", "entry_id", "judge_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "entry", "judge"], name="one_assignment_per_judge_and_entry"
            )
        ]
        indexes = [models.Index(fields=["judge", "round"], name="assignment_judge_round")]

    def __str__(self) -> str:
        return f"{self.entry} → {self.judge} ({self.round.name})"


class Score(models.Model):
    """A judge's score (1 to 10) and comment on one criterion."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["assignment_id", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | (Q(value__gte=1) & Q(value__lte=10)),
                name="score_between_1_and_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class TieBreak(models.Model):
    """How a tie for a place was settled, as the written rule says: impact, then casting vote."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="tie_breaks")
    placing = models.CharField(max_length=10, choices=Placing.choices)
    tied_entries = models.ManyToManyField(Entry, related_name="+")
    rule = models.CharField(max_length=20, choices=TieBreakRule.choices)
    winner = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="+")
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round_id", "recorded_at"]

    def __str__(self) -> str:
        return f"{self.get_placing_display()}: {self.get_rule_display()}"


class Attachment(StoredFile):
    """A figure, photo or PDF attached to an entry (a private upload: see ``core.uploads``)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="attachments")
    caption = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["entry_id", "uploaded_at", "pk"]

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


# --- outcomes: the finalists' brochure, certificates, the winners page ------------------
# (services in awards/services/brochure.py, certificates.py and winners.py)

BROCHURE_SUMMARY_WORD_LIMIT = 300
KEY_FIGURES_PER_ENTRY = 3


class BrochurePage(models.Model):
    """What a finalist's spread in the brochure shows besides the entry itself.

    The team (or the coordinator) may write a summary for the brochure, choose which of
    the entry's images it shows and give up to three key figures. Without them the
    spread uses the entry's own summary and its first image.
    """

    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="brochure_page")
    summary = models.TextField(
        blank=True,
        help_text=f"At most {BROCHURE_SUMMARY_WORD_LIMIT} words, counted as the SARA sections are.",
    )
    image = models.ForeignKey(
        Attachment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Brochure page: {self.entry}"


class KeyFigure(models.Model):
    """A before-and-after figure shown on a finalist's spread, e.g. incidents 64 → 27."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="key_figures")
    measure = models.CharField(max_length=80)
    before = models.CharField(max_length=20)
    after = models.CharField(max_length=20)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["entry_id", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.measure}: {self.before} → {self.after}"


class BrochureFile(StoredFile):
    """A built brochure PDF, kept in the private storage (``STORAGES["private"]``)."""

    pages = models.PositiveSmallIntegerField()


class Brochure(models.Model):
    """One edition of a cycle's finalists' brochure and the state of its latest build.

    ``generation`` rises with every build asked for (by the coordinator, or because a
    finalist entry changed); a build only stores its PDF if no newer one was asked for
    meanwhile. ``pdf`` stays the last good build while a newer one is made.
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="brochures")
    edition = models.CharField(max_length=20, choices=BrochureEdition.choices)
    foreword = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=BrochureStatus.choices, default=BrochureStatus.QUEUED
    )
    generation = models.PositiveIntegerField(default=0)
    reason = models.CharField(max_length=300, blank=True, help_text="Why the build was asked for.")
    step = models.CharField(max_length=200, blank=True)
    steps_done = models.PositiveSmallIntegerField(default=0)
    steps_total = models.PositiveSmallIntegerField(default=0)
    requested_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    pdf = models.OneToOneField(
        BrochureFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="brochure"
    )
    pdf_generation = models.PositiveIntegerField(null=True, blank=True)
    pdf_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["cycle_id", "edition"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "edition"], name="one_brochure_per_edition")
        ]

    def __str__(self) -> str:
        return f"{self.cycle}: {self.get_edition_display()}"

    @property
    def is_current(self) -> bool:
        """The stored PDF is the latest build asked for."""
        return self.pdf_id is not None and self.pdf_generation == self.generation

    @property
    def in_progress(self) -> bool:
        return self.status in (BrochureStatus.QUEUED, BrochureStatus.BUILDING)

    @property
    def percent(self) -> int:
        if self.status == BrochureStatus.READY:
            return 100
        if not self.steps_total:
            return 0
        return min(99, round(100 * self.steps_done / self.steps_total))


class WinnersPublication(models.Model):
    """The cycle's winners page as last handed to the website (``cms`` reports it back)."""

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="winners_page")
    title = models.CharField(max_length=255)
    url = models.CharField(max_length=500, blank=True, help_text="The public page, once live.")
    edit_url = models.CharField(max_length=500, blank=True)
    live = models.BooleanField(default=False)
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return self.title


# --- the ceremony ----------------------------------------------------------------------
# One block: the event, its guests (with their personal RSVP links and reminder rounds),
# the running order, exhibitors and budget lines. Writes go through
# ``awards.services.ceremony``; ``transition_guest`` is the one place a guest's status
# changes, ``set_exhibitor_paid`` the one place an exhibitor's payment does.


class Ceremony(models.Model):
    """A cycle's awards ceremony: a networking lunch, presentations, keynote and awards.

    The date is the cycle's ``ceremony_on`` (the brochure's cover reads it too); the
    times are London wall-clock times on that day (a daytime event never meets a clock
    change), so the running order is plain arithmetic on them.
    """

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="ceremony")
    venue_name = models.CharField(max_length=200)
    venue_address = models.TextField(blank=True)
    starts_at = models.TimeField(help_text="When guests arrive (UK time).")
    ends_at = models.TimeField(help_text="When the ceremony ends (UK time).")
    rsvp_by = models.DateField(help_text="Guests can reply, and change their reply, until then.")
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many guests the venue seats."
    )
    refreshments_per_head = models.DecimalField(
        max_digits=7, decimal_places=2, default=0, help_text="The caterer's price per guest (£)."
    )
    details = models.TextField(
        blank=True, help_text="Shown on the invitation: parking, dress code, how to find the room."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="ceremony_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(refreshments_per_head__gte=0), name="ceremony_refreshments_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} ceremony"

    @property
    def date(self) -> datetime.date:
        return self.cycle.ceremony_on


class Guest(models.Model):
    """Someone on the ceremony's guest list, with their invitation and answer."""

    ceremony = models.ForeignKey(Ceremony, on_delete=models.CASCADE, related_name="guests")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ceremony_guests",
    )
    entry = models.ForeignKey(
        Entry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ceremony_guests",
        help_text="For a finalist: the entry they are on.",
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    organisation = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=GuestKind.choices, default=GuestKind.GUEST)
    status = models.CharField(
        max_length=20, choices=GuestStatus.choices, default=GuestStatus.NOT_INVITED
    )
    dietary_needs = models.JSONField(
        default=list, blank=True, help_text="Values of awards.enums.DietaryNeed."
    )
    dietary_other = models.CharField(max_length=500, blank=True)
    access_needs = models.CharField(max_length=500, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    # The last reminder round this guest was sent (0: none), so a round reaches them once.
    reminded_round = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["ceremony_id", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "ceremony", Lower("email"), name="guest_email_unique_per_ceremony"
            ),
            models.UniqueConstraint(
                fields=["ceremony", "person"],
                condition=Q(person__isnull=False),
                name="guest_person_unique_per_ceremony",
            ),
        ]
        indexes = [models.Index(fields=["ceremony", "status"], name="guest_ceremony_status")]

    def __str__(self) -> str:
        return self.name

    @property
    def has_dietary_needs(self) -> bool:
        return bool(self.dietary_needs or self.dietary_other.strip())


class RsvpLink(models.Model):
    """A personal RSVP link sent to one guest; only the token's hash is kept.

    Each email (invitation, reminder, a link given by the coordinator) carries a link of
    its own, so every one the guest received keeps working until it expires (the day
    after the ceremony) or the coordinator withdraws the invitation.
    """

    guest = models.ForeignKey(Guest, on_delete=models.CASCADE, related_name="rsvp_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["guest_id", "created_at"]

    def __str__(self) -> str:
        return f"RSVP link for {self.guest}"


class ReminderRound(models.Model):
    """One round of reminders to the guests who have not replied (each gets it once)."""

    ceremony = models.ForeignKey(Ceremony, on_delete=models.CASCADE, related_name="reminder_rounds")
    number = models.PositiveSmallIntegerField()
    automatic = models.BooleanField(default=False)
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["ceremony_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["ceremony", "number"], name="reminder_round_unique")
        ]

    def __str__(self) -> str:
        return f"Reminder round {self.number} for {self.ceremony}"


class RunningOrderItem(models.Model):
    """One item of the ceremony's running order; start times follow from the order."""

    ceremony = models.ForeignKey(Ceremony, on_delete=models.CASCADE, related_name="running_order")
    kind = models.CharField(max_length=20, choices=RunningOrderKind.choices)
    title = models.CharField(max_length=200)
    entry = models.ForeignKey(
        Entry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    speaker = models.CharField(max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField()
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["ceremony_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1) & Q(duration_minutes__lte=480),
                name="running_order_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Exhibitor(models.Model):
    """An organisation with a stall in the market place; its fee offsets the cost."""

    ceremony = models.ForeignKey(Ceremony, on_delete=models.CASCADE, related_name="exhibitors")
    organisation = models.CharField(max_length=200)
    contact_name = models.CharField(max_length=150)
    contact_email = models.EmailField()
    contact_phone = models.CharField(max_length=40, blank=True)
    stall_fee = models.DecimalField(max_digits=8, decimal_places=2)
    paid_at = models.DateTimeField(null=True, blank=True)
    notes = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["ceremony_id", "organisation", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stall_fee__gte=0), name="exhibitor_fee_not_negative"
            ),
            models.UniqueConstraint(
                "ceremony", Lower("organisation"), name="exhibitor_unique_per_ceremony"
            ),
        ]

    def __str__(self) -> str:
        return self.organisation

    @property
    def is_paid(self) -> bool:
        return self.paid_at is not None


class BudgetLine(models.Model):
    """A cost (venue, trophies, AV) or income (sponsorship) line beside the two the portal
    works out: refreshments (per head times guests attending) and stall fees."""

    ceremony = models.ForeignKey(Ceremony, on_delete=models.CASCADE, related_name="budget_lines")
    kind = models.CharField(max_length=10, choices=BudgetLineKind.choices)
    description = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=9, decimal_places=2)

    class Meta:
        ordering = ["ceremony_id", "kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_not_negative"),
        ]

    def __str__(self) -> str:
        return self.description
