import { randomUUID } from 'node:crypto';
import { DomainError, redact, type Agent } from '@baton/core';
import type { TurnOriginalView } from '@baton/contracts';
import { sha256Hex } from '../audit/sha256.ts';
import { openTurnOriginal } from '../storage/sealed-fields.ts';
import type { ServiceDeps } from './deps.ts';

/**
 * The sealed originals of redacted turns (P5, P6): BATON_REDACT_STORED stores placeholders, and with
 * BATON_ENCRYPTION_KEYS the text as written is kept sealed beside the turn. Revealing it is a disclosure, so
 * it is for supervisors and admins only (the route checks the role, this checks it again), needs a reason, and
 * is written to the audit chain before the text is returned: no entry, no text.
 */
export class TurnOriginals {
  constructor(private readonly deps: Pick<ServiceDeps, 'store' | 'clock' | 'cipher'>) {}

  /**
   * Opens the original of one turn for `by`. Throws `forbidden` for an agent, `conversation_not_found`,
   * `original_not_kept` (nothing was redacted, no key was configured, the customer declined recording, or the
   * transcript was wiped), `encrypted_field_invalid` for a value that fails authentication.
   */
  async reveal(conversationId: string, turnId: string, by: Agent, reason: string): Promise<TurnOriginalView> {
    if (by.role !== 'supervisor' && by.role !== 'admin')
      throw new DomainError('forbidden', 'only supervisors and admins may reveal the original of a turn');
    const { store, clock, cipher } = this.deps;
    if ((await store.getConversation(conversationId)) === null)
      throw new DomainError('conversation_not_found', `no conversation ${conversationId}`);
    const sealed = await store.sealedTurnOriginal(conversationId, turnId);
    if (sealed === null) {
      throw new DomainError('original_not_kept', `no original is kept for turn ${turnId} of this conversation`, {
        conversationId,
        turnId,
      });
    }
    if (cipher === undefined) {
      throw new DomainError(
        'encryption_key_unknown',
        'an original is kept but BATON_ENCRYPTION_KEYS is not set, so it cannot be opened',
      );
    }
    const { text } = openTurnOriginal(cipher, { id: turnId, conversationId }, sealed);
    const at = clock.now();
    await store.appendAudit(
      {
        eventId: `data.revealed:${randomUUID()}`,
        at,
        actor: `agent:${by.id}`,
        action: 'data.revealed',
        subject: `conversation:${conversationId}`,
        // The reason is free text typed by staff: redacted like everything else in the chain.
        data: { what: 'turn_original', turnId, role: by.role, reason: redact(reason, {}) },
      },
      sha256Hex,
    );
    return { conversationId, turnId, text, revealedAt: at.toISOString() };
  }
}
