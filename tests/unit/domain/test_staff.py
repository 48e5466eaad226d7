"""What each role may do, and which passwords are refused: pure rules, no storage."""

from __future__ import annotations

import pytest

from domain.staff import Forbidden, Permission, Role, require, weak_password


def test_read_only_sees_reception_works_the_desk_admin_administers() -> None:
    assert [p for p in Permission if Role.READ_ONLY.may(p)] == [Permission.SEE]
    assert [p for p in Permission if Role.RECEPTION.may(p)] == [Permission.SEE, Permission.WORK]
    assert all(Role.ADMIN.may(p) for p in Permission)
    with pytest.raises(Forbidden):
        require(Role.RECEPTION, Permission.ADMINISTER)
    require(Role.ADMIN, Permission.ADMINISTER)


@pytest.mark.parametrize(
    ("password", "refused"),
    [
        ("corta", True),
        ("x" * 11, True),
        ("x" * 12, False),
        ("carla@sonrisa.cl", True),
        (" Carla@Sonrisa.CL ", True),
        ("carla.rojas.1", False),
        ("x" * 1025, True),
    ],
)
def test_a_password_has_twelve_characters_and_is_not_the_email(password: str, refused: bool) -> None:
    assert (weak_password(password, "carla@sonrisa.cl") is not None) is refused
