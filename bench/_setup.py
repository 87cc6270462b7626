"""Django set-up for the bench scripts (run from the project root: .venv/bin/python bench/<script>.py)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_ENV", "local")

from config.environment import use_settings_for_environment  # noqa: E402

use_settings_for_environment()

import django  # noqa: E402

django.setup()
