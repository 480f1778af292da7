import type { BatonStore, EventBus } from '@baton/core';
import type { Authenticator } from '../auth/principal.ts';
import type { ConversationService } from '../services/conversation-service.ts';
import type { HandoffService } from '../services/handoff-service.ts';
import type { ContextService } from '../services/context-service.ts';
import type { RealtimeHub } from '../realtime/hub.ts';
import type { StaffMasker } from '../realtime/staff-masker.ts';
import type { Metrics } from './metrics.ts';
import type { AgentActionsService } from '../services/agent-actions-service.ts';
import type { CustomerRecordsService } from '../services/customer-records-service.ts';
import type { PolicyEditor } from '../services/policy-editor.ts';
import type { TurnOriginals } from '../services/turn-originals.ts';

/** What the edges (routes, sockets) may call. They validate, authorize, call, present; nothing more. */
export interface AppContext {
  store: BatonStore;
  bus: EventBus;
  auth: Authenticator;
  conversations: ConversationService;
  handoffs: HandoffService;
  context: ContextService;
  hub: RealtimeHub;
  /** What each staff role may see of personal data (the policy's `privacy:` section), applied per reader. */
  masker: StaffMasker;
  metrics: Metrics;
  /** Transfer, hand back, wrap-up (A6). */
  agentActions: AgentActionsService;
  /** Consent and survey (P1, M7). */
  records: CustomerRecordsService;
  /** The supervisor's escalation policy editor (T12). */
  policyEditor: PolicyEditor;
  /** The audited reveal of redacted turns' kept originals (P5, P6). */
  originals: TurnOriginals;
  /** Readiness probe: store and bus reachable. */
  ready: () => Promise<boolean>;
}
