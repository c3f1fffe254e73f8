"""Workflow: deadlines, the controller's actions and their effects on records (and the staff routes)."""
