"""Forms for entrants, judges and the coordinator. They collect and tidy input; the rules
live in ``awards.services`` and come back as errors on these forms."""

import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.utils import timezone

from awards.attachments import ATTACHMENT_POLICY
from awards.enums import ConflictStatus
from awards.models import SARA_SECTIONS, Category, Criterion, Entry
from core.concurrency import VersionField
from core.uploads import PrivateFileField
from people.models import Organisation, User

LONDON = zoneinfo.ZoneInfo(settings.TIME_ZONE)
TEXT_MAX = 60_000  # characters per section: far beyond 4,000 words, short of abuse


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        extra = obj.organisation.name if obj.organisation_id else obj.get_rank_display()
        return f"{obj.get_full_name() or obj.username} ({extra})"


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class PartnersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.get_type_display().lower()})"


def _categories(cycle) -> forms.ModelChoiceField:
    return CategoryChoiceField(
        queryset=Category.objects.filter(cycle=cycle).order_by("order", "name"),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the category you are entering"},
    )


class StartEntryForm(forms.Form):
    """Category and title; and, for a candidate with signed-off work-based case studies,
    whether to start from one of them (then the title may be left for the case study's)."""

    BLANK = ""

    title = forms.CharField(
        label="Title of your entry",
        max_length=200,
        required=False,
        help_text="A short name for the problem and what you did, for example 'Closing the "
        "alleyway: burglary on the Moorside estate'.",
    )

    def __init__(self, *args, cycle, case_studies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"] = _categories(cycle)
        self.fields["category"].label = "Category"
        self.case_studies = {str(study.evidence_id): study for study in case_studies}
        if self.case_studies:
            self.fields["start_from"] = forms.ChoiceField(
                label="Start from",
                choices=[
                    (self.BLANK, "A blank entry"),
                    *(
                        (key, f"My case study '{study.title}' ({study.qualification})")
                        for key, study in self.case_studies.items()
                    ),
                ],
                required=False,
                initial=self.BLANK,
                widget=forms.RadioSelect,
                help_text="A signed-off work-based case study from your portfolio fills in the "
                "SARA sections, key figures and partners; you can change them before you submit.",
            )
            self.fields["title"].help_text += " Leave it blank to use the case study's title."
        self.order_fields(["start_from", "category", "title"])

    def clean(self):
        data = super().clean()
        chosen = data.get("start_from") or self.BLANK
        data["case_study_id"] = int(chosen) if chosen != self.BLANK else None
        if data["case_study_id"] is None and not (data.get("title") or "").strip():
            self.add_error("title", "Enter a title for your entry")
        return data


class EntryForm(forms.Form):
    """The entry's text, category and partners. Works without JavaScript; the autosave
    script posts the same fields."""

    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter a title for your entry"},
    )
    summary = forms.CharField(
        label="Summary",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "data-count-words": "summary"}),
        help_text="Up to 250 words for the judges and the finalists' brochure: the problem, what "
        "you did and what changed. Not counted in the 4,000 words.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    overwrite = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, entry: Entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"] = _categories(entry.cycle)
        self.fields["category"].label = "Category"
        self.fields["partners"] = PartnersField(
            label="Partners",
            queryset=Organisation.objects.order_by("type", "name"),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            help_text="Every organisation that worked on it with you, your own included. "
            "The force must be a partner in every entry, and the transport authority in "
            "every Safer Travel entry.",
        )
        for name, heading, prompt in SARA_SECTIONS:
            self.fields[name] = forms.CharField(
                label=heading,
                required=False,
                max_length=TEXT_MAX,
                help_text=prompt,
                widget=forms.Textarea(attrs={"rows": 12, "data-count-words": "sara"}),
            )
        self.order_fields(
            ["title", "category", "partners", "summary", *(n for n, _, _ in SARA_SECTIONS)]
        )

    @classmethod
    def initial_for(cls, entry: Entry) -> dict:
        return {
            "title": entry.title,
            "summary": entry.summary,
            "category": entry.category_id,
            "partners": [org.pk for org in entry.partners.all()],
            "version": entry.version,
            **{name: getattr(entry, name) for name, _, _ in SARA_SECTIONS},
        }


class CoEntrantForm(forms.Form):
    person = forms.CharField(
        label="Email address or username of your colleague",
        max_length=254,
        help_text="They must have a POP Portal account. They will be able to read and edit the "
        "entry; only you can submit or withdraw it.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter your colleague's email address or username"},
    )

    def clean_person(self) -> User:
        value = self.cleaned_data["person"].strip()
        person = (
            User.objects.filter(is_active=True, email__iexact=value).first()
            or User.objects.filter(is_active=True, username__iexact=value).first()
        )
        if person is None:
            raise forms.ValidationError(
                "No one with that email address or username can sign in to the portal. Check "
                "it, or ask them to get an account first."
            )
        return person


class AttachmentForm(forms.Form):
    file = PrivateFileField(
        label="Upload a figure, photo or PDF",
        policy=ATTACHMENT_POLICY,
        help_text=f"{ATTACHMENT_POLICY.describe()}. Photos are saved without their camera and "
        "location details.",
        error_messages={"required": "Choose a file to upload"},
    )
    caption = forms.CharField(
        label="Caption (optional)",
        required=False,
        max_length=200,
        help_text="For example, 'Figure 2: calls about the underpass by month'. Leave out "
        "people's names: some rounds are judged anonymously.",
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing the entry? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _number_input(width: int) -> forms.TextInput:
    return forms.TextInput(
        attrs={
            "inputmode": "numeric",
            "class": f"govuk-date-input__input govuk-input--width-{width}",
            "autocomplete": "off",
        }
    )


class DateTimeParts(forms.Form):
    """Day, month, year and a time (UK time), bounded so no date can reach a 500."""

    day = forms.IntegerField(
        min_value=1,
        max_value=31,
        widget=_number_input(2),
        error_messages={"required": "Enter the day", "invalid": "The day must be a number"},
    )
    month = forms.IntegerField(
        min_value=1,
        max_value=12,
        widget=_number_input(2),
        error_messages={"required": "Enter the month", "invalid": "The month must be a number"},
    )
    year = forms.IntegerField(
        min_value=2000,
        max_value=2100,
        widget=_number_input(4),
        error_messages={
            "required": "Enter the year",
            "invalid": "The year must be a number, for example 2027",
            "min_value": "The year must be 2000 or later",
            "max_value": "The year must be 2100 or earlier",
        },
    )
    time = forms.TimeField(
        label="Time",
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        help_text="24-hour clock, UK time, for example 17:00.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}),
        error_messages={
            "required": "Enter the time",
            "invalid": "Enter the time as hours and minutes, for example 17:00",
        },
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
        moment = cleaned.get("time")
        if moment is not None:
            local = datetime.datetime.combine(date, moment, tzinfo=LONDON)
            # A time that does not exist (clocks go forward) or happens twice (back).
            round_trip = local.astimezone(datetime.UTC).astimezone(LONDON)
            if round_trip.replace(tzinfo=None) != local.replace(tzinfo=None) or (
                local.replace(fold=1).utcoffset() != local.utcoffset()
            ):
                self.add_error(
                    "time", "The clocks change at that time that night. Choose another time."
                )
                return cleaned
            cleaned["moment"] = local
        return cleaned


class ExtensionForm(DateTimeParts):
    reason = forms.CharField(
        label="Reason for the extension",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded with the extension and sent to the entrants.",
        error_messages={"required": "Enter the reason for the extension"},
    )

    field_order = ["day", "month", "year", "time", "reason"]


class GuidanceTalkForm(DateTimeParts):
    venue = forms.ModelChoiceField(
        queryset=None,
        empty_label="Choose a venue",
        error_messages={"required": "Choose the venue"},
    )
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=1000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        help_text="No more than the venue holds.",
        error_messages={
            "required": "Enter how many places the talk has",
            "invalid": "Places must be a whole number, for example 40",
        },
    )

    def __init__(self, *args, **kwargs):
        from training.models import Venue

        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = Venue.objects.select_related("district").order_by(
            "district__name", "name"
        )


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label="What is the conflict?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: 'I line-manage the lead entrant' or 'my team worked on this "
        "project'. The coordinator sees this; the entrants do not.",
        error_messages={"required": "Say what the conflict is"},
    )


class ScoreForm(forms.Form):
    """One 1-10 score and a comment per criterion of the round's rubric."""

    version = VersionField()

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        choices = [(str(n), str(n)) for n in range(1, 11)]
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.title,
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                help_text=criterion.guidance,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=f"Comment on {criterion.title[0].lower()}{criterion.title[1:]} (optional)",
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def rows(self):
        """(criterion, score field, comment field) for the template."""
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, tuple[int | None, str]]:
        return {
            c.pk: (self.cleaned_data.get(f"score_{c.pk}"), self.cleaned_data.get(f"comment_{c.pk}"))
            for c in self.criteria
        }

    @classmethod
    def initial_for(cls, scores) -> dict:
        initial = {}
        for score in scores:
            initial[f"score_{score.criterion_id}"] = (
                str(score.value) if score.value is not None else None
            )
            initial[f"comment_{score.criterion_id}"] = score.comment
        return initial


class InviteJudgeForm(forms.Form):
    judge = PersonChoiceField(
        label="Judge to invite",
        queryset=User.objects.none(),
        empty_label="Choose a judge",
        help_text="People with the judge role who are not on this panel yet.",
        error_messages={"required": "Choose the judge to invite"},
    )

    def __init__(self, *args, judges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = judges


class RunAssignmentForm(forms.Form):
    judges_per_entry = forms.IntegerField(
        label="Judges per entry",
        min_value=0,
        max_value=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
        help_text="0 gives every entry to every judge on the panel who has no conflict with it.",
        error_messages={
            "required": "Enter how many judges each entry needs",
            "invalid": "Enter a whole number, for example 3",
        },
    )


class HandAssignForm(forms.Form):
    judge = PersonChoiceField(
        label="Give this entry to",
        queryset=User.objects.none(),
        empty_label="Choose a judge",
        error_messages={"required": "Choose a judge"},
    )

    def __init__(self, *args, judges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = judges


class DecideConflictForm(forms.Form):
    decision = forms.ChoiceField(
        label="Is this a conflict of interest?",
        choices=[
            (ConflictStatus.CONFIRMED.value, "Yes, confirm it: the judge does not score the entry"),
            (ConflictStatus.DISMISSED.value, "No, dismiss it: the judge may score the entry"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to confirm or dismiss the conflict"},
    )
    note = forms.CharField(
        label="Note (needed to dismiss)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def default_extension(entry: Entry) -> dict:
    moment = timezone.localtime(max(entry.deadline, timezone.now()) + datetime.timedelta(days=7))
    return {
        "day": moment.day,
        "month": moment.month,
        "year": moment.year,
        "time": "17:00",
    }
