"""Intake: portal and desk filing, attachments, reference codes (and their routes)."""
