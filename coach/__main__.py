"""``python -m coach`` runs the okr-coach command line."""

from coach.cli import run

run()
