"""The register form: one attended / did-not-attend choice per person booked."""

from django import forms

from training.enums import BookingStatus

MARK_CHOICES = [("attended", "Attended"), ("no_show", "Did not attend")]
_INITIAL = {BookingStatus.ATTENDED: "attended", BookingStatus.NO_SHOW: "no_show"}


class RegisterForm(forms.Form):
    """A required radio group per booking, named ``mark_<booking id>``."""

    def __init__(self, *args, bookings, **kwargs):
        super().__init__(*args, **kwargs)
        self.bookings = list(bookings)
        for booking in self.bookings:
            name = booking.person.get_full_name() or booking.person.username
            self.fields[f"mark_{booking.pk}"] = forms.ChoiceField(
                label=f"Attendance of {name}",
                choices=MARK_CHOICES,
                widget=forms.RadioSelect,
                initial=_INITIAL.get(booking.status),
                error_messages={"required": f"Select whether {name} attended"},
            )

    def rows(self):
        """(booking, bound field) for each person, in register order."""
        for booking in self.bookings:
            yield booking, self[f"mark_{booking.pk}"]

    def marks(self) -> dict[int, str]:
        return {booking.pk: self.cleaned_data[f"mark_{booking.pk}"] for booking in self.bookings}
