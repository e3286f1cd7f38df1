import rules
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from people.enums import Function, OrganisationType, Rank
from people.rules import PERSONAL_PERMISSIONS


class Organisation(models.Model):
    """The force or a partner agency."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    type = models.CharField(max_length=30, choices=OrganisationType.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """A policing district (basic command unit) of the force."""

    name = models.CharField(max_length=100, unique=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="districts"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team within a district, e.g. 'Harrowgate Central neighbourhood team'."""

    name = models.CharField(max_length=150)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="teams")
    function = models.CharField(max_length=20, choices=Function.choices)

    class Meta:
        ordering = ["district__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="team_unique_in_district")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.district})"


class User(AbstractUser):
    """A person who uses the portal, with their staff profile."""

    rank = models.PositiveSmallIntegerField(choices=Rank.choices, default=Rank.POLICE_STAFF)
    function = models.CharField(max_length=20, choices=Function.choices, blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    line_manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    role_started_on = models.DateField(
        null=True,
        blank=True,
        help_text="When they started their current role, for 'new to the role' training rules.",
    )
    competent_to_assess = models.BooleanField(
        default=False, help_text="Operationally competent to assess qualification candidates."
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        permissions = [
            ("view_people_directory", "Can view everyone's staff profile"),
            ("manage_people", "Can change staff profiles and roles"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(line_manager=models.F("pk")), name="user_not_own_line_manager"
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_perm(self, perm: str, obj=None) -> bool:
        """Django's answer, except that a personal permission (``people.rules.
        add_personal_perm``) is the rule's answer alone, superuser or not."""
        if perm in PERSONAL_PERMISSIONS:
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    @property
    def rank_label(self) -> str:
        return Rank(self.rank).label

    @property
    def display_name(self) -> str:
        """'PC Amy Khan' for officers; the name alone for staff and partners."""
        name = self.get_full_name() or self.username
        if self.rank >= Rank.PCSO:
            return f"{self.rank_label} {name}"
        return name
