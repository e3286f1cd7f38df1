from django.db import models


class Rank(models.IntegerChoices):
    """Ranks and grades, ordered so that a higher value is a higher rank.

    Non-warranted grades (partner and police staff) sit below PCSO; they never
    outrank anyone for assessment purposes (see ``people.selectors.outranks``).
    """

    PARTNER_STAFF = 1, "Partner staff"
    POLICE_STAFF = 2, "Police staff"
    PCSO = 10, "PCSO"
    SPECIAL_CONSTABLE = 15, "Special Constable"
    PC = 20, "PC"
    SERGEANT = 30, "Sergeant"
    INSPECTOR = 40, "Inspector"
    CHIEF_INSPECTOR = 50, "Chief Inspector"
    SUPERINTENDENT = 60, "Superintendent"


class Function(models.TextChoices):
    NEIGHBOURHOODS = "neighbourhoods", "Neighbourhoods"
    RESPONSE = "response", "Response"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    INTELLIGENCE = "intelligence", "Intelligence"
    ASB = "asb", "Anti-social behaviour"
    CRIME = "crime", "Crime"
    PARTNER = "partner", "Partner agency"


class OrganisationType(models.TextChoices):
    FORCE = "force", "Police force"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    TRANSPORT = "transport", "Transport authority"
    HOUSING = "housing", "Housing provider"
    PCC = "pcc", "Police and crime commissioner's office"
    YOUTH_OFFENDING = "youth_offending", "Youth offending team"
    FIRE = "fire", "Fire and rescue service"
    HEALTH = "health", "Health"
    VOLUNTARY = "voluntary", "Voluntary sector"
    OTHER = "other", "Other partner"


class Role(models.TextChoices):
    """Roles a person can hold; each is a Django group of the same name."""

    STAFF = "Staff member", "Staff member"
    TRAINER = "Trainer", "Trainer"
    DUTIES = "Duties", "Duties"
    ASSESSOR = "Assessor", "Assessor"
    IQA = "Internal quality assurer", "Internal quality assurer"
    JUDGE = "Judge", "Judge"
    AWARDS_COORDINATOR = "Awards coordinator", "Awards coordinator"
    PROGRAMME_ADMIN = "Programme administrator", "Programme administrator"
    CMS_EDITOR = "CMS editor", "CMS editor"
