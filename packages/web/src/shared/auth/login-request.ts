import type { ErrorBody, LoginResponse } from '@baton/contracts';

/** `POST /v1/auth/login`; throws with the server's message on failure. */
export async function loginRequest(email: string, password: string): Promise<LoginResponse> {
  const response = await fetch('/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = (payload as Partial<ErrorBody> | null)?.error?.message;
    throw new Error(
      response.status === 401 ? 'Wrong email or password.' : (message ?? `Sign-in failed (HTTP ${response.status}).`),
    );
  }
  return payload as LoginResponse;
}
