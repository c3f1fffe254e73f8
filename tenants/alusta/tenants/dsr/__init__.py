"""Data-subject requests (GDPR Art. 15-22): intake, routing, deadlines, controller actions."""
