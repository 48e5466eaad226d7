"""``/console/ajustes``: the clinic's settings, for its admins. One page per part of the clinic's
file (its data and opening hours, doctors, services, FAQ, reminders and recalls, the languages it
serves and its templates in each, the bot, its hand-off settings and blocked numbers, the file
itself); each form is an edit of the clinic's
document that the file's own rules judge (``ClinicSettings``). A refused change shows the rule's
message above the form, keeps what was typed, and stores nothing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import PathParameter, SkipValidation, URLEncodedBody
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_422_UNPROCESSABLE_ENTITY

from application.clinic_settings import ClinicSettings, Document, put_entry, remove_doctor, remove_entry
from application.ports import AuditAction, InvalidClinicFile
from application.staff import ClinicDesk, InvalidRequest
from domain.staff import Permission
from entrypoints.console import settings_forms as forms
from entrypoints.console import settings_languages as languages
from entrypoints.console.signed_in import Audits, Marks, SignedIn, Staff, page_context, told
from entrypoints.patient_paths import patient_of
from entrypoints.roles import PERMISSION

ADMIN = {PERMISSION: Permission.ADMINISTER}
MAX_FILE = 1_000_000  # bytes: a clinic file is a few kilobytes

Settings = NamedDependency[SkipValidation[ClinicSettings]]
Switches = NamedDependency[SkipValidation[ClinicDesk]]
Form = URLEncodedBody[dict[str, str]]
EntryPath = Annotated[str, PathParameter(description="the entry's id")]
Position = Annotated[int, PathParameter(description="the entry's place in the list, from 0")]

# The parts of the settings, in the order of the tabs: (route name, tab title).
PARTS = (
    ("console_settings", "Clínica"),
    ("console_settings_doctors", "Doctores"),
    ("console_settings_services", "Servicios"),
    ("console_settings_faq", "Preguntas frecuentes"),
    ("console_settings_outreach", "Recordatorios"),
    ("console_settings_languages", "Idiomas"),
    ("console_settings_bot", "Bot y bloqueos"),
    ("console_settings_file", "Archivo"),
)


def _page(
    staff: SignedIn,
    request: Request[Any, Any, Any],
    template: str,
    part: str,
    document: Document,
    status: int = 200,
    **values: Any,
) -> Template:
    error = values.get("error")
    field = forms.field_of(error) if error else None
    context = page_context(
        staff, "settings", request, parts=PARTS, part=part, document=document, field=field, **values
    )
    return Template(template, context=context, status_code=status)


def _refused(
    staff: SignedIn,
    request: Request[Any, Any, Any],
    template: str,
    part: str,
    document: Document,
    refusal: InvalidClinicFile,
    **values: Any,
) -> Template:
    """The page again, with the rule's message and what was typed; nothing was stored."""
    return _page(
        staff,
        request,
        template,
        part,
        document,
        HTTP_422_UNPROCESSABLE_ENTITY,
        error=refusal.detail,
        **values,
    )


async def _change(
    settings: ClinicSettings, staff: SignedIn, edit: Callable[[Document], None]
) -> InvalidClinicFile | None:
    try:
        await settings.change(staff.origin, staff.clinic.id, edit)
    except InvalidClinicFile as refused:
        return refused
    return None


def _entry(document: Document, section: str, entry_id: str) -> dict[str, Any] | None:
    return next((e for e in document.get(section, []) if e.get("id") == entry_id), None)


def _currency(document: Document) -> str:
    """The currency a new service's price is in: the one the clinic's other prices use."""
    return next((s["currency"] for s in document.get("services", []) if "currency" in s), "")


class SettingsPages(Controller):
    path = "/ajustes"

    # --- The clinic's data ---------------------------------------------------------------

    @get("/", name="console_settings", opt=ADMIN)
    async def clinic(self, request: Request[Any, Any, Any], staff: Staff, settings: Settings) -> Template:
        document = await settings.document(staff.clinic.id)
        values = forms.clinic_values(document["clinic"]) | forms.opening_values(document.get("opening_hours"))
        return _page(
            staff,
            request,
            "settings_clinic.html",
            "console_settings",
            document,
            values=values,
            weekdays=forms.WEEKDAYS,
        )

    @post("/", name="console_settings_clinic", opt=ADMIN, status_code=HTTP_303_SEE_OTHER)
    async def save_clinic(
        self, request: Request[Any, Any, Any], data: Form, staff: Staff, settings: Settings
    ) -> Response[Any]:
        def edit(document: Document) -> None:
            document["clinic"] = forms.clinic_table(document["clinic"], data)
            opening = forms.opening_table(document.pop("opening_hours", None), data)
            if opening is not None:
                document["opening_hours"] = opening

        refused = await _change(settings, staff, edit)
        if refused is not None:
            document = await settings.document(staff.clinic.id)
            return _refused(
                staff,
                request,
                "settings_clinic.html",
                "console_settings",
                document,
                refused,
                values=data,
                weekdays=forms.WEEKDAYS,
            )
        return told(request, "Datos de la clínica guardados.", request.url_for("console_settings"))

    # --- Doctors ---------------------------------------------------------------------------

    @get("/doctores", name="console_settings_doctors", opt=ADMIN)
    async def doctors(self, request: Request[Any, Any, Any], staff: Staff, settings: Settings) -> Template:
        document = await settings.document(staff.clinic.id)
        return _page(staff, request, "settings_doctors.html", "console_settings_doctors", document)

    @get("/doctores/nuevo", name="console_settings_doctor_new", opt=ADMIN)
    async def new_doctor(self, request: Request[Any, Any, Any], staff: Staff, settings: Settings) -> Template:
        document = await settings.document(staff.clinic.id)
        values = forms.doctor_values({"slot_minutes": 30})
        return self._doctor_page(staff, request, document, None, values)

    @post(
        "/doctores/nuevo",
        name="console_settings_doctor_add",
        opt=ADMIN,
        status_code=HTTP_303_SEE_OTHER,
    )
    async def add_doctor(
        self, request: Request[Any, Any, Any], data: Form, staff: Staff, settings: Settings
    ) -> Response[Any]:
        def edit(document: Document) -> None:
            doctor_id = forms.new_id(forms.text(data, "name"), forms.ids(document["doctors"]), "doctor")
            put_entry(document, "doctors", forms.doctor_table({}, doctor_id, data))

        refused = await _change(settings, staff, edit)
        if refused is not None:
            document = await settings.document(staff.clinic.id)
            return self._doctor_page(staff, request, document, None, data, refused)
        name = forms.text(data, "name")
        return told(
            request, f"{name} quedó en la lista de doctores.", request.url_for("console_settings_doctors")
        )

    @get("/doctores/{doctor_id:str}", name="console_settings_doctor", opt=ADMIN)
    async def doctor(
        self, request: Request[Any, Any, Any], doctor_id: EntryPath, staff: Staff, settings: Settings
    ) -> Template:
        document = await settings.document(staff.clinic.id)
        table = _entry(document, "doctors", doctor_id)
        if table is None:
            raise InvalidRequest("ese doctor no está en la lista")
        return self._doctor_page(staff, request, document, doctor_id, forms.doctor_values(table))

    @post(
        "/doctores/{doctor_id:str}",
        name="console_settings_doctor_save",
        opt=ADMIN,
        status_code=HTTP_303_SEE_OTHER,
    )
    async def save_doctor(
        self,
        request: Request[Any, Any, Any],
        doctor_id: EntryPath,
        data: Form,
        staff: Staff,
        settings: Settings,
    ) -> Response[Any]:
        def edit(document: Document) -> None:
            existing = _entry(document, "doctors", doctor_id) or {}
            put_entry(document, "doctors", forms.doctor_table(existing, doctor_id, data), replacing=doctor_id)

        refused = await _change(settings, staff, edit)
        if refused is not None:
            document = await settings.document(staff.clinic.id)
            return self._doctor_page(staff, request, document, doctor_id, data, refused)
        return told(request, "Doctor guardado.", request.url_for("console_settings_doctors"))

    @post(
        "/doctores/{doctor_id:str}/desactivar",
        name="console_settings_doctor_remove",
        opt=ADMIN,
        status_code=HTTP_303_SEE_OTHER,
    )
    async def remove_doctor(
        self, request: Request[Any, Any, Any], doctor_id: EntryPath, staff: Staff, settings: Settings
    ) -> Response[Any]:
        refused = await _change(settings, staff, lambda document: remove_doctor(document, doctor_id))
        if refused is not None:
            document = await settings.document(staff.clinic.id)
            return _refused(
                staff, request, "settings_doctors.html", "console_settings_doctors", document, refused
            )
        return told(
            request,
            "Doctor desactivado: ya no se ofrecen sus horas; sus citas siguen en la agenda.",
            request.url_for("console_settings_doctors"),
        )

    def _doctor_page(
        self,
        staff: SignedIn,
        request: Request[Any, Any, Any],
        document: Document,
        doctor_id: str | None,
        values: Mapping[str, str],
        refused: InvalidClinicFile | None = None,
    ) -> Template:
        status = 200 if refused is None else HTTP_422_UNPROCESSABLE_ENTITY
        return _page(
            staff,
            request,
            "settings_doctor.html",
            "console_settings_doctors",
            document,
            status,
            doctor_id=doctor_id,
            values=values,
            weekdays=forms.WEEKDAYS,
            error=refused.detail if refused else None,
        )

    # --- Services --------------------------------------------------------------------------

    @get("/servicios", name="console_settings_services", opt=ADMIN)
    async def services(self, request: Request[Any, Any, Any], staff: Staff, settings: Settings) -> Template:
        document = await settings.document(staff.clinic.id)
        return _page(staff, request, "settings_services.html", "console_settings_services", document)

    @get("/servicios/nuevo", name="console_settings_service_new", opt=ADMIN)
    async def new_service(
        self, request: Request[Any, Any, Any], staff: Staff, settings: Settings
    ) -> Template:
        document = await settings.document(staff.clinic.id)
        values = forms.service_values({}, _currency(document))
        return self._service_page(staff, request, document, None, values)

    @post(
        "/servicios/nuevo",
        name="console_settings_service_add",
        opt=ADMIN,
        status_code=HTTP_303_SEE_OTHER,
    )
    async def add_service(
        self, request: Request[Any, Any, Any], data: Form, staff: Staff, settings: Settings
    ) -> Response[Any]:
        def edit(document: Document) -> None:
            service_id = forms.new_id(forms.text(data, "name"), forms.ids(document["services"]), "servicio")
            doctors = forms.ids(document["doctors"])
            put_entry(document, "services", forms.service_table({}, service_id, doctors, data))

        refused = await _change(settings, staff, edit)
        if refused is not None:
            document = await settings.document(staff.clinic.id)
            return self._service_page(staff, request, document, None, data, refused)
        return told(request, "Servicio agregado.", request.url_for("console_settings_services"))

    @get("/servicios/{service_id:str}", name="console_settings_service", opt=ADMIN)
    async def service(
        self, request: Request[Any, Any, Any], service_id: EntryPath, staff: Staff, settings: Settings
    ) -> Template:
        document = await settings.document(staff.clinic.id)
        table = _entry(document, "services", service_id)
        if table is None:
            raise InvalidRequest("ese servicio no está en la lista")
        values = forms.service_values(table, _currency(document))
        return self._service_page(staff, request, document, service_id, values)

    @post(
        "/servicios/{service_id:str}",
        name="console_settings_service_save",
        opt=ADMIN,
        status_code=HTTP_303_SEE_OTHER,
    )
    async def save_service(
        self,
        request: Request[Any, Any, Any],
        service_id: EntryPath,
        data: Form,
        staff: Staff,
        settings: Settings,
    ) -> Response[Any]:
        def edit(document: Document) -> None:
            existing = _entry(document, "services", service_id) or {}
            table = forms.service_table(existing, service_id, forms.ids(document["doctors"]), data)
            put_entry(document, "services", table, replacing=service_id)

        refused = await _change(settings, staff, edit)
        if refused is not None:
            document = await settings.document(staff.clinic.id)
            return self._service_page(staff, request, document, service_id, data, refused)
        return told(request, "Servicio guardado.", request.url_for("console_settings_services"))

    @post(
        "/servicios/{service_id:str}/quitar",
        name="console_settings_service_remove",
        opt=ADMIN,
        status_code=HTTP_303_SEE_OTHER,
    )
    async def remove_service(
        self, request: Request[Any, Any, Any], service_id: EntryPath, staff: Staff, settings: Settings
    ) -> Response[Any]:
        refused = await _change(settings, staff, lambda d: remove_entry(d, "services", service_id))
        if refused is not None:
            document = await settings.document(staff.clinic.id)
            return _refused(
                staff, request, "settings_services.html", "console_settings_services", document, refused
            )
        return told(
            request,
            "Servicio quitado: el bot ya no lo ofrece; sus citas siguen en la agenda.",
            request.url_for("console_settings_services"),
        )

    def _service_page(
        self,
        staff: SignedIn,
        request: Request[Any, Any, Any],
        document: Document,
        service_id: str | None,
        values: Mapping[str, str],
        refused: InvalidClinicFile | None = None,
    ) -> Template:
        status = 200 if refused is None else HTTP_422_UNPROCESSABLE_ENTITY
        return _page(
            staff,
            request,
            "settings_service.html",
            "console_settings_services",
            document,
            status,
            service_id=service_id,
            values=values,
            error=refused.detail if refused else None,
        )

    # --- FAQ ---------------------------------------------------------------------------------

    @get("/preguntas", name="console_settings_faq", opt=ADMIN)
    async def faq(self, request: Request[Any, Any, Any], staff: Staff, settings: Settings) -> Template:
        document = await settings.document(staff.clinic.id)
        return self._faq_page(staff, request, document)

    @post("/preguntas", name="console_settings_faq_add", opt=ADMIN, status_code=HTTP_303_SEE_OTHER)
    async def add_faq(
        self, request: Request[Any, Any, Any], data: Form, staff: Staff, settings: Settings
    ) -> Response[Any]:
        def edit(document: Document) -> None:
            document.setdefault("faq", []).append(forms.faq_table({}, data))

        refused = await _change(settings, staff, edit)
        if refused is not None:
            document = await settings.document(staff.clinic.id)
            return self._faq_page(staff, request, document, "nueva", data, refused)
        return told(request, "Pregunta agregada.", request.url_for("console_settings_faq"))

    @post(
        "/preguntas/{position:int}",
        name="console_settings_faq_save",
        opt=ADMIN,
        status_code=HTTP_303_SEE_OTHER,
    )
    async def save_faq(
        self,
        request: Request[Any, Any, Any],
        position: Position,
        data: Form,
        staff: Staff,
        settings: Settings,
    ) -> Response[Any]:
        def edit(document: Document) -> None:
            entries = document.get("faq", [])
            if not 0 <= position < len(entries):
                raise InvalidClinicFile(f"faq[{position}]: no such entry (it may have just been removed)")
            entries[position] = forms.faq_table(entries[position], data)

        refused = await _change(settings, staff, edit)
        if refused is not None:
            document = await settings.document(staff.clinic.id)
            return self._faq_page(staff, request, document, str(position), data, refused)
        return told(request, "Pregunta guardada.", request.url_for("console_settings_faq"))

    @post(
        "/preguntas/{position:int}/quitar",
        name="console_settings_faq_remove",
        opt=ADMIN,
        status_code=HTTP_303_SEE_OTHER,
    )
    async def remove_faq(
        self, request: Request[Any, Any, Any], position: Position, staff: Staff, settings: Settings
    ) -> Response[Any]:
        def edit(document: Document) -> None:
            entries = document.get("faq", [])
            if 0 <= position < len(entries):
                del entries[position]

        refused = await _change(settings, staff, edit)
        if refused is not None:
            document = await settings.document(staff.clinic.id)
            return self._faq_page(staff, request, document, str(position), {}, refused)
        return told(request, "Pregunta quitada.", request.url_for("console_settings_faq"))

    def _faq_page(
        self,
        staff: SignedIn,
        request: Request[Any, Any, Any],
        document: Document,
        failed: str | None = None,
        typed: Mapping[str, str] | None = None,
        refused: InvalidClinicFile | None = None,
    ) -> Template:
        entries = [forms.faq_values(entry) for entry in document.get("faq", [])]
        if failed is not None and failed.isdigit() and int(failed) < len(entries) and typed:
            entries[int(failed)] = dict(typed)
        new = dict(typed) if failed == "nueva" and typed else forms.faq_values({})
        return _page(
            staff,
            request,
            "settings_faq.html",
            "console_settings_faq",
            document,
            200 if refused is None else HTTP_422_UNPROCESSABLE_ENTITY,
            entries=entries,
            new=new,
            failed=failed,
            error=refused.detail if refused else None,
        )

    # --- Reminders and recalls ----------------------------------------------------------------

    @get("/recordatorios", name="console_settings_outreach", opt=ADMIN)
    async def outreach(self, request: Request[Any, Any, Any], staff: Staff, settings: Settings) -> Template:
        document = await settings.document(staff.clinic.id)
        return self._outreach_page(staff, request, document)

    @post(
        "/recordatorios",
        name="console_settings_reminders",
        opt=ADMIN,
        status_code=HTTP_303_SEE_OTHER,
    )
    async def save_reminders(
        self, request: Request[Any, Any, Any], data: Form, staff: Staff, settings: Settings
    ) -> Response[Any]:
        def edit(document: Document) -> None:
            document["reminders"] = forms.reminder_table(document.get("reminders", {}), data)

        return await self._outreach_change(request, staff, settings, edit, "recordatorios", data)

    @post(
        "/recordatorios/controles", name="console_settings_recalls", opt=ADMIN, status_code=HTTP_303_SEE_OTHER
    )
    async def save_recalls(
        self, request: Request[Any, Any, Any], data: Form, staff: Staff, settings: Settings
    ) -> Response[Any]:
        def edit(document: Document) -> None:
            document.setdefault("recalls", {})["snooze_days"] = forms.integer(data, "snooze_days")

        return await self._outreach_change(request, staff, settings, edit, "controles", data)

    @post(
        "/recordatorios/campanas",
        name="console_settings_campaign_add",
        opt=ADMIN,
        status_code=HTTP_303_SEE_OTHER,
    )
    async def add_campaign(
        self, request: Request[Any, Any, Any], data: Form, staff: Staff, settings: Settings
    ) -> Response[Any]:
        def edit(document: Document) -> None:
            campaigns = document.setdefault("recalls", {}).setdefault("campaigns", [])
            name = f"{forms.text(data, 'service')} {forms.text(data, 'after_months')}"
            campaign_id = forms.new_id(name, forms.ids(campaigns), "control")
            campaigns.append(forms.campaign_table({}, campaign_id, data))

        return await self._outreach_change(request, staff, settings, edit, "nueva", data)

    @post(
        "/recordatorios/campanas/{campaign_id:str}",
        name="console_settings_campaign_save",
        opt=ADMIN,
        status_code=HTTP_303_SEE_OTHER,
    )
    async def save_campaign(
        self,
        request: Request[Any, Any, Any],
        campaign_id: EntryPath,
        data: Form,
        staff: Staff,
        settings: Settings,
    ) -> Response[Any]:
        def edit(document: Document) -> None:
            recalls = document.setdefault("recalls", {})
            existing = _entry(recalls, "campaigns", campaign_id) or {}
            put_entry(
                recalls, "campaigns", forms.campaign_table(existing, campaign_id, data), replacing=campaign_id
            )

        return await self._outreach_change(request, staff, settings, edit, campaign_id, data)

    @post(
        "/recordatorios/campanas/{campaign_id:str}/quitar",
        name="console_settings_campaign_remove",
        opt=ADMIN,
        status_code=HTTP_303_SEE_OTHER,
    )
    async def remove_campaign(
        self, request: Request[Any, Any, Any], campaign_id: EntryPath, staff: Staff, settings: Settings
    ) -> Response[Any]:
        def edit(document: Document) -> None:
            remove_entry(document.setdefault("recalls", {}), "campaigns", campaign_id)

        return await self._outreach_change(request, staff, settings, edit, campaign_id, {})

    async def _outreach_change(
        self,
        request: Request[Any, Any, Any],
        staff: SignedIn,
        settings: ClinicSettings,
        edit: Callable[[Document], None],
        form: str,
        data: Mapping[str, str],
    ) -> Response[Any]:
        refused = await _change(settings, staff, edit)
        if refused is not None:
            document = await settings.document(staff.clinic.id)
            return self._outreach_page(staff, request, document, form, data, refused)
        return told(request, "Cambios guardados.", request.url_for("console_settings_outreach"))

    def _outreach_page(
        self,
        staff: SignedIn,
        request: Request[Any, Any, Any],
        document: Document,
        failed: str | None = None,
        typed: Mapping[str, str] | None = None,
        refused: InvalidClinicFile | None = None,
    ) -> Template:
        recalls = document.get("recalls", {})
        reminders = forms.reminder_values(document.get("reminders", {}))
        snooze = {"snooze_days": str(recalls.get("snooze_days", ""))}
        campaigns = [
            {"id": c.get("id", ""), **forms.campaign_values(c)} for c in recalls.get("campaigns", [])
        ]
        new = forms.campaign_values({})
        if typed:
            if failed == "recordatorios":
                reminders = dict(typed)
            elif failed == "controles":
                snooze = dict(typed)
            elif failed == "nueva":
                new = dict(typed)
            else:
                campaigns = [{"id": c["id"], **typed} if c["id"] == failed else c for c in campaigns]
        specialties = list(dict.fromkeys(d.get("specialty", "") for d in document.get("doctors", [])))
        return _page(
            staff,
            request,
            "settings_outreach.html",
            "console_settings_outreach",
            document,
            200 if refused is None else HTTP_422_UNPROCESSABLE_ENTITY,
            reminders=reminders,
            snooze=snooze,
            campaigns=campaigns,
            new=new,
            specialties=specialties,
            first=languages.shown(languages.first_language(document)),
            served=languages.served_after_first(document),
            failed=failed,
            error=refused.detail if refused else None,
        )

    # --- Languages -------------------------------------------------------------------------------

    @get("/idiomas", name="console_settings_languages", opt=ADMIN)
    async def languages(self, request: Request[Any, Any, Any], staff: Staff, settings: Settings) -> Template:
        document = await settings.document(staff.clinic.id)
        return self._languages_page(staff, request, document, languages.language_values(document))

    @post("/idiomas", name="console_settings_languages_save", opt=ADMIN, status_code=HTTP_303_SEE_OTHER)
    async def save_languages(
        self, request: Request[Any, Any, Any], data: Form, staff: Staff, settings: Settings
    ) -> Response[Any]:
        refused = await _change(settings, staff, lambda document: languages.apply_languages(document, data))
        if refused is not None:
            document = await settings.document(staff.clinic.id)
            return self._languages_page(staff, request, document, data, refused)
        return told(request, "Idiomas y plantillas guardados.", request.url_for("console_settings_languages"))

    def _languages_page(
        self,
        staff: SignedIn,
        request: Request[Any, Any, Any],
        document: Document,
        values: Mapping[str, str],
        refused: InvalidClinicFile | None = None,
    ) -> Template:
        return _page(
            staff,
            request,
            "settings_languages.html",
            "console_settings_languages",
            document,
            200 if refused is None else HTTP_422_UNPROCESSABLE_ENTITY,
            values=values,
            first=languages.shown(languages.first_language(document)),
            others=languages.others(document),
            reengagement="reengagement" in document,
            campaigns=languages.campaign_ids(document),
            error=refused.detail if refused else None,
        )

    # --- The bot and blocked numbers -----------------------------------------------------------

    @get("/bot", name="console_settings_bot", opt=ADMIN)
    async def bot(self, request: Request[Any, Any, Any], staff: Staff, settings: Settings) -> Template:
        document = await settings.document(staff.clinic.id)
        return self._bot_page(staff, request, document)

    @post("/bot", name="console_settings_bot_switch", opt=ADMIN, status_code=HTTP_303_SEE_OTHER)
    async def switch_bot(
        self, request: Request[Any, Any, Any], data: Form, staff: Staff, switches: Switches, audit: Audits
    ) -> Redirect:
        enabled = data.get("bot") == "on"
        await switches.set_bot(staff.clinic.id, enabled=enabled)
        await audit.record(staff.origin, AuditAction.BOT_SWITCHED, detail="on" if enabled else "off")
        notice = "El bot responde otra vez." if enabled else "El bot quedó apagado: no responde a nadie."
        return told(request, notice, request.url_for("console_settings_bot"))

    @post("/bot/derivacion", name="console_settings_handoff", opt=ADMIN, status_code=HTTP_303_SEE_OTHER)
    async def save_handoff(
        self, request: Request[Any, Any, Any], data: Form, staff: Staff, settings: Settings
    ) -> Response[Any]:
        def edit(document: Document) -> None:
            document["handoff"] = forms.handoff_table(document.get("handoff", {}), data)

        refused = await _change(settings, staff, edit)
        if refused is not None:
            document = await settings.document(staff.clinic.id)
            return self._bot_page(staff, request, document, refused.detail, handoff=data)
        return told(request, "Avisos y retorno al bot guardados.", request.url_for("console_settings_bot"))

    @post("/bot/bloquear", name="console_settings_block", opt=ADMIN, status_code=HTTP_303_SEE_OTHER)
    async def block(
        self,
        request: Request[Any, Any, Any],
        data: Form,
        staff: Staff,
        settings: Settings,
        switches: Switches,
        marks: Marks,
        audit: Audits,
    ) -> Response[Any]:
        try:
            number = patient_of(forms.text(data, "number").replace(" ", "").replace("-", ""))
        except InvalidRequest:
            document = await settings.document(staff.clinic.id)
            error = "Escriba el número con su código de país, solo dígitos: 56911112222."
            return self._bot_page(staff, request, document, error, data.get("number", ""))
        await switches.block(staff.clinic.id, number)
        await audit.record(staff.origin, AuditAction.NUMBER_BLOCKED, marks.patient(number))
        return told(
            request, "Número bloqueado: el bot no le responde.", request.url_for("console_settings_bot")
        )

    @post(
        "/bot/desbloquear",
        name="console_settings_unblock",
        opt=ADMIN,
        status_code=HTTP_303_SEE_OTHER,
    )
    async def unblock(
        self,
        request: Request[Any, Any, Any],
        data: Form,
        staff: Staff,
        settings: Settings,
        switches: Switches,
        marks: Marks,
        audit: Audits,
    ) -> Response[Any]:
        number = patient_of(forms.text(data, "number"))
        if not await switches.unblock(staff.clinic.id, number):

            def edit(document: Document) -> None:  # a number the clinic's file blocks
                clinic = document["clinic"]
                clinic["blocked_numbers"] = [
                    n for n in clinic.get("blocked_numbers", []) if n != number.value
                ]

            refused = await _change(settings, staff, edit)
            if refused is not None:
                document = await settings.document(staff.clinic.id)
                return self._bot_page(staff, request, document, refused.detail)
        await audit.record(staff.origin, AuditAction.NUMBER_UNBLOCKED, marks.patient(number))
        return told(request, "Número desbloqueado.", request.url_for("console_settings_bot"))

    def _bot_page(
        self,
        staff: SignedIn,
        request: Request[Any, Any, Any],
        document: Document,
        error: str | None = None,
        typed: str = "",
        handoff: Mapping[str, str] | None = None,
    ) -> Template:
        """``handoff``: what was typed in the hand-off form, shown again when it was refused."""
        return _page(
            staff,
            request,
            "settings_bot.html",
            "console_settings_bot",
            document,
            200 if error is None else HTTP_422_UNPROCESSABLE_ENTITY,
            enabled=document["clinic"].get("bot_enabled", True),
            blocked=document["clinic"].get("blocked_numbers", []),
            typed=typed,
            handoff=forms.handoff_values(document.get("handoff", {})) if handoff is None else handoff,
            error=error,
        )

    # --- The file ------------------------------------------------------------------------------

    @get("/archivo", name="console_settings_file", opt=ADMIN)
    async def file(self, request: Request[Any, Any, Any], staff: Staff, settings: Settings) -> Template:
        document = await settings.document(staff.clinic.id)
        return _page(staff, request, "settings_file.html", "console_settings_file", document)

    @get("/archivo/exportar", name="console_settings_export", opt=ADMIN)
    async def export(self, staff: Staff, settings: Settings) -> Response[str]:
        text = await settings.export(staff.origin, staff.clinic.id)
        return Response(
            text,
            media_type="application/toml; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{staff.clinic.id}.toml"'},
        )

    @post("/archivo", name="console_settings_import", opt=ADMIN, status_code=HTTP_303_SEE_OTHER)
    async def import_file(
        self, request: Request[Any, Any, Any], staff: Staff, settings: Settings
    ) -> Response[Any]:
        form = await request.form()
        upload = form.get("file")
        refused: InvalidClinicFile | None
        if not isinstance(upload, UploadFile) or not upload.filename:
            refused = InvalidClinicFile("Elija el archivo de la clínica (.toml) para importarlo.")
        else:
            data = await upload.read(MAX_FILE + 1)
            if len(data) > MAX_FILE:
                refused = InvalidClinicFile("El archivo es demasiado grande para ser el de una clínica.")
            else:
                try:
                    await settings.import_file(staff.origin, staff.clinic.id, data)
                    refused = None
                except InvalidClinicFile as error:
                    refused = error
        if refused is not None:
            document = await settings.document(staff.clinic.id)
            return _refused(staff, request, "settings_file.html", "console_settings_file", document, refused)
        return told(
            request,
            "Archivo importado: la configuración quedó como dice el archivo.",
            request.url_for("console_settings_file"),
        )
