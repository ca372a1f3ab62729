"""Drafts shared by several test files (imported like llm_server: tests/ is on sys.path)."""

SUPPORT_DRAFT = """Period: Q3 2026
Objective: Make support the reason customers stay with us
- Raise CSAT from 82% to 92%
- Improve response times
- Launch the new help centre
"""
