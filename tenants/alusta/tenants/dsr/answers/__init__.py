"""Answers: export bundles, their compilation jobs, and the letters sent to the subject."""
