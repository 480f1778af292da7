import type { HandoffReason } from './types.ts';

/** Customer wording per reason code: plain, kind, never naming internal signals (C8). */
const CUSTOMER: Record<string, string> = {
  explicit_request: "You asked to speak with a person, so I'm connecting you with one of our team.",
  frustration: "I'm sorry this has been frustrating. I'm bringing in one of our team to sort it out with you.",
  low_understanding: "I'm not getting this right, so I'm passing you to one of our team who can help.",
  sensitive_topic: "I'm connecting you with one of our team who can give this the care it needs.",
  regulated_topic: 'This needs one of our specialists, so I am connecting you with them now.',
  customer_value: "I'm connecting you with one of our team who can take care of this personally.",
  revenue_intent: "I'm connecting you with one of our team who can help you with this right away.",
  complexity: 'This needs a closer look, so I am passing you to one of our team.',
};

/** Builds the two-audience reason for a handoff. `detail` is the agent-facing evidence. */
export const handoffReason = (code: string, detail: string): HandoffReason => ({
  code,
  agent: detail,
  customer: CUSTOMER[code] ?? "I'm connecting you with one of our team.",
});
