import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying the signature of every webhook request. */
export const SIGNATURE_HEADER = 'Baton-Signature';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`: the timestamp is signed to stop replays. */
export const signWebhook = (secret: string, body: string, timestampSeconds: number): string => {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
};

/**
 * Checks a `Baton-Signature` header against the raw body: the MAC must match (constant-time) and the
 * timestamp be within `toleranceSeconds` of `nowSeconds` (default 5 minutes). What a receiver runs.
 */
export const verifyWebhookSignature = (
  secret: string,
  header: string,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean => {
  const parts = new Map<string, string[]>();
  for (const item of header.split(',')) {
    const i = item.indexOf('=');
    if (i <= 0) continue;
    const key = item.slice(0, i).trim();
    parts.set(key, [...(parts.get(key) ?? []), item.slice(i + 1).trim()]);
  }
  const t = Number(parts.get('t')?.[0]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  // Several v1 values are allowed, so a secret can be rotated without downtime.
  return (parts.get('v1') ?? []).some((v) => {
    const given = Buffer.from(v);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
};
