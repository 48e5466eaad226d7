"""The hand-off round: alerts to the clinics' webhooks, and quiet conversations back to the bot.

The worker runs it each round; `serve` without a database (no worker can run) every few seconds.
"""

from __future__ import annotations

import asyncio
import logging

from entrypoints.container import Container

log = logging.getLogger(__name__)


async def hand_offs_once(container: Container) -> None:
    try:
        sent = await container.deliver_alerts()()
        if sent:
            log.info("hand-off alerts sent: %d", sent)
    except Exception as failure:  # the database may be away: the next round tries again
        log.warning("hand-off alerts failed: %s: %s", type(failure).__name__, failure)
    try:
        returned = await container.return_quiet_conversations()()
        if returned:
            log.info("conversations back with the bot after their quiet time: %d", returned)
    except Exception as failure:
        log.warning("returning quiet conversations failed: %s: %s", type(failure).__name__, failure)


async def hand_offs_forever(container: Container, every: float = 15.0) -> None:
    while True:
        await hand_offs_once(container)
        await asyncio.sleep(every)
