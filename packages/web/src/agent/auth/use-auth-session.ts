import type { AgentView } from '@baton/contracts';
import { useCallback, useState } from 'react';

/** The signed-in agent in this tab. */
export interface AuthSession {
  token: string;
  agent: AgentView;
}

const KEY = 'baton.agent.session';

function load(): AuthSession | null {
  try {
    const raw = window.sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as AuthSession) : null;
  } catch {
    return null;
  }
}

/**
 * Keeps the agent's token in sessionStorage (per tab, so the demo page's iframe and a second tab can be
 * two different agents) and survives a reload.
 */
export function useAuthSession(): {
  session: AuthSession | null;
  signIn: (session: AuthSession) => void;
  signOut: () => void;
} {
  const [session, setSession] = useState<AuthSession | null>(load);
  const signIn = useCallback((next: AuthSession) => {
    try {
      window.sessionStorage.setItem(KEY, JSON.stringify(next));
    } catch {
      // Without storage the agent signs in again after a reload.
    }
    setSession(next);
  }, []);
  const signOut = useCallback(() => {
    try {
      window.sessionStorage.removeItem(KEY);
    } catch {
      // Nothing stored.
    }
    setSession(null);
  }, []);
  return { session, signIn, signOut };
}
