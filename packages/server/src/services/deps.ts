import type {
  AuditInput,
  BatonStore,
  Clock,
  EscalationPolicy,
  EventBus,
  Ids,
  IntentClassifier,
  RedactionPolicy,
} from '@baton/core';
import type { FastifyBaseLogger } from 'fastify';
import type { Scheduler } from './scheduler.ts';
import type { SensitiveFieldCipher } from '../storage/sealed-fields.ts';

/** What the services need; the composition root (start-server.ts) builds it once. */
export interface ServiceDeps {
  store: BatonStore;
  bus: EventBus;
  clock: Clock;
  ids: Ids;
  /** The policy in force; read per turn so hot reloads apply at once. */
  policy: () => EscalationPolicy;
  scheduler: Scheduler;
  log: FastifyBaseLogger;
  /** Records data access and other facts in the audit chain, in the background. */
  audit: { record(input: AuditInput): void };
  /** Personal data redacted from turns before they are stored; nothing when absent. */
  storedRedaction?: RedactionPolicy;
  /** Seals the originals of redacted turns (BATON_ENCRYPTION_KEYS); without it they are discarded. */
  cipher?: SensitiveFieldCipher;
  /** The team's intent model (BATON_INTENT_MODEL): classifies customer turns the bot did not annotate. */
  classifier?: IntentClassifier;
  /**
   * An agent who lets an offer time out is set away (reason `missed_offer`) until they say they are available
   * again, so the next customers are not offered to someone who is not there (default true;
   * BATON_AWAY_AFTER_MISSED_OFFER).
   */
  awayAfterMissedOffer?: boolean;
}
