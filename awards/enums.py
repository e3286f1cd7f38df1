from django.db import models


class EntryStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    SHORTLISTED = "shortlisted", "Shortlisted"
    FINALIST = "finalist", "Finalist"
    WINNER = "winner", "Placed"


# Entries that are in the competition (judged in round 1).
JUDGED_STATUSES = (
    EntryStatus.SUBMITTED,
    EntryStatus.SHORTLISTED,
    EntryStatus.FINALIST,
    EntryStatus.WINNER,
)
# Entries that go on to round 2.
FINAL_STATUSES = (EntryStatus.FINALIST, EntryStatus.WINNER)


class Placing(models.TextChoices):
    GOLD = "gold", "Gold"
    SILVER = "silver", "Silver"
    BRONZE = "bronze", "Bronze"


PLACINGS_IN_ORDER = (Placing.GOLD, Placing.SILVER, Placing.BRONZE)


class RoundStatus(models.TextChoices):
    SETUP = "setup", "Being set up"
    OPEN = "open", "Judging open"
    CLOSED = "closed", "Judging closed"


class ScoreVisibility(models.TextChoices):
    """When a judge may see the other judges' scores for an entry."""

    NEVER = "never", "Never"
    AFTER_OWN = "after_own", "After submitting their own"
    ALWAYS = "always", "Always"


class InvitationStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class ConflictSource(models.TextChoices):
    DECLARED = "declared", "Declared by the judge"
    DETECTED = "detected", "Detected by the portal"


class ConflictStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the coordinator"
    CONFIRMED = "confirmed", "Confirmed"
    DISMISSED = "dismissed", "Dismissed"


# A judge with a conflict in one of these states neither sees nor scores the entry.
EFFECTIVE_CONFLICT_STATUSES = (ConflictStatus.PENDING, ConflictStatus.CONFIRMED)


class AssignmentSource(models.TextChoices):
    AUTO = "auto", "Assigned by the portal"
    HAND = "hand", "Assigned by the coordinator"


class ScoringStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    DRAFT = "draft", "In progress"
    SUBMITTED = "submitted", "Submitted"


class TieBreakRule(models.TextChoices):
    IMPACT = "impact", "Higher assessment-of-impact score"
    CASTING_VOTE = "casting_vote", "Chair's casting vote"


# --- the finalists' brochure ------------------------------------------------------------


class BrochureEdition(models.TextChoices):
    """Before the ceremony the brochure presents the finalists; after it, with the placings."""

    FINALISTS = "finalists", "Finalists' edition"
    WINNERS = "winners", "Winners' edition"


class BrochureStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be built"
    BUILDING = "building", "Being built"
    READY = "ready", "Ready"
    FAILED = "failed", "Could not be built"


# --- the ceremony ----------------------------------------------------------------------


class GuestKind(models.TextChoices):
    FINALIST = "finalist", "Finalist"
    JUDGE = "judge", "Judge"
    PARTNER = "partner", "Partner"
    KEYNOTE = "keynote", "Keynote speaker"
    GUEST = "guest", "Guest"


class GuestStatus(models.TextChoices):
    """A guest's invitation: added, invited, then their answer (which they may change until
    the reply-by date); the coordinator may withdraw an invitation."""

    NOT_INVITED = "not_invited", "Not invited yet"
    INVITED = "invited", "No reply"
    ACCEPTED = "accepted", "Attending"
    DECLINED = "declined", "Not attending"
    WITHDRAWN = "withdrawn", "Invitation withdrawn"


# A guest still on the list (counted, reminded, exported).
LIVE_GUEST_STATUSES = (
    GuestStatus.NOT_INVITED,
    GuestStatus.INVITED,
    GuestStatus.ACCEPTED,
    GuestStatus.DECLINED,
)


class DietaryNeed(models.TextChoices):
    VEGETARIAN = "vegetarian", "Vegetarian"
    VEGAN = "vegan", "Vegan"
    GLUTEN_FREE = "gluten_free", "Gluten free"
    DAIRY_FREE = "dairy_free", "Dairy free"
    NUT_ALLERGY = "nut_allergy", "Nut allergy"
    HALAL = "halal", "Halal"
    KOSHER = "kosher", "Kosher"


class RunningOrderKind(models.TextChoices):
    ARRIVAL = "arrival", "Arrival and registration"
    LUNCH = "lunch", "Networking lunch"
    WELCOME = "welcome", "Welcome"
    PRESENTATION = "presentation", "Finalist's presentation"
    KEYNOTE = "keynote", "Keynote"
    BREAK = "break", "Break"
    AWARDS = "awards", "Awards"
    CLOSE = "close", "Close"
    OTHER = "other", "Other"


class BudgetLineKind(models.TextChoices):
    COST = "cost", "Cost"
    INCOME = "income", "Income"
