"""Local development: the embedded default (SQLite, local media, console email)."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", default=True)
INTERNAL_IPS = ["127.0.0.1"]
