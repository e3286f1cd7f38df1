"""The post-session survey: a 1 to 5 rating per statement and optional comments."""

from django import forms

from training.models import Feedback
from training.services.feedback import RATING_CHOICES


class FeedbackForm(forms.Form):
    """One radios field per ``Feedback.STATEMENTS`` entry, then comments."""

    comments = forms.CharField(
        label="Comments (optional)",
        help_text="What worked, what could be better, what you will do differently. "
        "Please do not name colleagues or members of the public.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "Comments must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ratings = {}
        for key, statement in Feedback.STATEMENTS.items():
            ratings[key] = forms.TypedChoiceField(
                label=statement,
                choices=RATING_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Select how much you agree with ‘{statement.rstrip('.')}’",
                    "invalid_choice": "Select a rating from 1 to 5",
                },
            )
        # Statements first, in the survey's order, then comments.
        self.fields = {**ratings, "comments": self.fields["comments"]}

    def rating_fields(self) -> list[forms.BoundField]:
        return [self[key] for key in Feedback.STATEMENTS]

    def ratings(self) -> dict[str, int]:
        return {key: self.cleaned_data[key] for key in Feedback.STATEMENTS}
