"""Two centres in two neighbourhoods, a staff member of each, an admin, and sign-in."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from marketplace.models import Centre, Role, User
from tests.factories import make_centre, make_neighbourhood, make_user


@dataclass
class World:
    centre1: Centre
    centre2: Centre
    staff1: User
    staff2: User
    admin: User


@pytest.fixture
def world(db: object) -> World:
    hood1 = make_neighbourhood(name_fa="محله طلاب")
    hood2 = make_neighbourhood(name_fa="محله شهید رجایی")
    centre1 = make_centre(neighbourhood=hood1, name_fa="مرکز رویش طلاب")
    centre2 = make_centre(neighbourhood=hood2, name_fa="مرکز رویش رجایی")
    world = World(
        centre1=centre1,
        centre2=centre2,
        staff1=make_user(Role.STAFF, centres=[centre1]),
        staff2=make_user(Role.STAFF, centres=[centre2]),
        admin=make_user(Role.ADMIN),
    )
    db.session.commit()
    return world
