"""Object-level permission rules for people (django-rules predicates)."""

import rules

from people.enums import Role


def has_role(role: Role) -> rules.Predicate:
    """Whether the user holds ``role``: ``people.selectors.roles_of``, the one place a
    person's roles are read (once a request, kept between requests until data changes)."""

    def holds(user) -> bool:
        from people.selectors import roles_of

        return getattr(user, "is_authenticated", False) and role in roles_of(user)

    return rules.Predicate(holds, name=f"has_role:{role.value}")


is_programme_admin = has_role(Role.PROGRAMME_ADMIN)
is_awards_coordinator = has_role(Role.AWARDS_COORDINATOR)
is_trainer = has_role(Role.TRAINER)
is_duties = has_role(Role.DUTIES)
is_assessor = has_role(Role.ASSESSOR)
is_iqa = has_role(Role.IQA)
is_judge = has_role(Role.JUDGE)
is_cms_editor = has_role(Role.CMS_EDITOR)
is_admin = rules.is_superuser | is_programme_admin

# Permissions that are a person's own ("my entry", "my enrolment's evidence", "the
# assignment I was given"): holding them means *being* that person, so a superuser is
# not given them automatically (``User.has_perm`` asks the rule alone). Without this a
# superuser could submit anyone's entry, score as any judge or decide as any assessor.
PERSONAL_PERMISSIONS: set[str] = set()


def add_personal_perm(name: str, predicate: rules.Predicate) -> None:
    """Declare a personal permission: like ``rules.add_perm``, but never implied by
    ``is_superuser`` (see ``PERSONAL_PERMISSIONS``)."""
    PERSONAL_PERMISSIONS.add(name)
    rules.add_perm(name, predicate)


@rules.predicate
def is_self(user, person) -> bool:
    return person is not None and user.pk == person.pk


@rules.predicate
def is_line_manager_of(user, person) -> bool:
    return person is not None and person.line_manager_id == user.pk


# A profile is seen by its owner, their line manager and the administrators.
rules.add_perm(
    "people.view_person", rules.is_authenticated & (is_self | is_line_manager_of | is_admin)
)
rules.add_perm("people.change_person", rules.is_authenticated & is_admin)
