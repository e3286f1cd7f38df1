"""Signing in: django-allauth configured for the force and its partners.

- ``policy``: who must use a second factor, and whether this session has.
- ``middleware``: sends such a person to set up TOTP, or to the code step, before any page.
- ``adapters``: allauth's hooks (local accounts, the force's identity provider, TOTP).
- ``audit``: sign-in events in the audit trail.
- ``passwords``: the one password rule Django lacks (a maximum length).
- ``demo``: the demo accounts' TOTP authenticators.
"""
