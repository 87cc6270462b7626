"""Local development and the embedded demo: `make run`."""

from .base import *  # noqa: F401,F403
from .environment import env_bool

DEBUG = env_bool("DEBUG", True)
