from django.apps import AppConfig


class PortfoliosConfig(AppConfig):
    name = "portfolios"
    verbose_name = "Qualifications and portfolios"

    def ready(self) -> None:
        from django.conf import settings
        from django.db.models.signals import post_save

        from core import registry
        from people.enums import Role
        from people.roles import register_role_permissions
        from portfolios import demo
        from portfolios.scale import seed_scale_portfolios

        register_role_permissions(
            Role.PROGRAMME_ADMIN,
            [
                "portfolios.manage_enrolments",
                *(
                    f"portfolios.{action}_{model}"
                    for model in ("qualification", "cohort", "samplingplan")
                    for action in ("add", "change", "view")
                ),
            ],
        )
        from django.apps import apps
        from django.db.models.signals import m2m_changed

        post_save.connect(
            _check_assessor_rule, sender=settings.AUTH_USER_MODEL, dispatch_uid="portfolios.rule"
        )
        m2m_changed.connect(
            _roles_changed,
            sender=apps.get_model(settings.AUTH_USER_MODEL).groups.through,
            dispatch_uid="portfolios.rule.roles",
        )
        staff = frozenset({Role.STAFF.value})
        admin = frozenset({Role.PROGRAMME_ADMIN.value})
        for link in (
            # For every staff member (the page says so if they are not enrolled): asking
            # "are they a candidate?" on every page would cost a query on each request.
            registry.NavLink("My qualification", "/portfolios/", order=20, roles=staff),
            registry.NavLink(
                "Assessing",
                "/portfolios/assessing/",
                order=21,
                roles=frozenset({Role.ASSESSOR.value}),
            ),
            registry.NavLink(
                "Quality assurance",
                "/portfolios/quality/",
                order=22,
                roles=frozenset({Role.IQA.value}),
            ),
            # "/portfolios/c" stands for both /portfolios/cohort/ and /portfolios/claim/.
            registry.NavLink(
                "Portfolios", "/portfolios/cohort/", order=23, roles=admin, prefix="/portfolios/c"
            ),
        ):
            registry.register_nav_link(link)
        for section in (
            registry.Section(
                "portfolio",
                "My qualification",
                "Your enrolment, the evidence you have uploaded against each unit and what your "
                "assessor said.",
                order=20,
                roles=staff,
                when=_is_candidate,
                template="portfolios/dashboard/portfolio.html",
                context="portfolios.views.candidate.portfolio_section",
            ),
            registry.Section(
                "assessor",
                "Candidates to assess",
                "Evidence waiting for your decision and the candidates you assess.",
                order=21,
                roles=frozenset({Role.ASSESSOR.value}),
                template="portfolios/dashboard/assessor.html",
                context="portfolios.views.assessing.assessor_section",
            ),
            registry.Section(
                "iqa",
                "Quality assurance sample",
                "Assessor decisions sampled for you to review.",
                order=22,
                roles=frozenset({Role.IQA.value}),
                template="portfolios/dashboard/iqa.html",
                context="portfolios.views.quality.iqa_section",
            ),
            registry.Section(
                "portfolios_admin",
                "Qualification candidates",
                "Cohorts, at-risk candidates, assessor flags and the awarding-body claim.",
                order=24,
                roles=admin,
                template="portfolios/dashboard/coordinator.html",
                context="portfolios.views.cohort.coordinator_section",
            ),
        ):
            registry.register_section(section)
        registry.register_demo(
            registry.DemoLoader("portfolios", order=40, load=demo.seed_portfolios)
        )
        registry.register_scale(
            registry.ScaleLoader("portfolios", order=40, load=seed_scale_portfolios)
        )


def _is_candidate(user) -> bool:
    cached = getattr(user, "_pop_is_candidate", None)
    if cached is None:
        from portfolios.models import Enrolment

        cached = user._pop_is_candidate = Enrolment.objects.filter(candidate=user).exists()
    return cached


def _roles_changed(sender, instance, action, reverse=False, pk_set=None, **kwargs) -> None:
    """Losing the assessor role breaks the rule too (roles are groups)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    # reverse: a group's members changed; else one person's groups did.
    people = list(pk_set or []) if reverse else [instance.pk]
    from django.db import transaction

    from portfolios.services.assessors import check_assignments

    transaction.on_commit(lambda: check_assignments(person_ids=people))


def _check_assessor_rule(sender, instance, created, raw=False, **kwargs) -> None:
    """A change of rank, role or competence may break an assessor assignment: re-check it."""
    if raw or created:
        return
    from django.db import transaction

    from portfolios.services.assessors import check_assignments

    transaction.on_commit(lambda: check_assignments(person_ids=[instance.pk]))
