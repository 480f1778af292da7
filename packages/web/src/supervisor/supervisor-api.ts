import type { ErrorBody, PolicyDocument, PolicySaved, PolicyTestResponse, PolicyValidation } from '@baton/contracts';

/** A failed call, with the server's stable code and details (policy problems come back in `details`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function request<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: {
      accept: 'application/json',
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (payload as Partial<ErrorBody> | null)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? `HTTP ${response.status}`,
      error?.details,
    );
  }
  return payload as T;
}

/** The supervisor's policy endpoints (T12). */
export const policyApi = {
  read: (token: string) => request<PolicyDocument>(token, 'GET', '/v1/supervisor/policy'),
  validate: (token: string, yaml: string) =>
    request<PolicyValidation>(token, 'POST', '/v1/supervisor/policy/validate', { yaml }),
  test: (token: string, yaml: string, tests: string) =>
    request<PolicyTestResponse>(token, 'POST', '/v1/supervisor/policy/test', { yaml, tests }),
  save: (token: string, yaml: string) => request<PolicySaved>(token, 'PUT', '/v1/supervisor/policy', { yaml }),
};
