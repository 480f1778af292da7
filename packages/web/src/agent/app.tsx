import { SignInPage } from '../shared/auth/sign-in-page.tsx';
import { SESSION_KEYS, useAuthSession } from '../shared/auth/use-auth-session.ts';
import { Workspace } from './workspace/workspace.tsx';

const DEMO_ACCOUNTS = [
  { email: 'alice@demo.baton', role: 'Agent' },
  { email: 'bob@demo.baton', role: 'Agent' },
  { email: 'sam@demo.baton', role: 'Supervisor' },
] as const;

/** Signed out: the sign-in page. Signed in: the workspace, connected to the agent stream. */
export function App() {
  const { session, signIn, signOut } = useAuthSession(SESSION_KEYS.agent);
  return session ? (
    <Workspace key={session.token} session={session} onSignOut={signOut} />
  ) : (
    <SignInPage
      title="Agent workspace"
      intro="Sign in to take conversations handed over by the assistant."
      demoAccounts={DEMO_ACCOUNTS}
      onSignedIn={signIn}
    />
  );
}
