"""Failures that mean "a service is away, try later", shared by every port."""

from __future__ import annotations


class ServiceUnavailable(Exception):
    """A service the work needs (Redis, the database) is down: nothing was done.

    At intake the webhook answers 503, so Meta delivers again later; in a turn, the
    messages stay in the inbox and are taken again after a pause.
    """


class LockUnavailable(ServiceUnavailable):
    """The conversation stayed locked by another message for longer than the wait allows."""
