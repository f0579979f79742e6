"""Reference client of Liên Thông's REST API v1 for systems (docs/integration.md). Standard library only."""

from lienthong_client.client import Client, ProblemError, Response, RetryPolicy

__all__ = ["Client", "ProblemError", "Response", "RetryPolicy"]
__version__ = "0.1.0"
