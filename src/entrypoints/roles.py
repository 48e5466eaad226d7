"""What a request to the console or the staff API needs its account's or key's role to allow:
its route's own permission (a route's ``opt``), else seeing for a read and working for a change.

Checked once per request where the signed-in person or key is found, so a route cannot forget it.
"""

from __future__ import annotations

from typing import Any

from litestar import Request

from domain.staff import Permission

PERMISSION = "permission"  # a route's opt: what it needs beyond its method's


def permission_of(request: Request[Any, Any, Any]) -> Permission:
    needed = request.route_handler.opt.get(PERMISSION)
    if needed is not None:
        return Permission(needed)
    return Permission.SEE if request.method in ("GET", "HEAD") else Permission.WORK
