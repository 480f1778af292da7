import { useState } from 'react';
import { SignInPage } from '../shared/auth/sign-in-page.tsx';
import { SESSION_KEYS, useAuthSession, type AuthSession } from '../shared/auth/use-auth-session.ts';
import { AnalyticsView } from './analytics/analytics-view.tsx';
import { FloorView } from './floor-view.tsx';
import { LiveTranscript } from './live-transcript.tsx';
import { PolicyEditor } from './policy-editor.tsx';
import { RoutingView } from './routing/routing-view.tsx';
import { StaffingView } from './staffing/staffing-view.tsx';
import { settingsApi } from './supervisor-api.ts';
import { useSupervisorFloor } from './supervisor-socket.ts';

const DEMO_ACCOUNTS = [{ email: 'sam@demo.baton', role: 'Supervisor' }] as const;

/** Agents sign in to the workspace; the console is for supervisors and admins. */
const refuseAgents = (agent: AuthSession['agent']): string | null =>
  agent.role === 'agent' ? 'This console is for supervisors. Agents use the agent workspace.' : null;

/** Signed out: sign-in (supervisors and admins). Signed in: the console. */
export function SupervisorApp() {
  const { session, signIn, signOut } = useAuthSession(SESSION_KEYS.supervisor);
  return session ? (
    <Console key={session.token} session={session} onSignOut={signOut} />
  ) : (
    <SignInPage
      title="Supervisor console"
      intro="Live queues, agents and conversations; analytics; routing, staffing and the escalation policy."
      demoAccounts={DEMO_ACCOUNTS}
      refuse={refuseAgents}
      onSignedIn={signIn}
    />
  );
}

type Tab = 'floor' | 'analytics' | 'routing' | 'staffing' | 'policy';
const TABS: { id: Tab; label: string }[] = [
  { id: 'floor', label: 'Floor' },
  { id: 'analytics', label: 'Analytics' },
  { id: 'routing', label: 'Routing' },
  { id: 'staffing', label: 'Staffing' },
  { id: 'policy', label: 'Escalation policy' },
];

const CONNECTION = { connecting: 'Connecting…', open: 'Live', reconnecting: 'Reconnecting…' } as const;

function Console({ session, onSignOut }: { session: AuthSession; onSignOut: () => void }) {
  // A shared analytics link (?tab=analytics&…, see analytics-filters.ts) opens on the dashboard.
  const [tab, setTab] = useState<Tab>(() =>
    new URLSearchParams(window.location.search).get('tab') === 'analytics' ? 'analytics' : 'floor',
  );
  const [state, watch, showFloor] = useSupervisorFloor(session.token);
  // A settings save publishes no floor event: read the floor so this console shows the change at once.
  const refreshFloor = () => {
    settingsApi.floor(session.token).then(showFloor, () => undefined);
  };
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
          {TABS.map((t) => (
            <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} onClick={() => setTab(t.id)}>
              {t.label}
            </button>
          ))}
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
        ) : tab === 'routing' ? (
          <RoutingView token={session.token} onSaved={refreshFloor} />
        ) : tab === 'staffing' ? (
          <StaffingView token={session.token} floor={state.floor} />
        ) : (
          <PolicyEditor token={session.token} />
        )}
      </main>
    </div>
  );
}
