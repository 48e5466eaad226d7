"""The staff console: the clinic's conversations, a conversation taken over and answered, the
agenda, as server-rendered pages (Jinja2 templates, htmx polling), in Spanish, phone-sized.

It stands on the same use cases as the staff API (``StaffDesk``, ``AgendaDesk``). A receptionist
signs in with one of the clinic's staff keys; the session (a server-side store: memory, or
Redis when ``REDIS_URL`` is set) keeps the key's hash, so a revoked key signs every session out
at its next request. Every form carries a CSRF token; cookies are Secure, HttpOnly and SameSite.
"""

from __future__ import annotations

from entrypoints.console.pages import STATIC, TEMPLATES, console_routes, console_stores, console_templates

__all__ = ["STATIC", "TEMPLATES", "console_routes", "console_stores", "console_templates"]
