"""Forms for booking, cancelling and deciding on bookings (no rules here: the service decides)."""

from django import forms


class BookForm(forms.Form):
    """The Book / Join the waiting list buttons post this."""

    waitlist_if_blocked = forms.BooleanField(required=False, widget=forms.HiddenInput)


class CancelBookingForm(forms.Form):
    reason = forms.CharField(
        label="Why are you cancelling? (optional)",
        help_text="This helps the programme team plan future sessions.",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeclineBookingForm(forms.Form):
    reason = forms.CharField(
        label="Why are you declining this booking?",
        help_text="They will see this on their My training page. Keep it short.",
        max_length=300,
        error_messages={
            "required": "Enter a short reason for declining the booking",
            "max_length": "The reason must be 300 characters or fewer",
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )
