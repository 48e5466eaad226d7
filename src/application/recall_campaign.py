"""RunRecallCampaign: invite back the patients a recall campaign selects, each at most once per cycle."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from application.failures import describe
from application.ports import Clock, DeliveryFailed, MessageSender, RecallCandidate, RecallLog
from application.texts_es import outreach
from domain.clinic import Clinic
from domain.ids import PatientAddress
from domain.outreach import RecallCampaign

log = logging.getLogger(__name__)


class UnknownCampaign(Exception):
    """The clinic has no recall campaign by that id."""


class RecallOutcome(StrEnum):
    SENT = "sent"
    FAILED = "failed"  # Meta refused it; the next run tries again
    ALREADY = "already recalled"  # another run got there first
    WOULD_SEND = "would send"  # a dry run


@dataclass(frozen=True, slots=True)
class RecallResult:
    patient: PatientAddress
    outcome: RecallOutcome
    detail: str = ""


@dataclass(frozen=True)
class RunRecallCampaign:
    """Send a campaign's template to every patient it selects now.

    Each invitation is claimed in the recall log before it is sent, so two runs (or
    one run repeated) never send a patient the same cycle's recall twice. A send
    that failed is recorded and tried again by the next run; one interrupted
    mid-send is not repeated: a duplicate recall costs more goodwill than a lost one.
    """

    recalls: RecallLog
    sender: MessageSender
    clock: Clock

    async def __call__(
        self, clinic: Clinic, campaign_id: str, *, dry_run: bool = False
    ) -> list[RecallResult]:
        campaign = clinic.recalls.campaign(campaign_id)
        if campaign is None:
            known = ", ".join(c.id for c in clinic.recalls.campaigns) or "none"
            raise UnknownCampaign(
                f"clinic {clinic.id} has no recall campaign {campaign_id!r} (it has: {known})"
            )
        candidates = await self.recalls.candidates(clinic, campaign, self.clock.now())
        if dry_run:
            return [RecallResult(c.patient, RecallOutcome.WOULD_SEND) for c in candidates]
        results = [await self._recall(clinic, campaign, c) for c in candidates]
        sent = sum(r.outcome is RecallOutcome.SENT for r in results)
        log.info("recall %s at %s: %d sent of %d selected", campaign_id, clinic.id, sent, len(results))
        return results

    async def _recall(
        self, clinic: Clinic, campaign: RecallCampaign, candidate: RecallCandidate
    ) -> RecallResult:
        campaign_id = campaign.id
        if not await self.recalls.claim(clinic.id, campaign_id, candidate, self.clock.now()):
            return RecallResult(candidate.patient, RecallOutcome.ALREADY)
        try:
            spoken = clinic.speaking(candidate.language)  # the template of the patient's language
            await self.sender.send(
                clinic, candidate.patient, outreach.recall(spoken, campaign, candidate.name)
            )
        except DeliveryFailed as failure:
            error = describe(failure, 500)
            await self.recalls.failed(clinic.id, campaign_id, candidate, error)
            log.warning("recall %s to %s not sent: %s", campaign_id, candidate.patient.masked(), error)
            return RecallResult(candidate.patient, RecallOutcome.FAILED, error)
        await self.recalls.sent(clinic.id, campaign_id, candidate, self.clock.now())
        return RecallResult(candidate.patient, RecallOutcome.SENT)
