from django.apps import AppConfig


class PortfoliosConfig(AppConfig):
    name = "portfolios"
    verbose_name = "Qualifications and portfolios"

    def ready(self) -> None:
        from core import registry
        from people.enums import Role

        for section in (
            registry.Section(
                "portfolio",
                "My qualification",
                "Your enrolment, the evidence you have uploaded against each unit and what your "
                "assessor said.",
                order=20,
                roles=frozenset({Role.STAFF.value}),
            ),
            registry.Section(
                "assessor",
                "Candidates to assess",
                "Evidence waiting for your decision and the candidates you assess.",
                order=21,
                roles=frozenset({Role.ASSESSOR.value}),
            ),
            registry.Section(
                "iqa",
                "Quality assurance sample",
                "Assessor decisions sampled for you to review.",
                order=22,
                roles=frozenset({Role.IQA.value}),
            ),
        ):
            registry.register_section(section)
