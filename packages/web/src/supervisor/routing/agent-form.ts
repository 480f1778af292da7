import type { AgentRoutingView } from '@baton/contracts';
import {
  CHANNELS,
  fieldErrorsFromDetails,
  formatSkills,
  parseLanguages,
  parseSkills,
  parseWhole,
  type Channel,
  type FieldErrors,
} from './form-fields.ts';

export const ROLES = ['agent', 'supervisor', 'admin'] as const;

/** An agent's settings as `PATCH /v1/admin/agents/:id` takes them (the server's `agentSettingsSchema`). */
export interface AgentSettingsBody {
  role: (typeof ROLES)[number];
  skills: Record<string, number>;
  languages: string[];
  capacity: Partial<Record<Channel, number>>;
  /** Seconds of wrap-up after each conversation (0: none); the API has no null, so empty means 0. */
  wrapUpSeconds: number;
}

/** The agent form's fields as typed. */
export interface AgentForm {
  role: (typeof ROLES)[number];
  skills: string;
  languages: string;
  capacity: Record<Channel, string>;
  wrapUpSeconds: string;
}

export function agentFormFrom(a: AgentRoutingView): AgentForm {
  const capacity = { chat: '', voice: '', email: '', sms: '' };
  for (const c of CHANNELS) capacity[c] = a.capacity[c] === undefined ? '' : String(a.capacity[c]);
  return {
    role: a.role,
    skills: formatSkills(a.skills),
    languages: a.languages.join(', '),
    capacity,
    wrapUpSeconds: a.wrapUpSeconds === null || a.wrapUpSeconds === 0 ? '' : String(a.wrapUpSeconds),
  };
}

/** Checks the form as the server will and builds the PATCH body (capacity replaces the whole record). */
export function readAgentForm(
  form: AgentForm,
): { body: AgentSettingsBody; errors: null } | { body: null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const skills = parseSkills(form.skills);
  if (!skills.ok) errors['skills'] = skills.error;
  const languages = parseLanguages(form.languages);
  if (!languages.ok) errors['languages'] = languages.error;
  const capacity: Partial<Record<Channel, number>> = {};
  for (const c of CHANNELS) {
    const n = parseWhole(form.capacity[c], 0, 50, true);
    if (!n.ok) errors[`capacity.${c}`] = n.error;
    else if (n.value !== undefined) capacity[c] = n.value;
  }
  const wrapUp = parseWhole(form.wrapUpSeconds, 0, 3600, true);
  if (!wrapUp.ok) errors['wrapUpSeconds'] = wrapUp.error;
  if (!skills.ok || !languages.ok || !wrapUp.ok || Object.keys(errors).length > 0) return { body: null, errors };
  return {
    errors: null,
    body: {
      role: form.role,
      skills: skills.value,
      languages: languages.value,
      capacity,
      wrapUpSeconds: wrapUp.value ?? 0,
    },
  };
}

/** The form key of a server validation path (`/capacity/chat` → `capacity.chat`). */
export function agentFieldOf(segments: string[]): string | null {
  const [first, second] = segments;
  if (first === 'capacity') return second === undefined ? 'capacity.chat' : `capacity.${second}`;
  return first === 'role' || first === 'skills' || first === 'languages' || first === 'wrapUpSeconds' ? first : null;
}

/** The server's refusal as errors next to the fields. */
export function agentErrorsFromServer(error: { code: string; message: string; details: unknown }): FieldErrors {
  return error.code === 'invalid_request'
    ? fieldErrorsFromDetails(error.details, agentFieldOf)
    : { _form: error.message };
}
