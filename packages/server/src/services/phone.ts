import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * A phone number in E.164 (`+15550100199`) when it parses, else as given: the key one customer is matched
 * on across channels (V6), so "+1 (555) 010-0199" typed in the widget and a caller's "+15550100199" agree.
 */
export const normalizePhone = (raw: string): string => parsePhoneNumberFromString(raw)?.number ?? raw.trim();
