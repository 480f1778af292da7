import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { loginRequest } from './login-request.ts';
import type { AuthSession } from './use-auth-session.ts';

const DEMO_ACCOUNTS = [
  { email: 'alice@demo.baton', role: 'Agent' },
  { email: 'bob@demo.baton', role: 'Agent' },
  { email: 'sam@demo.baton', role: 'Supervisor' },
] as const;

/** Email/password sign-in, with the demo accounts listed so anyone can try the workspace. */
export function SignInPage({ onSignedIn }: { onSignedIn: (session: AuthSession) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: (credentials: { email: string; password: string }) =>
      loginRequest(credentials.email, credentials.password),
    onSuccess: (result) => onSignedIn({ token: result.token, agent: result.agent }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email: email.trim(), password });
  };

  return (
    <main className="sign-in">
      <form className="sign-in-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Agent workspace</h1>
        <p className="muted">Sign in to take conversations handed over by the assistant.</p>
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
        <section className="demo-accounts" aria-label="Demo accounts">
          <p>
            Demo accounts (password <code>demo</code>):
          </p>
          <ul>
            {DEMO_ACCOUNTS.map((account) => (
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
      </form>
    </main>
  );
}
