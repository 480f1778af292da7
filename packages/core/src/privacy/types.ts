/** The kinds of personal data Baton detects and redacts (P3). */
export type PiiType =
  'CREDIT_CARD' | 'NATIONAL_ID' | 'IBAN' | 'EMAIL' | 'PHONE' | 'PERSON' | 'ADDRESS' | 'DATE_OF_BIRTH' | 'IP_ADDRESS';

export const PII_TYPES: readonly PiiType[] = [
  'CREDIT_CARD',
  'NATIONAL_ID',
  'IBAN',
  'EMAIL',
  'PHONE',
  'PERSON',
  'ADDRESS',
  'DATE_OF_BIRTH',
  'IP_ADDRESS',
];

/** One detected piece of personal data: `text.slice(start, end) === value`. */
export interface PiiSpan {
  type: PiiType;
  start: number;
  end: number;
  value: string;
  /** Confidence in 0..1. Checksummed formats (Luhn, mod-97) score near 1; name guesses lower. */
  score: number;
}

/** What to redact and how. */
export interface RedactionPolicy {
  /** Types to redact; default: all of them. */
  types?: readonly PiiType[];
  /** Spans scoring below this are left alone; default 0.5 (the detector's own threshold). */
  minScore?: number;
  /** Placeholder text per type; default `[EMAIL]`, `[CARD]`, `[NAME]` ... */
  placeholders?: Partial<Record<PiiType, string>>;
}

export const DEFAULT_PLACEHOLDERS: Readonly<Record<PiiType, string>> = {
  CREDIT_CARD: '[CARD]',
  NATIONAL_ID: '[NATIONAL_ID]',
  IBAN: '[IBAN]',
  EMAIL: '[EMAIL]',
  PHONE: '[PHONE]',
  PERSON: '[NAME]',
  ADDRESS: '[ADDRESS]',
  DATE_OF_BIRTH: '[DOB]',
  IP_ADDRESS: '[IP]',
};
