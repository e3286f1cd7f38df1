"""Forms for the portfolio pages (rendered by the GOV.UK form renderer)."""

import datetime

from django import forms
from django.db.models import Q

from core.concurrency import VersionField
from core.uploads import PrivateFileField
from people.enums import Role
from people.models import User
from portfolios.enums import EnrolmentStatus, Outcome
from portfolios.models import Cohort, Criterion, Qualification

MIN_DATE = datetime.date(2000, 1, 1)
MAX_DATE = datetime.date(2100, 12, 31)


class BoundedDateField(forms.DateField):
    """A date between 2000 and 2100: no 500 for 9999-12-31, a clear message instead."""

    widget = forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"})

    def clean(self, value):
        value = super().clean(value)
        if value and not MIN_DATE <= value <= MAX_DATE:
            raise forms.ValidationError("Enter a date between 2000 and 2100.")
        return value


class CriteriaField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.code} {obj.text}"


class EvidenceForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    criteria = CriteriaField(
        label="Which assessment criteria does it cover?",
        queryset=Criterion.objects.none(),
        error_messages={"required": "Choose at least one assessment criterion."},
    )
    description = forms.CharField(
        label="Describe the evidence",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What it shows and how it meets the criteria.",
    )

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria"].queryset = (
            Criterion.objects.filter(unit__qualification=enrolment.qualification_id)
            .select_related("unit")
            .order_by("unit__sort_order", "sort_order")
        )


class FileEvidenceForm(EvidenceForm):
    file = PrivateFileField(
        label="Upload a file",
        help_text="PDF, Word (.docx), JPEG or PNG, up to 20 MB.",
    )

    def __init__(self, *args, file_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].required = file_required
        if not file_required:
            self.fields["file"].help_text += " Leave empty to keep the current file."


class CaseStudyForm(EvidenceForm):
    scanning = forms.CharField(
        label="Scanning: what was the problem?", widget=forms.Textarea(attrs={"rows": 5})
    )
    analysis = forms.CharField(
        label="Analysis: what did you find out about it?", widget=forms.Textarea(attrs={"rows": 5})
    )
    response = forms.CharField(
        label="Response: what did you and your partners do?",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    assessment = forms.CharField(
        label="Assessment: what changed, and how do you know?",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    partners = forms.CharField(label="Partners involved", max_length=300, required=False)
    figures = forms.CharField(
        label="Key figures",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, calls for service before and after.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].label = "Summary"
        for name in ("scanning", "analysis", "response", "assessment"):
            self.fields[name].help_text = "Separate paragraphs with a blank line."


class WitnessForm(EvidenceForm):
    witness_name = forms.CharField(label="Witness’s full name", max_length=150)
    witness_role = forms.CharField(label="Witness’s job title", max_length=150, required=False)
    witness_email = forms.EmailField(label="Witness’s email address")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].label = "What did you do that the witness saw?"
        self.fields["description"].required = True
        self.fields["description"].help_text = (
            "The witness reads this and confirms it through a personal link that needs no "
            "account, works once and expires in 14 days."
        )


KIND_FORMS = {"file": FileEvidenceForm, "case_study": CaseStudyForm, "witness": WitnessForm}


class DecisionForm(forms.Form):
    version = VersionField()
    outcome = forms.ChoiceField(
        label="Your decision",
        choices=[(Outcome.ACCEPTED, "Accept"), (Outcome.REFERRED, "Refer back to the candidate")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose accept or refer."},
    )
    feedback = forms.CharField(
        label="Feedback to the candidate",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required when you refer: say what to change.",
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Outcome.REFERRED and not (data.get("feedback") or "").strip():
            self.add_error("feedback", "Say what the candidate needs to change.")
        return data


class IQAReviewForm(forms.Form):
    verdict = forms.ChoiceField(
        label="Do you agree with the assessor’s decision?",
        choices=[("agree", "Agree"), ("disagree", "Disagree: reopen the decision")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose agree or disagree."},
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required when you disagree; the assessor reads them.",
    )

    def clean(self):
        data = super().clean()
        if data.get("verdict") == "disagree" and not (data.get("notes") or "").strip():
            self.add_error("notes", "Say why you disagree, so the assessor can look again.")
        return data


class WitnessConfirmForm(forms.Form):
    statement = forms.CharField(
        label="In your own words, what did you see the candidate do?",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )
    confirmed = forms.BooleanField(
        label="I confirm the candidate’s account is accurate, as far as I saw.",
        error_messages={"required": "Tick the box to confirm the account is accurate."},
    )


class CohortFilterForm(forms.Form):
    qualification = forms.ModelChoiceField(
        label="Qualification",
        queryset=Qualification.objects.all(),
        required=False,
        empty_label="Any",
    )
    cohort = forms.ModelChoiceField(
        label="Cohort", queryset=Cohort.objects.all(), required=False, empty_label="Any"
    )
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any"), *EnrolmentStatus.choices], required=False
    )
    assessor = forms.ModelChoiceField(
        label="Assessor",
        queryset=User.objects.filter(groups__name=Role.ASSESSOR.value).order_by("last_name"),
        required=False,
        empty_label="Any",
    )
    at_risk = forms.BooleanField(label="Only at risk", required=False)
    flagged = forms.BooleanField(label="Only with an assessor flag", required=False)

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        for name in ("qualification", "cohort", "assessor"):
            if data.get(name):
                queryset = queryset.filter(**{name: data[name]})
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("at_risk"):
            queryset = queryset.filter(at_risk=True)
        if data.get("flagged"):
            queryset = queryset.exclude(assessor_flag="")
        return queryset


class EnrolForm(forms.Form):
    qualification = forms.ModelChoiceField(
        label="Qualification", queryset=Qualification.objects.filter(is_active=True)
    )
    cohort_name = forms.CharField(
        label="Cohort",
        max_length=150,
        help_text="An existing cohort’s name, or a new one, e.g. “Kirkmoor 2027 cohort”.",
    )
    start_date = BoundedDateField(label="Start date")
    candidates = forms.ModelMultipleChoiceField(
        label="Candidates",
        queryset=User.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text="Hold Ctrl (or Cmd) to choose several.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = (
            User.objects.filter(is_active=True)
            .exclude(Q(enrolments__status__in=["registered", "in_progress"]))
            .select_related("team")
            .order_by("last_name", "first_name")
        )
        self.fields["candidates"].label_from_instance = lambda u: (
            f"{u.display_name} ({u.team.name if u.team else u.job_title or u.username})"
        )


class AssessorForm(forms.Form):
    assessor = forms.ModelChoiceField(
        label="Assessor",
        queryset=User.objects.none(),
        required=False,
        empty_label="Let the rule choose",
        help_text="Competent assessors who outrank the candidate. The rule prefers one rank up "
        "and the lightest load, and avoids the line manager.",
    )
    reason = forms.CharField(label="Reason for the change", max_length=300, required=False)

    def __init__(self, *args, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = User.objects.filter(pk__in=[a.pk for a in eligible])
        loads = {a.pk: a.load for a in eligible}
        self.fields["assessor"].label_from_instance = lambda u: (
            f"{u.display_name} ({loads.get(u.pk, 0)} current candidates)"
        )


class CertifyForm(forms.Form):
    certified_on = BoundedDateField(label="Date on the certificates")


class RegistrationNumberForm(forms.Form):
    number = forms.CharField(
        label="Awarding body registration number",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )


class EndEnrolmentForm(forms.Form):
    status = forms.ChoiceField(
        label="How is the enrolment ending?",
        choices=[
            ("withdrawn", "Withdrawn: the candidate is stopping, for example they left the role"),
            ("lapsed", "Lapsed: the deadline has passed without the qualification complete"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the enrolment is ending"},
    )
    reason = forms.CharField(
        label="Why is the enrolment ending?",
        help_text="This is kept in the enrolment's history. The candidate is emailed.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the enrolment is ending"},
    )
