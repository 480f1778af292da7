import type {
  AgentConversation,
  AgentServerFrame,
  AgentTurn,
  ContextPreview,
  CustomerView,
  SupervisorServerFrame,
} from '@baton/contracts';
import {
  DEFAULT_PLACEHOLDERS,
  detectPii,
  hiddenTypesFor,
  maskSpans,
  type EscalationPolicy,
  type PiiSpan,
  type PiiType,
  type StaffRole,
} from '@baton/core';

/** Turns whose detected spans are kept; a turn frame, its offer and the hello snapshot hit well within this. */
const DEFAULT_CAPACITY = 4096;

/**
 * Shows staff the personal data their role may see (P3, the policy's `privacy:` section), at the edge: when a
 * frame or response is written for one reader. Bus events stay as stored, since every subscriber shares them.
 *
 * Cost: the detector (≈ 15 µs a turn) runs once per turn id, whatever the number of roles and sockets; its
 * spans are kept in a bounded first-in-first-out map (`capacity` turns, a few hundred bytes each) and checked
 * against the text, so a turn redacted in the store since is detected again. Masking from spans is a string
 * splice. A policy reload applies to the next frame: the hidden types are recomputed when the policy object
 * changes.
 */
export class StaffMasker {
  private readonly spans = new Map<string, { text: string; spans: PiiSpan[] }>();
  private hiddenFor: { policy: EscalationPolicy; byRole: Map<StaffRole, readonly PiiType[]> } | null = null;

  constructor(
    private readonly policy: () => EscalationPolicy,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** The PII types hidden from `role` under the policy in force (empty: the reader sees everything). */
  hidden(role: StaffRole): readonly PiiType[] {
    const policy = this.policy();
    if (this.hiddenFor?.policy !== policy) this.hiddenFor = { policy, byRole: new Map() };
    let hidden = this.hiddenFor.byRole.get(role);
    if (hidden === undefined) this.hiddenFor.byRole.set(role, (hidden = hiddenTypesFor(policy.privacy, role)));
    return hidden;
  }

  /** `text` with the hidden types replaced; `key` names the text for the span cache (null: not cached). */
  text(key: string | null, text: string, hidden: readonly PiiType[]): string {
    if (hidden.length === 0 || text === '') return text;
    return maskSpans(text, this.spansOf(key, text), hidden);
  }

  /** Number of texts whose spans are kept (for tests of the bound). */
  cached(): number {
    return this.spans.size;
  }

  turn(t: AgentTurn, hidden: readonly PiiType[]): AgentTurn {
    if (hidden.length === 0) return t;
    const text = this.text(t.id, t.text, hidden);
    const d = t.decision;
    // Signal evidence quotes the customer's words.
    const masked = d?.signals.some((s) => s.evidence != null && s.evidence !== '')
      ? {
          ...d,
          signals: d.signals.map((s, i) =>
            s.evidence == null ? s : { ...s, evidence: this.text(`${t.id}#${i}`, s.evidence, hidden) },
          ),
        }
      : d;
    return text === t.text && masked === d ? t : { ...t, text, decision: masked };
  }

  customer(c: CustomerView | null, hidden: readonly PiiType[]): CustomerView | null {
    if (c === null || hidden.length === 0) return c;
    return {
      ...c,
      name: field(c.name, 'PERSON', hidden),
      email: field(c.email, 'EMAIL', hidden),
      phone: field(c.phone, 'PHONE', hidden),
    };
  }

  conversation<C extends AgentConversation>(c: C, hidden: readonly PiiType[]): C {
    if (hidden.length === 0) return c;
    return {
      ...c,
      customer: this.customer(c.customer, hidden),
      transcript: c.transcript.map((t) => this.turn(t, hidden)),
    };
  }

  /** An offer's preview: the transcript and customer here; the package is built for the reader (ContextService). */
  preview(p: ContextPreview, hidden: readonly PiiType[]): ContextPreview {
    if (hidden.length === 0) return p;
    return {
      ...p,
      customer: this.customer(p.customer, hidden),
      transcript: p.transcript.map((t) => this.turn(t, hidden)),
    };
  }

  /** An agent socket frame as `role` may read it; frames without customer data pass unchanged. */
  agentFrame(frame: AgentServerFrame, role: StaffRole): AgentServerFrame {
    const hidden = this.hidden(role);
    if (hidden.length === 0) return frame;
    switch (frame.type) {
      case 'turn':
        return { ...frame, turn: this.turn(frame.turn, hidden) };
      case 'consult.turn':
        return { ...frame, turn: this.turn(frame.turn, hidden) };
      case 'offer':
        return { ...frame, context: this.preview(frame.context, hidden) };
      case 'consult.context':
        return { ...frame, context: this.preview(frame.context, hidden) };
      case 'conversation.assigned':
        return { ...frame, conversation: this.conversation(frame.conversation, hidden) };
      case 'consult.updated':
        return {
          ...frame,
          consult: { ...frame.consult, customerName: field(frame.consult.customerName, 'PERSON', hidden) },
        };
      case 'hello':
        return {
          ...frame,
          offers: frame.offers.map((o) => ({ ...o, context: this.preview(o.context, hidden) })),
          conversations: frame.conversations.map((c) => this.conversation(c, hidden)),
          ...(frame.consults === undefined
            ? {}
            : {
                consults: frame.consults.map((s) => ({
                  consult: { ...s.consult, customerName: field(s.consult.customerName, 'PERSON', hidden) },
                  ...(s.context === undefined ? {} : { context: this.preview(s.context, hidden) }),
                })),
              }),
        };
      default:
        return frame;
    }
  }

  /** A supervisor socket frame as `role` may read it (the live view of a conversation and the floor). */
  supervisorFrame(frame: SupervisorServerFrame, role: StaffRole): SupervisorServerFrame {
    const hidden = this.hidden(role);
    if (hidden.length === 0) return frame;
    switch (frame.type) {
      case 'turn':
        return { ...frame, turn: this.turn(frame.turn, hidden) };
      case 'conversation.transcript':
        return this.conversation(frame, hidden);
      case 'floor':
        return {
          ...frame,
          floor: {
            ...frame.floor,
            conversations: frame.floor.conversations.map((c) => ({
              ...c,
              customerName: field(c.customerName, 'PERSON', hidden),
            })),
          },
        };
      default:
        return frame;
    }
  }

  private spansOf(key: string | null, text: string): PiiSpan[] {
    if (key === null) return detectPii(text);
    const known = this.spans.get(key);
    if (known !== undefined && known.text === text) return known.spans;
    const spans = detectPii(text);
    this.spans.delete(key);
    this.spans.set(key, { text, spans });
    // Maps iterate in insertion order: the first key is the oldest.
    if (this.spans.size > this.capacity) this.spans.delete(this.spans.keys().next().value as string);
    return spans;
  }
}

/** A structured field of one PII type (the customer's name, e-mail, phone): its placeholder when hidden. */
const field = (value: string | null, type: PiiType, hidden: readonly PiiType[]): string | null =>
  value === null || !hidden.includes(type) ? value : DEFAULT_PLACEHOLDERS[type];
