import { SignInPage } from './auth/sign-in-page.tsx';
import { useAuthSession } from './auth/use-auth-session.ts';
import { Workspace } from './workspace/workspace.tsx';

/** Signed out: the sign-in page. Signed in: the workspace, connected to the agent stream. */
export function App() {
  const { session, signIn, signOut } = useAuthSession();
  return session ? (
    <Workspace key={session.token} session={session} onSignOut={signOut} />
  ) : (
    <SignInPage onSignedIn={signIn} />
  );
}
