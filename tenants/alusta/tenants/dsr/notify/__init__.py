"""Notifications: the in-app inbox, e-mail delivery and deadline reminders."""
