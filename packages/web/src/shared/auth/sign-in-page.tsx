import type { AgentView } from '@baton/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { loginRequest } from './login-request.ts';
import type { AuthSession } from './use-auth-session.ts';

/** A demo account listed under the form; clicking it fills the form. */
export interface DemoAccount {
  email: string;
  role: string;
}

/**
 * Email/password sign-in for the agent workspace and the supervisor console, with the demo accounts
 * listed so anyone can try it. `refuse` says why a signed-in person may not use this app (e.g. an agent
 * on the supervisor console); the session is then not kept.
 */
export function SignInPage({
  title,
  intro,
  demoAccounts,
  refuse,
  onSignedIn,
}: {
  title: string;
  intro: string;
  demoAccounts: readonly DemoAccount[];
  refuse?: (agent: AgentView) => string | null;
  onSignedIn: (session: AuthSession) => void;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: async (credentials: { email: string; password: string }) => {
      const result = await loginRequest(credentials.email, credentials.password);
      const refusal = refuse?.(result.agent) ?? null;
      if (refusal !== null) throw new Error(refusal);
      return result;
    },
    onSuccess: (result) => onSignedIn({ token: result.token, agent: result.agent }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email: email.trim(), password });
  };

  return (
    <main className="sign-in">
      <form className="sign-in-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">{title}</h1>
        <p className="muted">{intro}</p>
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
        {login.error ? (
          <p className="form-error" role="alert">
            {login.error.message}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
        {demoAccounts.length > 0 ? (
          <section className="demo-accounts" aria-label="Demo accounts">
            <p>
              Demo accounts (password <code>demo</code>):
            </p>
            <ul>
              {demoAccounts.map((account) => (
                <li key={account.email}>
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      setEmail(account.email);
                      setPassword('demo');
                    }}
                  >
                    {account.email}
                  </button>{' '}
                  <span className="muted">{account.role}</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </form>
    </main>
  );
}
