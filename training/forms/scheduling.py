"""Forms trainers and coordinators use to schedule, change and cancel sessions.

They only collect and tidy input: the rules (clashes, capacity, approval) live
in ``training.services.scheduling`` and come back as errors on these forms.
"""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from core.concurrency import VersionField
from people.enums import Role
from training import times
from training.models import Session
from training.selectors import sessions as selectors

User = get_user_model()

# Which field a refusal from the scheduling service belongs to (None: the form).
ERROR_FIELDS = {
    "not_approved": "course",
    "inactive_course": "course",
    "capacity": "capacity",
    "capacity_below_taken": "capacity",
    "venue_clash": "venue",
    "trainer_overlap": "trainers",
    "expert_overlap": "experts",
    "past": "day",
    "too_far": "year",
    "no_such_time": "start_time",
    "ambiguous_time": "start_time",
}


class PersonChoiceLabel:
    """'Sarah Lindqvist (Sergeant, Harrowgate Central neighbourhood team)'."""

    @staticmethod
    def label(person) -> str:
        name = person.get_full_name() or person.username
        extra = [person.get_rank_display()]
        if person.team_id:
            extra.append(person.team.name)
        elif person.organisation_id:
            extra.append(person.organisation.name)
        return f"{name} ({', '.join(extra)})"


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return PersonChoiceLabel.label(obj)


def _number_input(width: int, autocomplete: str) -> forms.TextInput:
    return forms.TextInput(
        attrs={
            "inputmode": "numeric",
            "class": f"govuk-date-input__input govuk-input--width-{width}",
            "autocomplete": autocomplete,
        }
    )


class SessionForm(forms.Form):
    """Schedule a session: course, venue, date and start time (Europe/London), places, staff."""

    course = forms.ModelChoiceField(
        queryset=None,
        empty_label="Choose a course",
        help_text="Only the courses you are approved to deliver are listed.",
        error_messages={"required": "Choose the course"},
    )
    venue = forms.ModelChoiceField(
        queryset=None,
        empty_label="Choose a venue",
        error_messages={"required": "Choose the venue"},
    )
    day = forms.IntegerField(
        min_value=1,
        max_value=31,
        widget=_number_input(2, "off"),
        error_messages={
            "required": "Enter the day the session is on",
            "invalid": "The day must be a number",
        },
    )
    month = forms.IntegerField(
        min_value=1,
        max_value=12,
        widget=_number_input(2, "off"),
        error_messages={
            "required": "Enter the month the session is in",
            "invalid": "The month must be a number",
        },
    )
    year = forms.IntegerField(
        min_value=2000,
        max_value=2100,
        widget=_number_input(4, "off"),
        error_messages={
            "required": "Enter the year the session is in",
            "invalid": "The year must be a number, for example 2027",
        },
    )
    start_time = forms.TimeField(
        label="Start time",
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        help_text="Use the 24-hour clock, UK time, for example 09:30. The session ends after "
        "the course's length.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}),
        error_messages={
            "required": "Enter the start time",
            "invalid": "Enter the start time as hours and minutes, for example 09:30",
        },
    )
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=1000,
        help_text="No more than the venue holds.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter how many places the session has",
            "invalid": "Places must be a whole number, for example 25",
            "min_value": "A session needs at least 1 place",
        },
    )
    trainers = PeopleField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one trainer"},
    )
    experts = PeopleField(
        label="Subject matter experts (optional)",
        queryset=None,
        required=False,
        help_text="People from the force or partner agencies who present part of the session. "
        "They are sent notice of the date.",
        # A list of checkboxes (every option reachable without a script); static/js
        # adds a box that filters the list by name as you type.
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label="Notes for people who book (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, what to bring or where to park.",
    )

    def __init__(self, *args, user, session: Session | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if "course" in self.fields:
            self.fields["course"].queryset = selectors.schedulable_courses(user)
        self.fields["venue"].queryset = selectors.venues()
        current = list(session.trainers.values_list("pk", flat=True)) if session else []
        self.fields["trainers"].queryset = (
            User.objects.filter(Q(groups__name=Role.TRAINER.value) | Q(pk__in=current))
            .filter(is_active=True)
            .select_related("team", "organisation")
            .order_by("last_name", "first_name")
            .distinct()
        )
        self.fields["experts"].queryset = selectors.expert_choices().select_related(
            "team", "organisation"
        )

    @property
    def date_errors(self) -> list[str]:
        return [e for name in ("day", "month", "year") for e in self.errors.get(name, [])]

    def clean(self):
        cleaned = super().clean()
        day, month, year = (cleaned.get(k) for k in ("day", "month", "year"))
        if None in (day, month, year):
            return cleaned
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            self.add_error("day", "The date must be a real date, for example 27 3 2027")
            return cleaned
        cleaned["date"] = date
        start_time = cleaned.get("start_time")
        if start_time is not None:
            try:
                cleaned["starts_at"] = times.london_datetime(date, start_time)
            except times.LocalTimeError as error:
                self.add_error("start_time", error.message)
        return cleaned

    @classmethod
    def initial_for(cls, session: Session) -> dict:
        starts = times.london(session.starts_at)
        return {
            "venue": session.venue_id,
            "day": starts.day,
            "month": starts.month,
            "year": starts.year,
            "start_time": starts.strftime("%H:%M"),
            "capacity": session.capacity,
            "trainers": list(session.trainers.all()),
            "experts": list(session.subject_matter_experts.all()),
            "notes": session.notes,
        }


class SessionChangeForm(SessionForm):
    """Change a session: everything but the course; ``version`` is what the editor saw."""

    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["course"]


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label="Why is the session being cancelled?",
        max_length=1000,
        help_text="Everyone booked is emailed this reason with the cancellation.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the session is being cancelled"},
    )
