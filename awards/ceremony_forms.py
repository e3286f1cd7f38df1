"""Forms for the ceremony pages and the guest's RSVP page. They tidy input; the rules live
in ``awards.services.ceremony`` and come back as errors on these forms."""

import datetime
from decimal import Decimal

from django import forms

from awards.enums import BudgetLineKind, DietaryNeed, GuestKind, RunningOrderKind

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]
TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M"]


def _date(label: str, help_text: str = "For example, 27/3/2027.") -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        help_text=help_text,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as day/month/year, for example 27/3/2027",
        },
    )


def _time(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        input_formats=TIME_FORMATS,
        help_text="24-hour clock, UK time, for example 12:00.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": "Enter the time as hours and minutes, for example 12:00",
        },
    )


def _money(label: str, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0"),
        max_digits=9,
        decimal_places=2,
        help_text=help_text or "In pounds and pence, for example 150 or 42.50.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} in pounds and pence, for example 42.50",
            "min_value": f"The {label.lower()} cannot be negative",
            "max_decimal_places": "Give pounds and pence only: at most 2 decimal places",
            "max_digits": f"The {label.lower()} is too large",
            "max_whole_digits": f"The {label.lower()} is too large",
        },
    )


class MoneyForm(forms.Form):
    """A form with sums of money: '£1,250.00' is read as 1250.00."""

    money_fields: tuple[str, ...] = ()

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            for name in self.money_fields:
                if isinstance(data.get(name), str):
                    data[name] = data[name].replace("£", "").replace(",", "").strip()
        super().__init__(data, *args, **kwargs)


class CeremonyForm(MoneyForm):
    venue_name = forms.CharField(
        label="Venue",
        max_length=200,
        help_text="For example, Harrowgate Civic Centre, Council Chamber.",
        error_messages={"required": "Enter the venue"},
    )
    venue_address = forms.CharField(
        label="Address (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    day = _date("Date of the ceremony")
    starts_at = _time("Start time")
    ends_at = _time("End time")
    rsvp_by = _date(
        "Reply-by date",
        "Guests can reply and change their answer until the end of this day. For example, "
        "27/3/2027.",
    )
    capacity = forms.IntegerField(
        label="Seats (optional)",
        required=False,
        min_value=1,
        max_value=5000,
        help_text="How many guests the venue holds; the guest list warns when more accept.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={"invalid": "Seats must be a whole number, for example 150"},
    )
    refreshments_per_head = _money(
        "Refreshments per head", "The caterer's price per guest attending, for example 18.50."
    )
    details = forms.CharField(
        label="Details for guests (optional)",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown on the invitation and the reply page: parking, dress code, the room.",
    )

    money_fields = ("refreshments_per_head",)

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The end time must be after the start time")
        day, rsvp_by = cleaned.get("day"), cleaned.get("rsvp_by")
        if day and rsvp_by and rsvp_by > day:
            self.add_error("rsvp_by", "The reply-by date must be on or before the ceremony")
        if day and not datetime.date(2000, 1, 1) <= day <= datetime.date(2100, 12, 31):
            self.add_error("day", "Enter a date between 2000 and 2100")
        return cleaned


class GuestForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the guest's name"}
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The invitation and their personal reply link go here.",
        error_messages={
            "required": "Enter the guest's email address",
            "invalid": "Enter an email address like name@example.org",
        },
    )
    organisation = forms.CharField(label="Organisation (optional)", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="Guest type",
        choices=GuestKind.choices,
        initial=GuestKind.GUEST,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the guest type"},
    )


class FindPersonForm(forms.Form):
    q = forms.CharField(
        label="Name or email address",
        max_length=100,
        error_messages={"required": "Enter a name or email address to search for"},
    )
    kind = forms.ChoiceField(
        label="Add them as", choices=GuestKind.choices, initial=GuestKind.GUEST
    )


class AnswerForm(forms.Form):
    """The guest's reply (and the coordinator's record of one)."""

    attending = forms.ChoiceField(
        label="Will you attend?",
        choices=[("yes", "Yes, I will attend"), ("no", "No, I cannot attend")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you will attend"},
    )
    dietary_needs = forms.MultipleChoiceField(
        label="Dietary needs (optional)",
        required=False,
        choices=DietaryNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="For the networking lunch. Tick all that apply.",
    )
    dietary_other = forms.CharField(
        label="Other dietary needs or allergies (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    access_needs = forms.CharField(
        label="Access needs (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example step-free access, a hearing loop, or a seat near the front.",
    )


class RunningOrderItemForm(forms.Form):
    kind = forms.ChoiceField(label="Type", choices=RunningOrderKind.choices)
    title = forms.CharField(
        label="What happens",
        max_length=200,
        help_text="For example, 'Keynote: what 20 years of problem-solving taught us'.",
        error_messages={"required": "Enter what happens"},
    )
    speaker = forms.CharField(label="Speaker or host (optional)", required=False, max_length=200)
    duration_minutes = forms.IntegerField(
        label="Minutes",
        min_value=1,
        max_value=480,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter how many minutes it lasts",
            "invalid": "Minutes must be a whole number, for example 15",
            "min_value": "An item lasts at least 1 minute",
            "max_value": "An item lasts at most 480 minutes (8 hours)",
        },
    )


class ExhibitorForm(MoneyForm):
    organisation = forms.CharField(
        label="Organisation", max_length=200, error_messages={"required": "Enter the organisation"}
    )
    contact_name = forms.CharField(
        label="Contact name", max_length=150, error_messages={"required": "Enter the contact name"}
    )
    contact_email = forms.EmailField(
        label="Contact email address",
        max_length=254,
        error_messages={
            "required": "Enter the contact's email address",
            "invalid": "Enter an email address like name@example.org",
        },
    )
    contact_phone = forms.CharField(label="Phone (optional)", required=False, max_length=40)
    stall_fee = _money("Stall fee")
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example power needed, or a table near the entrance.",
    )

    money_fields = ("stall_fee",)


class BudgetLineForm(MoneyForm):
    kind = forms.ChoiceField(
        label="Cost or income",
        choices=BudgetLineKind.choices,
        initial=BudgetLineKind.COST,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label="Description",
        max_length=200,
        help_text="For example, 'Venue hire', 'Trophies and engraving', 'Sponsorship'.",
        error_messages={"required": "Enter a description"},
    )
    amount = _money("Amount")

    money_fields = ("amount",)
