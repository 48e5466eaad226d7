"""What a patient reads about their data: the clinic's privacy notice and their answers to it."""

from __future__ import annotations

from application.buttons import PRIVACY_CONSENT_NO, PRIVACY_CONSENT_YES
from application.messages import Button, ButtonsReply, TextReply
from application.speech import speech
from domain.clinic import Clinic


def privacy_notice(clinic: Clinic) -> ButtonsReply:
    """The clinic's short notice (or the standard one), its link, and the question, with two buttons.
    The clinic's own text is in its first language: a patient it speaks another with reads the
    standard notice in theirs."""
    _ = speech(clinic)
    notice = clinic.privacy.notice
    own = notice.text if clinic.language is clinic.languages[0] else ""
    text = own or _(
        "{clinic} usa tus datos (tu número, tu nombre y tus citas) para agendar y recordarte tus citas. "
        "Para entender mejor tus mensajes, un servicio de inteligencia artificial fuera del país puede "
        "leerlos, solo si lo aceptas."
    ).format(clinic=clinic.name)
    link = " " + _("Aviso completo: {url}").format(url=notice.url) if notice.url else ""
    question = _(
        "¿Aceptas? Si no, igual puedes agendar con los botones y hablar con una persona. "
        "Puedes cambiar de opinión cuando quieras escribiendo «acepto» o «retiro mi consentimiento»."
    )
    return ButtonsReply(
        f"{text}{link}\n\n{question}",
        (
            Button(PRIVACY_CONSENT_YES, _.pgettext("button", "Acepto")),
            Button(PRIVACY_CONSENT_NO, _.pgettext("button", "No acepto")),
        ),
    )


def consent_given(clinic: Clinic) -> TextReply:
    _ = speech(clinic)
    return TextReply(
        _(
            "¡Gracias! Registramos tu consentimiento. "
            "Si cambias de opinión, escribe «retiro mi consentimiento»."
        )
    )


def consent_declined(clinic: Clinic) -> TextReply:
    """Declined or withdrawn: nothing beyond booking, and booking still works."""
    _ = speech(clinic)
    return TextReply(
        _(
            "Entendido, registramos tu respuesta: tus mensajes no saldrán del país y no te enviaremos "
            "invitaciones. Igual puedes agendar, recibir tus recordatorios y hablar con una persona. "
            "Si cambias de opinión, escribe «acepto»."
        )
    )
