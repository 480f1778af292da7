import type { ErrorBody } from '@baton/contracts';

/** `GET /v1/conversations/:id/assist` (A5), as routes-assist.ts answers it. */
export interface AssistView {
  conversationId: string;
  basedOn: { turnSeq: number; text: string } | null;
  topics: string[];
  articles: {
    id: string;
    title: string;
    snippet: string;
    score: number;
    source: string;
    location: string | null;
    matched: string[];
  }[];
  replies: { kind: string; text: string }[];
  nextBestActions: { code: string; title: string; detail: string; offer: string | null }[];
  guidance: { topic: string; title: string; mustSay: string[]; mustNotPromise: string[]; escalateTo: string | null }[];
}

/** Fetches assist for a conversation the agent owns; throws with the server's message. */
export async function assistRequest(conversationId: string, token: string): Promise<AssistView> {
  const response = await fetch(`/v1/conversations/${encodeURIComponent(conversationId)}/assist`, {
    headers: { accept: 'application/json', authorization: `Bearer ${token}` },
  });
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = (payload as Partial<ErrorBody> | null)?.error?.message;
    throw new Error(message ?? `Assist failed (HTTP ${response.status}).`);
  }
  return payload as AssistView;
}
