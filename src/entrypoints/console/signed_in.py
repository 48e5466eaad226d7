"""Who is signed in to the console, what their session remembers, and what every page is given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from litestar import Request
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotAuthorizedException
from litestar.params import SkipValidation
from litestar.response import Redirect
from litestar.status_codes import HTTP_303_SEE_OTHER

from application.accounts import Accounts, account_actor
from application.audit import Audit, Origin
from application.clinic_calendar import ClinicCalendar
from application.patient_files import PatientFiles
from application.patient_rights import PatientRights
from application.ports import ClinicDirectory, Clock
from application.pseudonyms import Pseudonyms
from application.staff import AgendaDesk, StaffAccess, StaffDesk
from domain.clinic import Clinic
from domain.ids import PatientAddress
from domain.staff import Permission, StaffAccount, require
from entrypoints.container import Container
from entrypoints.roles import permission_of
from entrypoints.sign_ins import SignInGuard

PREFIX = "/console"
MAX_READ_MARKS = 500  # conversations a session remembers as read (the oldest are forgotten)


class NotSignedIn(NotAuthorizedException):
    """No session, or its account was deactivated: the console asks to sign in again."""


def client_address(request: Request[Any, Any, Any]) -> str | None:
    return request.client.host if request.client else None


@dataclass(frozen=True, slots=True)
class SignedIn:
    """Who is signed in: their account and clinic, where the request came from, and what their
    session remembers.

    Read marks are keyed by the patient's keyed hash (``Pseudonyms.patient``): the session store
    never holds a phone number or a user id."""

    clinic: Clinic
    session: dict[str, Any]
    marks: Pseudonyms
    account: StaffAccount
    client: str | None = None

    @property
    def origin(self) -> Origin:
        """Who acts, for the audit log."""
        return Origin(self.clinic.id, account_actor(self.account), "console", self.client)

    def may(self, permission: Permission) -> bool:
        return self.account.role.may(permission)

    def require(self, permission: Permission) -> None:
        """``Forbidden`` (an error page) when the account's role does not allow it."""
        require(self.account.role, permission)

    def target(self, patient: PatientAddress) -> str:
        """How the audit log names a patient: their keyed hash."""
        return self.marks.patient(patient)

    def seen(self, patient: PatientAddress) -> datetime | None:
        at = self.session.get("seen", {}).get(self.marks.patient(patient))
        return datetime.fromisoformat(at) if at else None

    def read_up_to(self, patient: PatientAddress, at: datetime) -> None:
        seen: dict[str, str] = self.session.setdefault("seen", {})
        mark = self.marks.patient(patient)
        seen.pop(mark, None)  # the newest last, so the oldest go first
        seen[mark] = at.isoformat()
        while len(seen) > MAX_READ_MARKS:
            del seen[next(iter(seen))]


# What handlers are given, by name (Litestar's dependency injection).
Staff = NamedDependency[SkipValidation[SignedIn]]
Desk = NamedDependency[SkipValidation[StaffDesk]]
Agenda = NamedDependency[SkipValidation[AgendaDesk]]
Calendar = NamedDependency[SkipValidation[ClinicCalendar]]
Time = NamedDependency[SkipValidation[Clock]]
SignIns = NamedDependency[SkipValidation[SignInGuard]]
Files = NamedDependency[SkipValidation[PatientFiles]]
Access = NamedDependency[SkipValidation[StaffAccess]]
Team = NamedDependency[SkipValidation[Accounts]]
Audits = NamedDependency[SkipValidation[Audit]]
Clinics = NamedDependency[SkipValidation[ClinicDirectory]]
Marks = NamedDependency[SkipValidation[Pseudonyms]]
Rights = NamedDependency[SkipValidation[PatientRights]]


async def staff_of(
    request: Request[Any, Any, Any], accounts: Team, clinics: Clinics, marks: Marks
) -> SignedIn:
    """Who is signed in; ``NotSignedIn`` without a session, or once the account is deactivated
    (checked at every request: a deactivated account's sessions end at once)."""
    data = request.session if isinstance(request.session, dict) else {}
    account_id = data.get("account")
    account = await accounts.signed_in(account_id) if isinstance(account_id, str) else None
    clinic = await clinics.get(account.clinic_id) if account is not None else None
    if account is None or clinic is None:
        raise NotSignedIn("sign in first")
    require(account.role, permission_of(request))  # Forbidden: an error page
    return SignedIn(clinic, data, marks, account, client_address(request))


def dependencies(container: Container) -> dict[str, Provide]:
    """The console's dependencies. Services are taken from the container at the first request,
    so tests may override its providers after building the app."""

    def once(take: Any) -> Provide:
        return Provide(take, use_cache=True, sync_to_thread=False)

    return {
        "staff": Provide(staff_of),
        "access": once(lambda: container.staff_access()),
        "accounts": once(lambda: container.accounts()),
        "audit": once(lambda: container.audit()),
        "clinics": once(lambda: container.clinics()),
        "marks": once(lambda: container.pseudonyms()),
        "desk": once(lambda: container.staff_desk()),
        "agenda": once(lambda: container.agenda_desk()),
        "calendar": once(lambda: container.clinic_calendar()),
        "dashboard": once(lambda: container.show_dashboard()),
        "board": once(lambda: container.waitlist_board()),
        "clock": once(lambda: container.clock()),
        "sign_ins": once(lambda: container.sign_ins()),
        "files": once(lambda: container.patient_files()),
        "rights": once(lambda: container.patient_rights()),
        "settings": once(lambda: container.clinic_settings()),
        "switches": once(lambda: container.clinic_desk()),
    }


def page_context(
    staff: SignedIn, section: str, request: Request[Any, Any, Any], **values: Any
) -> dict[str, Any]:
    """What every full page shows: the clinic, the section, and a notice left by the last form."""
    notice = staff.session.pop("notice", None)
    if notice is not None:
        request.set_session(staff.session)
    return {
        "clinic_name": staff.clinic.name,
        "section": section,
        "notice": notice,
        "me": staff.account,
        "admin": staff.may(Permission.ADMINISTER),
        "works": staff.may(Permission.WORK),
        **values,
    }


def told(request: Request[Any, Any, Any], notice: str, to: str) -> Redirect:
    """After a form: ``notice`` shown once on the next page, and a 303 to ``to``."""
    request.session["notice"] = notice
    request.set_session(request.session)
    return Redirect(to, status_code=HTTP_303_SEE_OTHER)


def safe_back(form: dict[str, str], default: str) -> str:
    """Where a form sends the receptionist after it: a console page, never another site."""
    back = form.get("back", "")
    return back if back.startswith(PREFIX + "/") and "//" not in back and "\\" not in back else default
