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

/**
 * An agent's settings as `PATCH /v1/admin/agents/:id` takes them (the server's `agentSettingsSchema`). Wrap-up
 * is left out: the API accepts `wrapUpSeconds` but the stores do not keep it yet, so the form would lie.
 */
export interface AgentSettingsBody {
  role: (typeof ROLES)[number];
  skills: Record<string, number>;
  languages: string[];
  capacity: Partial<Record<Channel, number>>;
}

/** The agent form's fields as typed. */
export interface AgentForm {
  role: (typeof ROLES)[number];
  skills: string;
  languages: string;
  capacity: Record<Channel, string>;
}

export function agentFormFrom(a: AgentRoutingView): AgentForm {
  const capacity = { chat: '', voice: '', email: '', sms: '' };
  for (const c of CHANNELS) capacity[c] = a.capacity[c] === undefined ? '' : String(a.capacity[c]);
  return {
    role: a.role,
    skills: formatSkills(a.skills),
    languages: a.languages.join(', '),
    capacity,
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
  if (!skills.ok || !languages.ok || Object.keys(errors).length > 0) return { body: null, errors };
  return {
    errors: null,
    body: {
      role: form.role,
      skills: skills.value,
      languages: languages.value,
      capacity,
    },
  };
}

/** The form key of a server validation path (`/capacity/chat` → `capacity.chat`). */
export function agentFieldOf(segments: string[]): string | null {
  const [first, second] = segments;
  if (first === 'capacity') return second === undefined ? 'capacity.chat' : `capacity.${second}`;
  return first === 'role' || first === 'skills' || first === 'languages' ? first : null;
}

/** The server's refusal as errors next to the fields. */
export function agentErrorsFromServer(error: { code: string; message: string; details: unknown }): FieldErrors {
  return error.code === 'invalid_request'
    ? fieldErrorsFromDetails(error.details, agentFieldOf)
    : { _form: error.message };
}
