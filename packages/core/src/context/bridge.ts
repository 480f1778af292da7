/** Short phrases for what the agent takes over, by topic or intent, for the bridge message (C9). */
const ISSUE_PHRASES: Readonly<Record<string, string>> = {
  cancellation: 'your cancellation',
  refund: 'your refund',
  billing_dispute: 'the charge you asked about',
  technical_issue: 'the technical problem',
  fraud: 'the suspicious activity on your account',
  formal_complaint: 'your complaint',
  legal: 'your complaint',
  insurance_claim: 'your claim',
  large_purchase: 'your order',
  pricing_negotiation: 'the pricing question',
  bereavement: 'the account changes',
};

/** The issue phrase for the first known topic or intent, e.g. `refund` → "your refund"; null when none fits. */
export const issuePhrase = (topicsOrIntents: readonly string[]): string | null => {
  for (const t of topicsOrIntents) {
    const known = ISSUE_PHRASES[t];
    if (known !== undefined) return known;
  }
  const first = topicsOrIntents.find(
    (t) => /^[a-z][a-z_ ]{2,40}$/.test(t) && !['greeting', 'handoff', 'goodbye', 'thanks', 'oos'].includes(t),
  );
  return first === undefined ? null : `your ${first.replace(/_/g, ' ')}`;
};

/**
 * The message an agent can send on joining (C9, M4): "Hi Ana, I'm Sam. I'll help you with your refund from
 * here; I've read our conversation so far." Without a known issue: "I'll take it from here". `{agent}` is
 * left as a placeholder when the agent is not known yet (the offer goes out before anyone accepts).
 */
export const bridgeMessage = (customerName: string | null, agentName: string | null, issue: string | null): string => {
  const first = customerName?.trim().split(/\s+/)[0];
  const hi = first === undefined || first === '' ? 'Hi there' : `Hi ${first}`;
  const me = `I'm ${agentName ?? '{agent}'}`;
  const middle = issue === null ? "I'll take it from here" : `I'll help you with ${issue} from here`;
  return `${hi}, ${me}. ${middle}; I've read our conversation so far.`;
};
