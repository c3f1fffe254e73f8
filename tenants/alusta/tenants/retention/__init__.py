"""Retention rules per register and the job that applies them (design §6, contact-register seed)."""
