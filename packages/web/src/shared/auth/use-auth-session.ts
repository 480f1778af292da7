import type { AgentView } from '@baton/contracts';
import { useCallback, useState } from 'react';

/** The signed-in person (agent, supervisor or admin) in this tab. */
export interface AuthSession {
  token: string;
  agent: AgentView;
}

/** Where each app keeps its session: separate keys, so one tab can be an agent and another a supervisor. */
export const SESSION_KEYS = {
  agent: 'baton.agent.session',
  supervisor: 'baton.supervisor.session',
} as const;

function load(key: string): AuthSession | null {
  try {
    const raw = window.sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as AuthSession) : null;
  } catch {
    return null;
  }
}

/**
 * Keeps the session token in sessionStorage under `key` (per tab, so the demo page's iframe and a second
 * tab can be two different people) and survives a reload. Shared by the agent workspace and the
 * supervisor console.
 */
export function useAuthSession(key: string): {
  session: AuthSession | null;
  signIn: (session: AuthSession) => void;
  signOut: () => void;
} {
  const [session, setSession] = useState<AuthSession | null>(() => load(key));
  const signIn = useCallback(
    (next: AuthSession) => {
      try {
        window.sessionStorage.setItem(key, JSON.stringify(next));
      } catch {
        // Without storage the person signs in again after a reload.
      }
      setSession(next);
    },
    [key],
  );
  const signOut = useCallback(() => {
    try {
      window.sessionStorage.removeItem(key);
    } catch {
      // Nothing stored.
    }
    setSession(null);
  }, [key]);
  return { session, signIn, signOut };
}
