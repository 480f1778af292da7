import {
  DomainError,
  storedRedactionFor,
  transcriptHandling,
  type ConsentRecord,
  type TranscriptHandling,
} from '@baton/core';
import type { ConsentView, SurveyStatus, SurveyView } from '@baton/contracts';
import type { ServiceDeps } from './deps.ts';
import { redactForStorage } from './stored-redaction.ts';
import { subjects, type ConsentEvent } from '../realtime/subjects.ts';

/** A second redaction pass this long after a decline catches a turn that was in flight on another instance. */
const SECOND_PASS_MS = 2_000;

/**
 * What the customer records about their conversation: the recording consent with the wording they saw
 * (P1, M6) and the satisfaction survey after a person helped them (M7).
 */
export class CustomerRecordsService {
  constructor(
    private readonly deps: Pick<
      ServiceDeps,
      'store' | 'clock' | 'ids' | 'bus' | 'policy' | 'scheduler' | 'storedRedaction'
    >,
  ) {}

  /**
   * Stores the customer's choice with the wording shown, the time and the conversation's channel, then applies
   * the policy's `consent:` section (P1): when the transcript may not be kept as written, the turns stored so far
   * are redacted at once and every instance stores the next ones redacted (or wipes them at the close).
   */
  async recordConsent(
    conversationId: string,
    input: { recording: 'granted' | 'declined'; wording: string; language?: string | undefined },
  ): Promise<ConsentView> {
    const { store, clock, ids } = this.deps;
    const conversation = await store.getConversation(conversationId);
    if (conversation === null) throw new DomainError('conversation_not_found', `no conversation ${conversationId}`);
    const record: ConsentRecord = {
      id: ids.next('cst'),
      conversationId,
      recording: input.recording,
      wording: input.wording,
      language: input.language ?? conversation.language,
      channel: conversation.channel,
      createdAt: clock.now(),
    };
    await store.recordConsent(record);
    // Every instance re-reads the choice before its next turn of this conversation.
    const event: ConsentEvent = { kind: 'consent', conversationId, recording: input.recording };
    await this.deps.bus.publish(subjects.consent(conversationId), event);
    const handling = transcriptHandling(this.deps.policy().consent, input.recording);
    if (handling !== 'keep') {
      await this.redactStoredTurns(conversationId, handling);
      this.deps.scheduler.at(`consent-redact:${conversationId}`, new Date(clock.now().getTime() + SECOND_PASS_MS), () =>
        this.redactStoredTurns(conversationId, handling),
      );
    }
    return presentConsent(record);
  }

  /**
   * Redacts the turns of a conversation already stored, as the turn path stores new ones under `handling`, and
   * drops the sealed originals kept for them: after a decline none may stay, even of a turn already redacted.
   */
  private async redactStoredTurns(conversationId: string, handling: TranscriptHandling): Promise<void> {
    await this.deps.store.discardTurnOriginals(conversationId);
    const redaction = storedRedactionFor(handling, this.deps.storedRedaction);
    const turns = await this.deps.store.listTurns(conversationId);
    const changed = turns
      .map((t) => ({ before: t, after: redactForStorage(t, redaction) }))
      .filter(({ before, after }) => JSON.stringify(before) !== JSON.stringify(after))
      .map(({ after }) => ({
        id: after.id,
        text: after.text,
        decision: after.decision,
        escalationState: after.escalationState,
      }));
    await this.deps.store.replaceTurnContent(changed);
  }

  async consent(conversationId: string): Promise<ConsentView | null> {
    const found = await this.deps.store.latestConsent(conversationId);
    return found === null ? null : presentConsent(found);
  }

  /** Whether the survey applies (closed, and a person handled it) and the answer given, if any. */
  async surveyStatus(conversationId: string): Promise<SurveyStatus> {
    const { eligible } = await this.eligibility(conversationId);
    const survey = await this.deps.store.getSurvey(conversationId);
    return { eligible, survey: survey === null ? null : presentSurvey(survey) };
  }

  /**
   * Stores the survey answer. `conversation_open` before the conversation ended, `survey_not_applicable`
   * when no person handled it, `survey_already_answered` the second time.
   */
  async answerSurvey(
    conversationId: string,
    input: { rating: number; comment?: string | undefined },
  ): Promise<SurveyView> {
    const { store, clock, ids } = this.deps;
    const { eligible, closed, handoffId, agentId } = await this.eligibility(conversationId);
    if (!closed) throw new DomainError('conversation_open', 'the survey opens when the conversation has ended');
    if (!eligible) throw new DomainError('survey_not_applicable', 'no person handled this conversation');
    const comment = input.comment?.trim() ? input.comment.trim() : null;
    const survey = {
      id: ids.next('srv'),
      conversationId,
      handoffId,
      agentId,
      rating: input.rating,
      comment,
      createdAt: clock.now(),
    };
    await store.saveSurvey(survey);
    return presentSurvey(survey);
  }

  private async eligibility(
    conversationId: string,
  ): Promise<{ eligible: boolean; closed: boolean; handoffId: string | null; agentId: string | null }> {
    const { store } = this.deps;
    const conversation = await store.getConversation(conversationId);
    if (conversation === null) throw new DomainError('conversation_not_found', `no conversation ${conversationId}`);
    const handled = (await store.handoffsForConversation(conversationId)).filter((h) => h.assignedAgentId !== null);
    const last = handled.at(-1);
    const closed = conversation.status === 'closed';
    return {
      eligible: closed && last !== undefined,
      closed,
      handoffId: last?.id ?? null,
      agentId: last?.assignedAgentId ?? null,
    };
  }
}

const presentConsent = (c: ConsentRecord): ConsentView => ({
  recording: c.recording,
  wording: c.wording,
  language: c.language,
  channel: c.channel,
  createdAt: c.createdAt.toISOString(),
});

const presentSurvey = (s: { rating: number; comment: string | null; createdAt: Date }): SurveyView => ({
  rating: s.rating,
  comment: s.comment,
  createdAt: s.createdAt.toISOString(),
});
