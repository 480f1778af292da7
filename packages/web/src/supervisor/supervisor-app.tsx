import type { AgentView } from '@baton/contracts';
import { useCallback, useState, type FormEvent } from 'react';
import { loginRequest } from '../agent/auth/login-request.ts';
import { AnalyticsView } from './analytics/analytics-view.tsx';
import { FloorView } from './floor-view.tsx';
import { LiveTranscript } from './live-transcript.tsx';
import { PolicyEditor } from './policy-editor.tsx';
import { useSupervisorFloor } from './supervisor-socket.ts';

interface Session {
  token: string;
  agent: AgentView;
}

const KEY = 'baton.supervisor.session';

function loadSession(): Session | null {
  try {
    const raw = window.sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

/** Signed out: sign-in (supervisors and admins). Signed in: the console. */
export function SupervisorApp() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const signIn = useCallback((next: Session) => {
    try {
      window.sessionStorage.setItem(KEY, JSON.stringify(next));
    } catch {
      // Without storage the supervisor signs in again after a reload.
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
  return session ? (
    <Console key={session.token} session={session} onSignOut={signOut} />
  ) : (
    <SignIn onSignedIn={signIn} />
  );
}

function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    loginRequest(email.trim(), password).then(
      (r) => {
        setBusy(false);
        if (r.agent.role === 'agent') setError('This console is for supervisors. Agents use the agent workspace.');
        else onSignedIn({ token: r.token, agent: r.agent });
      },
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof Error ? e.message : 'Sign-in failed');
      },
    );
  };
  return (
    <main className="sign-in">
      <form className="sign-in-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Supervisor console</h1>
        <p className="muted">Live queues, agents and conversations; the escalation policy.</p>
        <label htmlFor="email">Email</label>
        <input
          id="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted small">
          Demo: <code>sam@demo.baton</code> / <code>demo</code>
        </p>
      </form>
    </main>
  );
}

const CONNECTION = { connecting: 'Connecting…', open: 'Live', reconnecting: 'Reconnecting…' } as const;

function Console({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const [tab, setTab] = useState<'floor' | 'analytics' | 'policy'>('floor');
  const [state, watch] = useSupervisorFloor(session.token);
  if (state.refused) {
    return (
      <main className="sign-in">
        <div className="sign-in-card" role="alert">
          <p>Your session is no longer valid for the supervisor console.</p>
          <button type="button" className="primary" onClick={onSignOut}>
            Sign in again
          </button>
        </div>
      </main>
    );
  }
  return (
    <div className="console">
      <header className="top-bar">
        <span className="brand">Baton</span>
        <span>Supervisor console</span>
        <nav className="tabs" role="tablist" aria-label="Console sections">
          <button type="button" role="tab" aria-selected={tab === 'floor'} onClick={() => setTab('floor')}>
            Floor
          </button>
          <button type="button" role="tab" aria-selected={tab === 'analytics'} onClick={() => setTab('analytics')}>
            Analytics
          </button>
          <button type="button" role="tab" aria-selected={tab === 'policy'} onClick={() => setTab('policy')}>
            Escalation policy
          </button>
        </nav>
        <span className="spacer" />
        <span className={`connection connection-${state.connection}`} role="status">
          <span className="dot" aria-hidden="true" /> {CONNECTION[state.connection]}
        </span>
        <span className="agent-name">{session.agent.name}</span>
        <button type="button" className="link" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main className="console-body">
        {tab === 'floor' ? (
          state.floor ? (
            <div className={state.watchedId ? 'with-live' : undefined}>
              <FloorView floor={state.floor} activity={state.activity} watchedId={state.watchedId} onWatch={watch} />
              {state.watchedId ? <LiveTranscript watched={state.watched} onClose={() => watch(null)} /> : null}
            </div>
          ) : (
            <p className="muted">Connecting to the floor…</p>
          )
        ) : tab === 'analytics' ? (
          <AnalyticsView token={session.token} />
        ) : (
          <PolicyEditor token={session.token} />
        )}
      </main>
    </div>
  );
}
