"""The staff console: the clinic's conversations, a conversation taken over and answered, the
agenda, as server-rendered pages (Jinja2 templates, htmx polling), in Spanish, phone-sized.

It stands on the same use cases as the staff API (``StaffDesk``, ``AgendaDesk``). A person
signs in with their account's e-mail and password (and a one-time code when they turned it on;
API keys are for machines, not for the console); the session (a server-side store: memory, or
Redis when ``REDIS_URL`` is set, written only by a sign-in) keeps the account's id, so a
deactivated account's sessions end at their next request, and ends when idle or old
(``sessions``).
Every form carries a CSRF token; cookies are Secure, HttpOnly and SameSite; failed sign-ins are
limited (``entrypoints.sign_ins``) and every answer carries security headers
(``entrypoints.security_headers``).

``routes`` builds the router; ``sign_in``, ``conversations``, ``agenda``, ``privacy`` (patients'
requests about their data, a patient's copy and erasure) and ``admin`` are its pages, one
controller each; ``signed_in`` is who is signed in and what handlers are given; ``views`` is
what the templates show.
"""

from __future__ import annotations

from entrypoints.console.routes import STATIC, TEMPLATES, console_routes, console_stores, console_templates

__all__ = ["STATIC", "TEMPLATES", "console_routes", "console_stores", "console_templates"]
