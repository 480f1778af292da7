import { analyze } from '../language/analyze.ts';
import { detectTopics, type Topic } from '../language/topics.ts';

/** What an agent must say and must not promise on a regulated or sensitive topic (A5). */
export interface RegulatoryGuidance {
  topic: string;
  title: string;
  /** Statements the agent has to make (disclosures, next steps the customer is entitled to). */
  mustSay: string[];
  /** Commitments the agent must not make. */
  mustNotPromise: string[];
  /** Who to involve, when the topic needs more than the agent. */
  escalateTo: string | null;
}

/**
 * Default guidance by topic, written for the demo company (a consumer retailer in the US, UK and EU). It is
 * practice guidance, not legal advice: a business replaces it with its compliance team's wording.
 */
export const DEFAULT_GUIDANCE: Readonly<Record<string, Omit<RegulatoryGuidance, 'topic'>>> = {
  fraud: {
    title: 'Suspected fraud or unauthorised payment',
    mustSay: [
      'We take this seriously; I am securing the account now.',
      'Please contact your card issuer or bank as well, so they can block the card.',
      'We will never ask for your full card number, PIN or password.',
    ],
    mustNotPromise: [
      'A refund or chargeback outcome before the investigation ends',
      'That the money is safe or will be recovered',
      'A timeline you do not control',
    ],
    escalateTo: 'Fraud team',
  },
  legal: {
    title: 'Legal threat or legal question',
    mustSay: [
      'I will pass this to the team that handles legal matters, who will reply in writing.',
      'You are entitled to a written response.',
    ],
    mustNotPromise: [
      'Any admission of liability or fault',
      'Legal advice or an interpretation of the law',
      'Compensation before the legal team reviews it',
    ],
    escalateTo: 'Legal / compliance',
  },
  formal_complaint: {
    title: 'Formal complaint',
    mustSay: [
      'I am logging this as a formal complaint; you will receive a reference number.',
      'We acknowledge complaints within 3 business days and send a final response within 8 weeks.',
      'If you are not satisfied with our final response, you may refer it to the ombudsman or consumer body.',
    ],
    mustNotPromise: [
      'A specific outcome of the complaint',
      'That it will not be recorded',
      'Compensation amounts beyond your approval limit',
    ],
    escalateTo: 'Complaints team',
  },
  insurance_claim: {
    title: 'Insurance or warranty claim',
    mustSay: [
      'I will log the claim and give you the claim reference.',
      'The decision is made by the claims team after assessment; you will get it in writing.',
    ],
    mustNotPromise: [
      'That the claim will be accepted or paid',
      'A payout amount',
      'Coverage before the policy terms are checked',
    ],
    escalateTo: 'Claims team',
  },
  medical: {
    title: 'Medical or health question',
    mustSay: [
      'I cannot give medical advice; please speak to a doctor or pharmacist.',
      'If this is an emergency, call your local emergency number now.',
    ],
    mustNotPromise: ['That a product is safe for a medical condition', 'Diagnosis, dosage or treatment advice'],
    escalateTo: null,
  },
  bereavement: {
    title: 'Bereavement',
    mustSay: [
      'I am very sorry for your loss.',
      'There is no rush; we can do this at your pace, and I can close or transfer the account for you.',
    ],
    mustNotPromise: [
      'Deadlines or fees you cannot waive',
      'Access to the account holder’s data before the documents are checked',
    ],
    escalateTo: 'Bereavement / specialist support',
  },
  self_harm: {
    title: 'Risk of self-harm',
    mustSay: [
      'I am glad you told me. You are not alone.',
      'If you are in danger, call your local emergency number; in the US you can call or text 988, in the UK call Samaritans on 116 123.',
    ],
    mustNotPromise: ['To keep it secret if someone is at risk', 'That you can solve it alone'],
    escalateTo: 'Supervisor, at once',
  },
  vulnerability: {
    title: 'Customer in a vulnerable situation',
    mustSay: [
      'Thank you for telling me; we can adjust how we help you.',
      'I can note this on your account so you do not have to explain it again, if you agree.',
    ],
    mustNotPromise: ['Debt write-offs or payment holidays beyond your authority'],
    escalateTo: 'Specialist support',
  },
};

/** The order guidance is shown in: safety first, then legal duties. */
const ORDER = [
  'self_harm',
  'fraud',
  'legal',
  'formal_complaint',
  'insurance_claim',
  'medical',
  'bereavement',
  'vulnerability',
];

/**
 * Guidance for the topics a conversation touched: topics detected in the customer's messages (negations
 * ignored: "it's not fraud") and topics the escalation engine already fired (`topic:legal` signals).
 */
export const guidanceFor = (
  customerTexts: readonly string[],
  firedTopics: readonly string[] = [],
  table: Readonly<Record<string, Omit<RegulatoryGuidance, 'topic'>>> = DEFAULT_GUIDANCE,
): RegulatoryGuidance[] => {
  const topics = new Set<string>(firedTopics);
  for (const text of customerTexts)
    for (const hit of detectTopics(analyze(text))) topics.add(hit.topic satisfies Topic);
  const rank = (t: string): number => (ORDER.includes(t) ? ORDER.indexOf(t) : ORDER.length);
  return [...topics]
    .filter((t) => table[t] !== undefined)
    .sort((a, b) => rank(a) - rank(b))
    .map((topic) => ({ topic, ...(table[topic] as Omit<RegulatoryGuidance, 'topic'>) }));
};
