"""Портфолио наставника: one page per mentor, and its PDF, from the named selectors."""
