"""Object-level permissions for awards (django-rules predicates on the object)."""

import rules

from people.rules import add_personal_perm, is_awards_coordinator, is_judge


@rules.predicate
def is_lead(user, entry) -> bool:
    return entry is not None and entry.lead_id == user.pk


@rules.predicate
def is_co_entrant(user, entry) -> bool:
    if entry is None:
        return False
    cached = getattr(entry, "_prefetched_objects_cache", {}).get("co_entrants")
    if cached is not None:
        return any(person.pk == user.pk for person in cached)
    return entry.co_entrants.filter(pk=user.pk).exists()


@rules.predicate
def is_assigned_judge(user, assignment) -> bool:
    return assignment is not None and assignment.judge_id == user.pk


@rules.predicate
def is_invited_judge(user, member) -> bool:
    return member is not None and member.judge_id == user.pk


@rules.predicate
def may_view_attachment_entry(user, attachment) -> bool:
    return attachment is not None and user.has_perm("awards.view_entry", attachment.entry)


is_coordinator = rules.is_superuser | is_awards_coordinator
authenticated = rules.is_authenticated

# Entries: the team reads and edits; only the lead submits, withdraws and changes the team.
rules.add_perm("awards.view_entry", authenticated & (is_lead | is_co_entrant | is_coordinator))
add_personal_perm("awards.edit_entry", authenticated & (is_lead | is_co_entrant))
add_personal_perm("awards.submit_entry", authenticated & is_lead)
add_personal_perm("awards.withdraw_entry", authenticated & is_lead)
add_personal_perm("awards.manage_entry_team", authenticated & is_lead)
rules.add_perm("awards.view_attachment", authenticated & may_view_attachment_entry)
# Judging: the judge's own assignment (conflicts are checked by the selector and services).
add_personal_perm("awards.score_assignment", authenticated & is_assigned_judge)
add_personal_perm("awards.respond_to_invitation", authenticated & is_invited_judge)
rules.add_perm("awards.view_judging", authenticated & (is_judge | is_coordinator))
# Running the awards.
rules.add_perm("awards.manage_awards", authenticated & is_coordinator)
# The finalists' brochure: the team writes its own page; the coordinator may tidy it.
rules.add_perm(
    "awards.edit_brochure_page", authenticated & (is_lead | is_co_entrant | is_coordinator)
)
# The ceremony (event, guests, running order, exhibitors, budget): the coordinator.
rules.add_perm("awards.manage_ceremony", authenticated & is_coordinator)
