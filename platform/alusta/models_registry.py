"""Every models module of every domain, imported so that ``Base.metadata`` knows all tables.

Add a line here when a domain gains a ``models.py``.
"""
