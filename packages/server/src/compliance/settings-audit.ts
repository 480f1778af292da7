import { randomUUID } from 'node:crypto';
import { canonicalJson, type AuditInput, type AuditStore } from '@baton/core';
import { sha256Hex } from '../audit/sha256.ts';

/** The kinds of settings whose changes go to the audit chain (P5). */
export type SettingKind = 'policy' | 'queue' | 'agent' | 'routing';

/** One settings change: who, what, and the value before and after (only digests are recorded). */
export interface SettingsChange {
  /** `agent:<id>` (a supervisor or admin), `bot:<name>`, `system`. */
  actor: string;
  setting: SettingKind;
  /** The changed object's id: queue id, agent id, policy version … */
  id: string;
  /** The value before the change; null when the object is new. */
  before: unknown;
  after: unknown;
  at: Date;
  /** Non-sensitive context worth reading without the values (e.g. the policy versions). */
  note?: Record<string, string | number | boolean | null>;
}

/** SHA-256 of the canonical JSON of a value: the same content always gives the same digest, whatever the key order. */
export const digestOf = (value: unknown): string => sha256Hex(canonicalJson(value));

/** Top-level fields whose value differs between before and after (names only, never values). */
export const changedFields = (before: unknown, after: unknown): string[] => {
  const obj = (v: unknown): Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  const b = obj(before);
  const a = obj(after);
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => canonicalJson(b[k]) !== canonicalJson(a[k]))
    .sort();
};

/**
 * The audit entry of a settings change: `settings.changed` on `<setting>:<id>`, with digests of the value
 * before and after and the names of the changed fields. Values themselves are not kept: the chain stays
 * free of personal data (agent e-mails, names) and a reader can still prove which version was in force by
 * hashing a copy of it.
 */
export const settingsChangeEntry = (change: SettingsChange, eventId = `settings:${randomUUID()}`): AuditInput => ({
  eventId,
  at: change.at,
  actor: change.actor,
  action: 'settings.changed',
  subject: `${change.setting}:${change.id}`,
  data: {
    setting: change.setting,
    id: change.id,
    beforeDigest: change.before === null ? null : digestOf(change.before),
    afterDigest: digestOf(change.after),
    changed: change.before === null ? ['*'] : changedFields(change.before, change.after),
    ...(change.note === undefined ? {} : { note: change.note }),
  },
});

/** Writes the entry and waits: a settings change is not acknowledged before it is audited. */
export const recordSettingsChange = async (store: AuditStore, change: SettingsChange): Promise<void> => {
  await store.appendAudit(settingsChangeEntry(change), sha256Hex);
};
