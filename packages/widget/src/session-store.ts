/** The customer's conversation in this tab: survives a reload, not a new tab (sessionStorage). */
export interface StoredSession {
  conversationId: string;
  token: string;
}

const KEY = 'baton.widget.session';

/** Reads and writes the session; storage can be unavailable (privacy modes), then the widget just forgets. */
export const sessionStore = {
  load(): StoredSession | null {
    try {
      const raw = window.sessionStorage.getItem(KEY);
      if (!raw) return null;
      const parsed = JSON.parse(raw) as Partial<StoredSession>;
      return typeof parsed.conversationId === 'string' && typeof parsed.token === 'string'
        ? { conversationId: parsed.conversationId, token: parsed.token }
        : null;
    } catch {
      return null;
    }
  },
  save(session: StoredSession): void {
    try {
      window.sessionStorage.setItem(KEY, JSON.stringify(session));
    } catch {
      // Storage full or blocked: the conversation still works until the page is reloaded.
    }
  },
  clear(): void {
    try {
      window.sessionStorage.removeItem(KEY);
    } catch {
      // Nothing stored, nothing to clear.
    }
  },
};
