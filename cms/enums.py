"""Fixed vocabularies of the CMS: the library's taxonomy, evaluation levels and award places."""

from django.db import models


class GuidelineArea(models.TextChoices):
    """The College of Policing's neighbourhood policing guideline areas (a fixed taxonomy)."""

    ENGAGING_COMMUNITIES = "engaging-communities", "Engaging communities"
    SOLVING_PROBLEMS = "solving-problems", "Solving problems"
    TARGETING_ACTIVITY = "targeting-activity", "Targeting activity"
    PROMOTING_CULTURE = "promoting-the-right-culture", "Promoting the right culture"
    ANALYTICAL_CAPABILITY = "building-analytical-capability", "Building analytical capability"
    DEVELOPING_PEOPLE = (
        "developing-officers-staff-and-volunteers",
        "Developing officers, staff and volunteers",
    )
    SHARING_LEARNING = "developing-and-sharing-learning", "Developing and sharing learning"


class EvaluationLevel(models.TextChoices):
    """How strong the evidence behind a case study is; shown prominently on every case study."""

    NONE = "none", "No documented evaluation"
    LIGHT_TOUCH = "light-touch", "Light-touch assessment"
    FORMAL = "formal", "Formal evaluation"


# The short form the library's results table uses (its column is headed "Evaluation").
EVALUATION_SHORT_LABEL = {
    EvaluationLevel.NONE: "None documented",
    EvaluationLevel.LIGHT_TOUCH: "Light-touch",
    EvaluationLevel.FORMAL: "Formal",
}

# What each level means, for a reader judging how far to rely on a case study.
EVALUATION_MEANING = {
    EvaluationLevel.NONE: (
        "No evaluation or assessment of this practice has been documented. Treat it as an "
        "idea worth testing rather than proven."
    ),
    EvaluationLevel.LIGHT_TOUCH: (
        "A light-touch assessment has been made, such as comparing figures before and after "
        "or asking participants. It suggests, but does not prove, that the practice works."
    ),
    EvaluationLevel.FORMAL: (
        "A formal evaluation has tested whether the practice achieves what it sets out to do."
    ),
}

# GOV.UK tag colours for the evaluation level, strongest evidence darkest.
EVALUATION_TAG_CLASS = {
    EvaluationLevel.NONE: "govuk-tag--grey",
    EvaluationLevel.LIGHT_TOUCH: "govuk-tag--blue",
    EvaluationLevel.FORMAL: "govuk-tag--green",
}


class SourceKind(models.TextChoices):
    """Where practice published into the library came from."""

    AWARD_ENTRY = "award-entry", "POP awards finalist entry"
    PORTFOLIO_CASE_STUDY = "portfolio-case-study", "Qualification work-based case study"


class Placing(models.TextChoices):
    """A finalist's result in a POP awards cycle."""

    GOLD = "gold", "Gold"
    SILVER = "silver", "Silver"
    BRONZE = "bronze", "Bronze"
    FINALIST = "finalist", "Finalist"


PLACING_TAG_CLASS = {
    Placing.GOLD: "govuk-tag--yellow",
    Placing.SILVER: "govuk-tag--grey",
    Placing.BRONZE: "govuk-tag--orange",
    Placing.FINALIST: "govuk-tag--blue",
}
