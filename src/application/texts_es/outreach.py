"""What a patient reads about the clinic's own messages: recalls, and opting out of them."""

from __future__ import annotations

from datetime import date, datetime

from application.messages import TemplateReply, TextReply
from application.speech import speech
from application.texts_es import of, on_day
from domain.clinic import Clinic
from domain.outreach import RecallCampaign


def opted_out(clinic: Clinic) -> TextReply:
    _ = speech(clinic)
    still = (
        ""
        if clinic.reminders.stop_on_opt_out
        else " " + _("Seguirás recibiendo solo los recordatorios de las citas que tengas agendadas.")
    )
    return TextReply(
        _("Listo, no te enviaremos más mensajes de campañas ni invitaciones a controles.")
        + still
        + " "
        + _("Si cambias de opinión, escríbenos {word}. Puedes seguir escribiéndonos cuando quieras.").format(
            word=_.pgettext("keyword", "ALTA")
        )
    )


def opted_in(clinic: Clinic) -> TextReply:
    _ = speech(clinic)
    return TextReply(
        _(
            "¡Listo! Volverás a recibir nuestros mensajes. Si quieres dejar de recibirlos, escríbenos {word}."
        ).format(word=_.pgettext("keyword", "BAJA"))
    )


def recall(clinic: Clinic, campaign: RecallCampaign, patient_name: str | None) -> TemplateReply:
    """The campaign's approved template: the patient's first name and the clinic, then book / later / stop."""
    _ = speech(clinic)
    name = patient_name.split()[0] if patient_name and patient_name.strip() else ""
    template = campaign.template_for(clinic.language)  # the patient's language's own
    return TemplateReply(
        name=template.name,
        language=template.code,
        body_parameters=(name, clinic.name),
        quick_reply_payloads=clinic.recalls.payloads(),
        body=_(
            "Hola {name}, en {clinic} ya es tiempo de tu próximo control. "
            "¿Quieres agendar una cita? [Agendar] [Más adelante] [No recibir más]"
        ).format(name=name, clinic=clinic.name),
    )


def recall_book_lead(clinic: Clinic) -> str:
    _ = speech(clinic)
    return _("¡Qué bueno que quieras volver!")


def recall_later(clinic: Clinic, until: datetime, today: date) -> TextReply:
    _ = speech(clinic)
    return TextReply(
        _(
            "Está bien, te escribiremos de nuevo a partir {day}. Si antes quieres agendar, escríbeme "
            "cuando quieras."
        ).format(day=of(clinic, on_day(clinic, clinic.local(until).date(), today)))
    )
