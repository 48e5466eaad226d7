"""What a patient reads about their own data: erasure, the summary of what is kept, their name."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from application.buttons import PRIVACY_ERASE_CONFIRM, PRIVACY_ERASE_KEEP
from application.messages import Button, ButtonsReply, TextReply
from application.speech import Speech, speech
from application.texts_es.visits import when
from domain.appointment import Appointment
from domain.clinic import Clinic
from domain.privacy import DAYS_PER_YEAR


def ask_erasure(clinic: Clinic, upcoming: int) -> ButtonsReply:
    """Erasure is confirmed with a button: the patient reads what goes, what stays, and for how long."""
    _ = speech(clinic)
    parts = [
        _(
            "¿Quieres que borremos tus datos? Borraremos tus mensajes, tu historial de conversación, "
            "tu nombre, tu número y tus preferencias."
        ),
        _(
            "Por ley, {clinic} guarda el registro de las citas a las que ya viniste durante {period}, "
            "sin tu nombre ni tu número."
        ).format(clinic=clinic.name, period=period(_, clinic.privacy.retention.clinical_records)),
    ]
    if upcoming:
        parts.append(
            _.ngettext(
                "Tu próxima cita se cancelará.", "Tus {count} próximas citas se cancelarán.", upcoming
            ).format(count=upcoming)
        )
    parts.append(_("Esto no se puede deshacer."))
    return ButtonsReply(
        " ".join(parts),
        (
            Button(PRIVACY_ERASE_CONFIRM, _.pgettext("button", "Sí, borrar mis datos")),
            Button(PRIVACY_ERASE_KEEP, _.pgettext("button", "No, mantenerlos")),
        ),
    )


def erased(clinic: Clinic) -> TextReply:
    """The last message: once WhatsApp took it, it is not kept either."""
    _ = speech(clinic)
    return TextReply(
        _(
            "Listo, borramos tus datos. Si nos vuelves a escribir, empezaremos de cero. "
            "Gracias por habernos elegido."
        ),
        forget_when_sent=True,
    )


def erasure_kept(clinic: Clinic) -> TextReply:
    _ = speech(clinic)
    return TextReply(_("Perfecto, no borramos nada. Tus datos y tus citas siguen como estaban."))


def summary(
    clinic: Clinic,
    *,
    names: Sequence[str],
    reached_by: Sequence[str],
    upcoming: Sequence[Appointment],
    past: int,
    opted_out: bool,
    today: date,
) -> TextReply:
    """What the clinic keeps about the patient, in one message; the full copy comes from staff."""
    _ = speech(clinic)
    retention = clinic.privacy.retention
    lines = [_("Esto es lo que {clinic} guarda sobre ti:").format(clinic=clinic.name)]
    if names:
        lines.append(_("• Nombres: {names}").format(names=", ".join(names)))
    lines.append(_("• Te contactamos por: {ways}").format(ways=", ".join(reached_by)))
    if upcoming:
        visits = "; ".join(when(clinic, a, today) for a in upcoming[:5])
        lines.append(_("• Próximas citas: {visits}").format(visits=visits))
    else:
        lines.append(_("• No tienes próximas citas."))
    lines.append(_.ngettext("• {count} cita pasada.", "• {count} citas pasadas.", past).format(count=past))
    lines.append(
        _("• No te enviamos mensajes de campañas (pediste la baja).")
        if opted_out
        else _("• Recibes nuestros recordatorios e invitaciones a controles.")
    )
    lines.append(
        _("Guardamos los mensajes durante {messages} y el registro de tus citas durante {records}.").format(
            messages=period(_, retention.messages), records=period(_, retention.clinical_records)
        )
    )
    lines.append(
        _(
            "Si quieres una copia completa, pídela en recepción. Para corregir tu nombre, escribe "
            "«cambiar mi nombre»; para borrar tus datos, «borrar mis datos»."
        )
    )
    return TextReply("\n".join(lines))


def ask_new_name(clinic: Clinic) -> TextReply:
    _ = speech(clinic)
    return TextReply(_("Claro. ¿Cuál es el nombre correcto? Escríbelo completo, por favor."))


def name_changed(clinic: Clinic, name: str) -> TextReply:
    _ = speech(clinic)
    return TextReply(_("Listo, corregimos tu nombre: ahora figura como {name}.").format(name=name))


def name_not_understood(clinic: Clinic) -> TextReply:
    _ = speech(clinic)
    return TextReply(
        _(
            "No entendí el nombre. Si quieres corregirlo, escribe «cambiar mi nombre» "
            "y luego solo el nombre, por ejemplo: Ana María López."
        )
    )


def phone_way(clinic: Clinic) -> str:
    _ = speech(clinic)
    return _("tu número de WhatsApp")


def user_id_way(clinic: Clinic) -> str:
    _ = speech(clinic)
    return _("tu usuario de WhatsApp")


def period(_: Speech, length: timedelta) -> str:
    """'15 años', '90 días'."""
    days = length.days
    if days >= DAYS_PER_YEAR and days % DAYS_PER_YEAR == 0:
        years = days // DAYS_PER_YEAR
        return _.ngettext("{count} año", "{count} años", years).format(count=years)
    return _.ngettext("{count} día", "{count} días", days).format(count=days)
