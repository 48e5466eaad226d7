"""What a patient reads about the clinic's own messages: recalls, and opting out of them."""

from __future__ import annotations

from datetime import date, datetime

from application.messages import TemplateReply, TextReply
from application.texts_es import day_name
from domain.clinic import Clinic
from domain.outreach import RecallCampaign

OPT_OUT_WORD = "BAJA"
OPT_IN_WORD = "ALTA"


def opted_out(clinic: Clinic) -> TextReply:
    still = (
        ""
        if clinic.reminders.stop_on_opt_out
        else " Seguirás recibiendo solo los recordatorios de las citas que tengas agendadas."
    )
    return TextReply(
        "Listo, no te enviaremos más mensajes de campañas ni invitaciones a controles." + still + " "
        f"Si cambias de opinión, escríbenos {OPT_IN_WORD}. Puedes seguir escribiéndonos cuando quieras."
    )


def opted_in() -> TextReply:
    return TextReply(
        "¡Listo! Volverás a recibir nuestros mensajes. "
        f"Si quieres dejar de recibirlos, escríbenos {OPT_OUT_WORD}."
    )


def recall(clinic: Clinic, campaign: RecallCampaign, patient_name: str | None) -> TemplateReply:
    """The campaign's approved template: the patient's first name and the clinic, then book / later / stop."""
    name = patient_name.split()[0] if patient_name and patient_name.strip() else ""
    return TemplateReply(
        name=campaign.template,
        language=campaign.language,
        body_parameters=(name, clinic.name),
        quick_reply_payloads=clinic.recalls.payloads(),
        body=(
            f"Hola {name}, en {clinic.name} ya es tiempo de tu próximo control. "
            "¿Quieres agendar una hora? [Agendar] [Más adelante] [No recibir más]"
        ),
    )


def recall_book_lead() -> str:
    return "¡Qué bueno que quieras volver!"


def recall_later(clinic: Clinic, until: datetime, today: date) -> TextReply:
    return TextReply(
        f"Está bien, te escribiremos de nuevo a partir del {day_name(clinic.local(until).date(), today)}. "
        "Si antes quieres agendar, escríbeme cuando quieras."
    )
