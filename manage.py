#!/usr/bin/env python
import os
import sys
from pathlib import Path

from dotenv import load_dotenv

if __name__ == "__main__":
    # Development settings from .env (`make run` writes it); what the environment sets wins, and
    # production, which has no .env, sets everything itself.
    load_dotenv(Path(__file__).resolve().parent / ".env")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blueprint.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
