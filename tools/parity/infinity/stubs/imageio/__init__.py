"""Stub (unused)."""
