"""``flush`` that may also empty the audit trail.

Emptying the whole database (an operator's deliberate act, and every
transactional test's teardown) is the one time the append-only triggers let a
recent audit entry go; on PostgreSQL ``flush`` truncates, which the row
triggers do not see.
"""

from django.core.management.commands.flush import Command as FlushCommand

from core.audit import flush_allowed


class Command(FlushCommand):
    def handle(self, **options):
        with flush_allowed():
            return super().handle(**options)
