import type { ContextPackageView, ErrorBody } from '@baton/contracts';

/**
 * `GET /v1/conversations/:id/context`: the context package of a conversation the agent owns. The offer
 * carries it; this is for when the offer is gone (a reload, another tab). Throws with the server's message.
 */
export async function contextRequest(conversationId: string, token: string): Promise<ContextPackageView> {
  const response = await fetch(`/v1/conversations/${encodeURIComponent(conversationId)}/context`, {
    headers: { accept: 'application/json', authorization: `Bearer ${token}` },
  });
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = (payload as Partial<ErrorBody> | null)?.error?.message;
    throw new Error(message ?? `Context failed (HTTP ${response.status}).`);
  }
  return (payload as { package: ContextPackageView }).package;
}
