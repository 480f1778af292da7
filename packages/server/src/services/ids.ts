import { randomBytes } from 'node:crypto';
import type { Ids } from '@baton/core';

/**
 * Time-ordered ids: `prefix_` + 10 chars of millisecond time (base36, zero-padded) + 12 random chars.
 * Sortable by creation time, unique across instances, no dots (safe as bus subject tokens).
 */
export const randomIds: Ids = {
  next(prefix: string): string {
    const time = Date.now().toString(36).padStart(10, '0');
    const rand = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
    return `${prefix}_${time}${rand}`;
  },
};
