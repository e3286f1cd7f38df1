from django.core.management.base import BaseCommand

from people.demo import ACCOUNTS, DEMO_PASSWORD
from people.models import User
from people.selectors import roles_of
from people.signin.demo import DEMO_TOTP_SECRET
from people.signin.policy import needs_second_factor


class Command(BaseCommand):
    help = "Print the demo accounts and their roles."

    def handle(self, *args, **options):
        users = {
            u.username: u
            for u in User.objects.filter(username__in=[a["username"] for a in ACCOUNTS])
        }
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for spec in ACCOUNTS:
            user = users.get(spec["username"])
            if user is None:
                continue
            roles = ", ".join(sorted(r.label for r in roles_of(user)))
            code = "  + code" if needs_second_factor(user) else ""
            self.stdout.write(f"  {user.username:<13} {user.display_name:<32} {roles}{code}")
        self.stdout.write(
            "Accounts marked '+ code' sign in with two-step verification: after the password,\n"
            "enter the 6-digit code from an authenticator app set up with the secret\n"
            f"  {DEMO_TOTP_SECRET}\n"
            "(e.g. `oathtool --totp -b " + DEMO_TOTP_SECRET + "`)."
        )
