import { createHash } from 'node:crypto';

/** SHA-256 as lowercase hex: the audit chain's hash. */
export const sha256Hex = (material: string): string => createHash('sha256').update(material).digest('hex');
