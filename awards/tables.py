"""Tables for the awards pages. Rows come from ``awards.selectors`` ready to show; each
table's ``row_template`` writes the cells (see ``core.tables.GovukTable``)."""

import django_tables2 as tables
from django.utils import timezone

from awards.enums import ConflictStatus, EntryStatus, InvitationStatus, ScoringStatus
from awards.selectors import is_partner_judge
from core.tables import GovukTable

NUMERIC = {
    "th": {"class": "govuk-table__header--numeric"},
    "td": {"class": "govuk-table__cell--numeric"},
}

ENTRY_TAGS = {
    EntryStatus.DRAFT: "govuk-tag--grey",
    EntryStatus.SUBMITTED: "govuk-tag--blue",
    EntryStatus.WITHDRAWN: "govuk-tag--red",
    EntryStatus.SHORTLISTED: "govuk-tag--purple",
    EntryStatus.FINALIST: "govuk-tag--green",
    EntryStatus.WINNER: "govuk-tag--yellow",
}


def entry_tag(entry) -> tuple[str, str]:
    """(label, GOV.UK tag class) for an entry's status; placed entries show their placing."""
    if entry.status == EntryStatus.WINNER and entry.placing:
        return entry.get_placing_display(), "govuk-tag--yellow"
    return EntryStatus(entry.status).label, ENTRY_TAGS[EntryStatus(entry.status)]


SCORING_TAGS = {
    ScoringStatus.NOT_STARTED: ("To score", "govuk-tag--blue"),
    ScoringStatus.DRAFT: ("In progress", "govuk-tag--yellow"),
    ScoringStatus.SUBMITTED: ("Submitted", "govuk-tag--green"),
}

CONFLICT_TAGS = {
    ConflictStatus.PENDING: ("To decide", "govuk-tag--orange"),
    ConflictStatus.CONFIRMED: ("Confirmed", "govuk-tag--red"),
    ConflictStatus.DISMISSED: ("Dismissed", "govuk-tag--grey"),
}

INVITATION_TAGS = {
    InvitationStatus.INVITED: ("Invited", "govuk-tag--blue"),
    InvitationStatus.ACCEPTED: ("Accepted", "govuk-tag--green"),
    InvitationStatus.DECLINED: ("Declined", "govuk-tag--grey"),
}


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


class MyEntryTable(GovukTable):
    title = tables.Column(verbose_name="Entry", order_by=("title", "pk"))
    status = tables.Column(verbose_name="Status", orderable=False)
    deadline = tables.Column(verbose_name="Deadline", empty_values=(), orderable=False)

    row_template = "awards/tables/my_entry_rows.html"

    class Meta:
        attrs = {"class": "govuk-table"}
        empty_text = "You have no award entries yet."
        orderable = False

    def prepare_records(self, records):
        for entry in records:
            entry.tag_label, entry.tag_class = entry_tag(entry)
            entry.is_lead = entry.lead_id == self.viewer_id
        return records

    viewer_id = None


class JudgeQueueTable(GovukTable):
    """Two columns, so the queue reads on a phone: the entry (with its round and category)
    and the judge's progress on it."""

    entry = tables.Column(verbose_name="Entry", accessor="entry__title", orderable=False)
    status = tables.Column(verbose_name="Your scores", orderable=False)

    row_template = "awards/tables/judge_queue_rows.html"

    class Meta:
        attrs = {"class": "govuk-table"}
        empty_text = "No entries have been given to you to score yet."
        orderable = False

    def prepare_records(self, records):
        for a in records:
            a.tag_label, a.tag_class = SCORING_TAGS[ScoringStatus(a.status)]
        return records


class CycleTable(GovukTable):
    name = tables.Column(verbose_name="Awards")
    entries_close_at = tables.Column(verbose_name="Entries close")
    entry_count = tables.Column(verbose_name="Entries", attrs=NUMERIC)
    draft_count = tables.Column(verbose_name="Drafts", attrs=NUMERIC)
    ceremony_on = tables.Column(verbose_name="Ceremony")

    row_template = "awards/tables/cycle_rows.html"

    class Meta:
        attrs = {"class": "govuk-table"}
        empty_text = "There are no award cycles yet. Add one in the admin."
        orderable = False


class ManageEntryTable(GovukTable):
    title = tables.Column(verbose_name="Entry", order_by=("title", "pk"))
    category = tables.Column(
        verbose_name="Category", accessor="category__name", order_by=("category__name", "title")
    )
    lead = tables.Column(
        verbose_name="Lead entrant",
        accessor="lead__last_name",
        order_by=("lead__last_name", "title"),
    )
    status = tables.Column(verbose_name="Status", order_by=("status", "title"))
    word_count = tables.Column(verbose_name="Words", attrs=NUMERIC, order_by=("word_count", "pk"))
    judges = tables.Column(verbose_name="Round 1 judges", attrs=NUMERIC, order_by=("judges", "pk"))
    deadline = tables.Column(verbose_name="Deadline", empty_values=(), orderable=False)

    row_template = "awards/tables/manage_entry_rows.html"

    class Meta:
        attrs = {"class": "govuk-table govuk-!-font-size-16"}
        empty_text = "No entries match."
        order_by = "title"

    def prepare_records(self, records):
        for entry in records:
            entry.tag_label, entry.tag_class = entry_tag(entry)
        return records

    def value_title(self, record):
        return record.title

    def value_lead(self, record):
        return record.lead.get_full_name() or record.lead.username

    def value_status(self, record):
        return entry_tag(record)[0]

    def value_deadline(self, record):
        return _local(record.deadline)

    def value_word_count(self, record):
        return record.word_count

    def value_judges(self, record):
        return record.judges


class ConflictTable(GovukTable):
    entry = tables.Column(verbose_name="Entry", accessor="entry__title", orderable=False)
    judge = tables.Column(verbose_name="Judge", accessor="judge__last_name", orderable=False)
    reason = tables.Column(verbose_name="Reason", orderable=False)
    status = tables.Column(verbose_name="Status", orderable=False)

    row_template = "awards/tables/conflict_rows.html"

    class Meta:
        attrs = {"class": "govuk-table govuk-!-font-size-16"}
        empty_text = "No conflicts have been detected or declared."
        orderable = False

    def prepare_records(self, records):
        for c in records:
            c.tag_label, c.tag_class = CONFLICT_TAGS[ConflictStatus(c.status)]
        return records


class PanelTable(GovukTable):
    judge = tables.Column(verbose_name="Judge", accessor="judge__last_name", orderable=False)
    organisation = tables.Column(
        verbose_name="Organisation", accessor="judge__organisation__name", orderable=False
    )
    status = tables.Column(verbose_name="Invitation", orderable=False)
    load = tables.Column(verbose_name="Entries", attrs=NUMERIC, orderable=False)
    done = tables.Column(verbose_name="Scored", attrs=NUMERIC, orderable=False)
    actions = tables.Column(verbose_name="Actions", empty_values=(), orderable=False)

    row_template = "awards/tables/panel_rows.html"

    class Meta:
        attrs = {"class": "govuk-table govuk-!-font-size-16"}
        empty_text = "Nobody has been invited to this panel yet."
        orderable = False

    def prepare_records(self, records):
        for m in records:
            m.tag_label, m.tag_class = INVITATION_TAGS[InvitationStatus(m.status)]
            m.is_partner = is_partner_judge(m.judge)
        return records


class AssignmentTable(GovukTable):
    entry = tables.Column(verbose_name="Entry", orderable=False)
    judges = tables.Column(verbose_name="Judges", empty_values=(), orderable=False)
    count = tables.Column(verbose_name="Number", empty_values=(), attrs=NUMERIC, orderable=False)
    actions = tables.Column(verbose_name="Change", empty_values=(), orderable=False)

    row_template = "awards/tables/assignment_rows.html"

    class Meta:
        attrs = {"class": "govuk-table govuk-!-font-size-16"}
        empty_text = "There are no entries to judge in this round yet."
        orderable = False


class ResultTable(GovukTable):
    rank = tables.Column(verbose_name="Rank", empty_values=(), attrs=NUMERIC, orderable=False)
    entry = tables.Column(verbose_name="Entry", empty_values=(), orderable=False)
    category = tables.Column(verbose_name="Category", empty_values=(), orderable=False)
    judges = tables.Column(verbose_name="Scored", empty_values=(), attrs=NUMERIC, orderable=False)
    raw = tables.Column(verbose_name="Raw", empty_values=(), attrs=NUMERIC, orderable=False)
    normalised = tables.Column(
        verbose_name="Normalised", empty_values=(), attrs=NUMERIC, orderable=False
    )
    sd = tables.Column(verbose_name="Spread (SD)", empty_values=(), attrs=NUMERIC, orderable=False)
    interval = tables.Column(
        verbose_name="Rank range",
        empty_values=(),
        attrs=NUMERIC,
        orderable=False,
        exclude_from_export=True,
    )
    status = tables.Column(verbose_name="Status", empty_values=(), orderable=False)
    # Only in the .xlsx export, as numbers.
    rank_low = tables.Column(verbose_name="Rank range from", empty_values=(), visible=False)
    rank_high = tables.Column(verbose_name="Rank range to", empty_values=(), visible=False)
    disagreement = tables.Column(verbose_name="Judges disagree", empty_values=(), visible=False)
    assigned = tables.Column(verbose_name="Judges assigned", empty_values=(), visible=False)

    row_template = "awards/tables/result_rows.html"

    class Meta:
        attrs = {"class": "govuk-table govuk-!-font-size-16"}
        empty_text = "No entries in this round yet."
        orderable = False

    selectable = False  # a "choose" checkbox in the first cell (round 1 finalists form)
    chosen: set[int] = frozenset()

    def prepare_records(self, records):
        for row in records:
            row.tag_label, row.tag_class = entry_tag(row.entry)
            row.checked = row.entry.pk in self.chosen
        return records

    # .xlsx: numbers as numbers
    def value_rank(self, record):
        return record.result.rank if record.result else None

    def value_entry(self, record):
        return record.entry.title

    def value_category(self, record):
        return record.entry.category.name

    def value_judges(self, record):
        return record.submitted

    def value_raw(self, record):
        return round(record.result.raw, 2) if record.result else None

    def value_normalised(self, record):
        return round(record.result.normalised, 2) if record.result else None

    def value_sd(self, record):
        return round(record.result.sd, 2) if record.result else None

    def value_rank_low(self, record):
        return record.result.rank_low if record.result else None

    def value_rank_high(self, record):
        return record.result.rank_high if record.result else None

    def value_disagreement(self, record):
        return ("Yes" if record.result.disagreement else "No") if record.result else None

    def value_assigned(self, record):
        return record.assigned

    def value_status(self, record):
        return entry_tag(record.entry)[0]
