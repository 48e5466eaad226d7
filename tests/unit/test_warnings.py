"""A warning raised from the project's own modules fails the test that raised it (pyproject.toml's
``filterwarnings``); a library's own warnings are only recorded."""

from __future__ import annotations

import warnings

import pytest


@pytest.mark.parametrize("module", ["domain", "application.staff", "adapters.redis.lock", "entrypoints.web"])
def test_a_warning_from_our_own_code_is_an_error(module: str) -> None:
    with pytest.raises(DeprecationWarning, match="going away"):
        warnings.warn_explicit("going away", DeprecationWarning, f"{module}.py", 1, module=module)


@pytest.mark.parametrize("module", ["redis.asyncio.retry", "litestar.app", "domainish"])
def test_a_warning_from_a_library_is_only_recorded(module: str) -> None:
    with pytest.warns(DeprecationWarning, match="going away"):
        warnings.warn_explicit("going away", DeprecationWarning, f"{module}.py", 1, module=module)
