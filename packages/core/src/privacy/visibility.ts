import type { Agent } from '../routing/types.ts';
import { applyRedaction, redact } from './redact.ts';
import { PII_TYPES, type PiiSpan, type PiiType } from './types.ts';

/** The staff roles that read transcripts; the customer always sees their own conversation as written. */
export type StaffRole = Agent['role'];

/** The PII types a role sees as written: `all`, or a list (every other type shows as its placeholder). */
export type PiiVisibility = 'all' | readonly PiiType[];

/**
 * The `privacy:` section of the policy file (P3): what each staff role sees of the personal data in live
 * transcripts, offers and context packages. Applied when a frame or response is written for a reader, never to
 * what is stored or published on the bus.
 */
export interface PrivacyPolicy {
  visible: Record<StaffRole, PiiVisibility>;
}

/**
 * Agents see who they help and how to reach them (name, e-mail, phone); supervisors also see addresses, for
 * complaints about deliveries and visits; payment and identity numbers (card, national id, IBAN), dates of birth
 * and IP addresses are hidden from everyone but admins. The same split as PCI masking in Genesys Cloud (the
 * original only with an explicitly granted permission) and entity-type placeholders as in Contact Lens.
 */
export const DEFAULT_PRIVACY_POLICY: PrivacyPolicy = {
  visible: {
    agent: ['PERSON', 'EMAIL', 'PHONE'],
    supervisor: ['PERSON', 'EMAIL', 'PHONE', 'ADDRESS'],
    admin: 'all',
  },
};

const hiddenOf = (visible: PiiVisibility): readonly PiiType[] =>
  visible === 'all' ? [] : PII_TYPES.filter((t) => !visible.includes(t));

/**
 * The PII types hidden from `role` under `policy`; none without a `privacy:` section (a missing section is off,
 * as every optional section of the policy is).
 */
export const hiddenTypesFor = (policy: PrivacyPolicy | undefined, role: StaffRole): readonly PiiType[] =>
  hiddenOf(policy?.visible[role] ?? 'all');

/**
 * `text` as a reader who may see `visible` reads it: other personal data replaced by placeholders
 * (`maskFor("card 4111 1111 1111 1111", ['EMAIL'])` → `"card [CARD]"`). Runs the detector; with spans already
 * found use {@link maskSpans}.
 */
export const maskFor = (text: string, visible: PiiVisibility): string => {
  const hidden = hiddenOf(visible);
  return hidden.length === 0 ? text : redact(text, { types: hidden });
};

/** {@link maskFor} over spans detected earlier (`detectPii(text)`), so one detection serves every reader. */
export const maskSpans = (text: string, spans: readonly PiiSpan[], hidden: readonly PiiType[]): string => {
  if (hidden.length === 0 || spans.length === 0) return text;
  return applyRedaction(text, spans, { types: hidden });
};
