"""The audit trail page: its filter form and table (rows from ``core.selectors.audit_trail``)."""

import datetime

import django_tables2 as tables
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

from core.models import AuditEntry, AuditOutcome
from core.selectors import object_type_label
from core.tables import GovukTable

EARLIEST, LATEST = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date_field(label: str) -> forms.DateField:
    message = f"{label} must be between 1 January 2000 and 31 December 2100"
    return forms.DateField(
        label=label,
        required=False,
        widget=DateInput,
        validators=[
            MinValueValidator(EARLIEST, message=message),
            MaxValueValidator(LATEST, message=message),
        ],
        error_messages={"invalid": f"{label} must be a real date, for example 2027-03-01"},
    )


class AuditFilterForm(forms.Form):
    who = forms.CharField(
        label="Who", required=False, max_length=100, help_text="Part of a name or username"
    )
    action = forms.ChoiceField(label="Action", required=False)
    object_type = forms.ChoiceField(label="Type of record", required=False)
    object_id = forms.CharField(label="Record number", required=False, max_length=64)
    outcome = forms.ChoiceField(
        label="Outcome", required=False, choices=[("", "Any outcome"), *AuditOutcome.choices]
    )
    date_from = _date_field("Date from")
    date_to = _date_field("Date to")

    def __init__(self, *args, actions: list[str], object_types: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Any action"), *((a, a) for a in actions)]
        self.fields["object_type"].choices = [("", "Any type"), *object_types]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "Date to must be the same as or after date from")
        return cleaned

    def selection(self) -> dict:
        """The selector's keyword arguments (UK days → UTC instants)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        zone = timezone.get_current_timezone()

        def start_of(day: datetime.date | None) -> datetime.datetime | None:
            return datetime.datetime.combine(day, datetime.time(), zone) if day else None

        end = data.get("date_to")
        return {
            "who": data.get("who", ""),
            "action": data.get("action", ""),
            "object_type": data.get("object_type", ""),
            "object_id": data.get("object_id", ""),
            "outcome": data.get("outcome", ""),
            "since": start_of(data.get("date_from")),
            "before": start_of(end + datetime.timedelta(days=1)) if end else None,
        }


class AuditTable(GovukTable):
    at = tables.Column(verbose_name="When (UK time)", order_by=("at", "id"))
    who = tables.Column(verbose_name="Who", accessor="actor_label", order_by=("actor_label", "at"))
    action = tables.Column(verbose_name="Action", order_by=("action", "at"))
    record = tables.Column(
        verbose_name="Record", accessor="object_type", order_by=("object_type", "object_id")
    )
    summary = tables.Column(verbose_name="What happened", orderable=False)
    outcome = tables.Column(verbose_name="Outcome", order_by=("outcome", "at"))
    ip = tables.Column(verbose_name="From (address)", orderable=False)
    at_utc = tables.Column(verbose_name="When (UTC)", accessor="at", visible=False)
    object_id = tables.Column(verbose_name="Record number", visible=False)

    row_template = "portal/tables/audit_rows.html"
    region_label = "Audit trail"

    class Meta:
        model = AuditEntry
        fields = ()
        sequence = (
            "at",
            "at_utc",
            "who",
            "action",
            "record",
            "object_id",
            "summary",
            "outcome",
            "ip",
        )
        attrs = {"class": "govuk-table govuk-!-font-size-16 pop-table--stack"}
        empty_text = "No audit entries match these filters."
        order_by = "-at"

    def prepare_records(self, records: list) -> list:
        labels: dict[str, str] = {}
        for record in records:
            if record.object_type not in labels:
                labels[record.object_type] = object_type_label(record.object_type)
            record.type_label = labels[record.object_type]
        return records

    # --- in the spreadsheet ------------------------------------------------------

    def value_at(self, record: AuditEntry) -> datetime.datetime:
        return timezone.localtime(record.at).replace(tzinfo=None)

    def value_at_utc(self, record: AuditEntry) -> datetime.datetime:
        return record.at.astimezone(datetime.UTC).replace(tzinfo=None)

    def value_who(self, record: AuditEntry) -> str:
        return record.actor_label or "The portal"

    def value_record(self, record: AuditEntry) -> str:
        return object_type_label(record.object_type)

    def value_outcome(self, record: AuditEntry) -> str:
        return record.get_outcome_display()

    def value_ip(self, record: AuditEntry) -> str:
        return record.ip or ""
