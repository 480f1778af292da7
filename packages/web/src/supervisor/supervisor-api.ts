import type {
  ErrorBody,
  FloorSnapshot,
  PolicyDocument,
  PolicySaved,
  PolicyTestResponse,
  PolicyValidation,
  StaffingResult,
  StaffingRoster,
  StaffingSimulateBody,
} from '@baton/contracts';
import type { AgentSettingsBody } from './routing/agent-form.ts';
import type { QueueSettingsBody, QueueView } from './routing/queue-form.ts';

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

/** Queue and agent settings (A7): read by supervisors and admins, agents changed by admins only. */
export const settingsApi = {
  queues: (token: string) => request<{ queues: QueueView[] }>(token, 'GET', '/v1/admin/queues'),
  saveQueue: (token: string, id: string, body: QueueSettingsBody) =>
    request<QueueView>(token, 'PUT', `/v1/admin/queues/${encodeURIComponent(id)}`, body),
  roster: (token: string) => request<StaffingRoster>(token, 'GET', '/v1/supervisor/staffing/agents'),
  saveAgent: (token: string, id: string, body: AgentSettingsBody) =>
    request<unknown>(token, 'PATCH', `/v1/admin/agents/${encodeURIComponent(id)}`, body),
  /** The floor now, read after a save so the console shows the change without waiting for the next event. */
  floor: (token: string) => request<FloorSnapshot>(token, 'GET', '/v1/supervisor/floor'),
};

/** The staffing what-if on the simulator (A7). */
export const staffingApi = {
  simulate: (token: string, body: StaffingSimulateBody) =>
    request<StaffingResult>(token, 'POST', '/v1/supervisor/staffing/simulate', body),
};
