"""Liên Thông — the provincial system for handling administrative procedures."""

__version__ = "0.1.0"
