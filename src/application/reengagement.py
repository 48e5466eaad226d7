"""Replies after Meta's 24-hour customer-service window: only an approved template reaches a
patient then, so a reply goes as the clinic's re-engagement template, its text on one line.

Staff replies are carried so from the start (``application.staff``). A reply WhatsApp refuses
later with 131047 (the patient's last message was older than this process knew) is sent again
so here, once, and staff see it in the conversation; without an approved template they see
that it did not arrive.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from application.messages import DeliveryReport, DocumentReply, TemplateReply
from application.ports import ClinicDirectory, Clock, Conversation, UnitOfWork, UnitOfWorkFactory
from domain.clinic import Clinic
from domain.conversation import Attachment, ChatSession, Speaker

log = logging.getLogger(__name__)

# Meta refuses a template parameter with line breaks, tabs or more than four spaces in a row; a
# template's whole body is at most 1024 characters.
MAX_TEMPLATE_PARAMETER = 900


def reengagement_template(clinic: Clinic, body: str) -> TemplateReply | None:
    """``body`` in the clinic's approved re-engagement template; None when it has none."""
    chosen = clinic.reengagement
    if not chosen.approved:
        return None
    one_line = " ".join(body.split())[:MAX_TEMPLATE_PARAMETER]
    template = chosen.template_for(clinic.language)  # the patient's language's own
    return TemplateReply(template.name, template.code, (clinic.name, one_line), body=body)


@dataclass(frozen=True)
class ResendLate:
    """Replies WhatsApp refused because 24 hours had passed, sent again as the clinic's template."""

    clinics: ClinicDirectory
    unit_of_work: UnitOfWorkFactory
    clock: Clock

    async def __call__(self, reports: Sequence[DeliveryReport]) -> list[Conversation]:
        """The conversations with a template now queued (their outbox is to be sent)."""
        queued: list[Conversation] = []
        for report in reports:
            if report.needs_template and report.reference:
                conversation = await self._resend(report.reference)
                if conversation is not None:
                    queued.append(conversation)
        return queued

    async def _resend(self, reference: str) -> Conversation | None:
        async with self.unit_of_work() as uow:
            refused = await uow.outbox.refused_late(reference)
            if refused is None:  # not ours, a template, or reported before
                return None
            if isinstance(refused.message, DocumentReply):
                # A file goes in no template: the text sent with it was resent on its own.
                await uow.commit()
                return None
            clinic = await self.clinics.get(refused.clinic_id)
            session = await uow.sessions.get(
                refused.clinic_id, await uow.patients.identity(refused.clinic_id, refused.to)
            )
            language = session.language if session is not None else None  # the template of the patient's
            template = (
                reengagement_template(clinic.speaking(language), refused.message.body)
                if clinic is not None
                else None
            )
            now = self.clock.now()
            if template is not None:
                await uow.outbox.add(refused.clinic_id, refused.to, [template], now)
            await _note(uow, session, template, now)
            await uow.commit()
        if template is None:
            log.warning(
                "a reply to %s was refused outside the 24-hour window and no template is approved",
                refused.to.masked(),
            )
            return None
        return refused.clinic_id, refused.to


async def _note(
    uow: UnitOfWork, session: ChatSession | None, template: TemplateReply | None, now: datetime
) -> None:
    """What staff read in the conversation: sent again in the template, or not delivered."""
    if session is None:
        return
    note = Attachment("resent", filename=template.name) if template else Attachment("undelivered")
    session.record(Speaker.BOT, "", now, note)
    await uow.sessions.save(session)
