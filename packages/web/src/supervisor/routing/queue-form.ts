import {
  CHANNELS,
  fieldErrorsFromDetails,
  formatSkills,
  isTimeZone,
  parseDates,
  parseIntervals,
  parseLanguages,
  parseSkills,
  parseWhole,
  type Channel,
  type FieldErrors,
} from './form-fields.ts';

export const STRATEGIES = ['longest_idle', 'least_busy', 'best_skill', 'round_robin'] as const;
export type Strategy = (typeof STRATEGIES)[number];
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A queue's settings as `PUT /v1/admin/queues/:id` takes them (the server's `queueSettingsSchema`). */
export interface QueueSettingsBody {
  name: string;
  requiredSkills: Record<string, number>;
  languages: string[];
  channels: Channel[];
  priority: number;
  slaSeconds: number;
  offerTimeoutSeconds: number;
  strategy?: Strategy;
  businessHours?: { timeZone: string; weekly: Partial<Record<Weekday, [string, string][]>>; closedDates?: string[] };
  escalation?: {
    afterSeconds: number;
    skills?: Record<string, number>;
    overflowQueueId?: string;
    raisePriorityBy?: number;
  }[];
}

/** A queue as `GET /v1/admin/queues` lists it. */
export interface QueueView extends QueueSettingsBody {
  id: string;
}

/** One escalation step as typed. */
export interface StepForm {
  afterSeconds: string;
  skills: string;
  overflowQueueId: string;
  raisePriorityBy: string;
}

/** The queue form's fields as typed (text until saved). */
export interface QueueForm {
  id: string;
  name: string;
  requiredSkills: string;
  languages: string;
  channels: Channel[];
  priority: string;
  slaSeconds: string;
  offerTimeoutSeconds: string;
  strategy: Strategy | '';
  hoursEnabled: boolean;
  timeZone: string;
  weekly: Record<Weekday, string>;
  closedDates: string;
  escalation: StepForm[];
}

const noHours = (): Record<Weekday, string> => ({ mon: '', tue: '', wed: '', thu: '', fri: '', sat: '', sun: '' });

/** The form of an existing queue. */
export function queueFormFrom(q: QueueView): QueueForm {
  const weekly = noHours();
  for (const day of WEEKDAYS)
    weekly[day] = (q.businessHours?.weekly[day] ?? []).map(([a, b]) => `${a}-${b}`).join(', ');
  return {
    id: q.id,
    name: q.name,
    requiredSkills: formatSkills(q.requiredSkills),
    languages: q.languages.join(', '),
    channels: [...q.channels],
    priority: String(q.priority),
    slaSeconds: String(q.slaSeconds),
    offerTimeoutSeconds: String(q.offerTimeoutSeconds),
    strategy: q.strategy ?? '',
    hoursEnabled: q.businessHours !== undefined,
    timeZone: q.businessHours?.timeZone ?? 'UTC',
    weekly,
    closedDates: (q.businessHours?.closedDates ?? []).join(', '),
    escalation: (q.escalation ?? []).map((s) => ({
      afterSeconds: String(s.afterSeconds),
      skills: s.skills === undefined ? '' : formatSkills(s.skills),
      overflowQueueId: s.overflowQueueId ?? '',
      raisePriorityBy: s.raisePriorityBy === undefined ? '' : String(s.raisePriorityBy),
    })),
  };
}

/** A new queue's form: chat, answer within 60 s, offers open 30 s, always open (the demo queue's values). */
export function newQueueForm(): QueueForm {
  return {
    id: '',
    name: '',
    requiredSkills: '',
    languages: '',
    channels: ['chat'],
    priority: '0',
    slaSeconds: '60',
    offerTimeoutSeconds: '30',
    strategy: '',
    hoursEnabled: false,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    weekly: {
      ...noHours(),
      mon: '09:00-17:00',
      tue: '09:00-17:00',
      wed: '09:00-17:00',
      thu: '09:00-17:00',
      fri: '09:00-17:00',
    },
    closedDates: '',
    escalation: [],
  };
}

export const emptyStep = (): StepForm => ({ afterSeconds: '', skills: '', overflowQueueId: '', raisePriorityBy: '' });

/**
 * Checks the form the way the server will and builds the request body. `isNew`: the id is typed and must be
 * free; `queueIds`: the queues that exist (overflow targets, taken ids).
 */
export function readQueueForm(
  form: QueueForm,
  opts: { isNew: boolean; queueIds: readonly string[] },
): { body: QueueSettingsBody; errors: null } | { body: null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const take = <T>(key: string, r: { ok: true; value: T } | { ok: false; error: string }): T | undefined => {
    if (r.ok) return r.value;
    errors[key] = r.error;
    return undefined;
  };
  if (opts.isNew) {
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(form.id)) errors['id'] = 'Use 1–100 letters, digits, _ or -, e.g. q_billing.';
    else if (opts.queueIds.includes(form.id)) errors['id'] = 'A queue with this id exists: pick another.';
  }
  const name = form.name.trim();
  if (name.length < 1 || name.length > 120) errors['name'] = 'Give the queue a name (1–120 characters).';
  const requiredSkills = take('requiredSkills', parseSkills(form.requiredSkills));
  const languages = take('languages', parseLanguages(form.languages));
  if (form.channels.length === 0) errors['channels'] = 'Pick at least one channel.';
  const priority = take('priority', parseWhole(form.priority, -100, 100));
  const slaSeconds = take('slaSeconds', parseWhole(form.slaSeconds, 1, 86_400));
  const offerTimeoutSeconds = take('offerTimeoutSeconds', parseWhole(form.offerTimeoutSeconds, 5, 600));

  let businessHours: QueueSettingsBody['businessHours'];
  if (form.hoursEnabled) {
    if (!isTimeZone(form.timeZone.trim())) errors['timeZone'] = 'Use an IANA time zone such as Europe/Paris or UTC.';
    const weekly: Partial<Record<Weekday, [string, string][]>> = {};
    for (const day of WEEKDAYS) {
      const intervals = take(`weekly.${day}`, parseIntervals(form.weekly[day]));
      if (intervals !== undefined && intervals.length > 0) weekly[day] = intervals;
    }
    const closedDates = take('closedDates', parseDates(form.closedDates));
    businessHours = {
      timeZone: form.timeZone.trim(),
      weekly,
      ...(closedDates !== undefined && closedDates.length > 0 ? { closedDates } : {}),
    };
  }

  if (form.escalation.length > 20) errors['escalation'] = 'At most 20 escalation steps.';
  const escalation = form.escalation.map((s, i) => {
    const afterSeconds = take(`escalation.${i}.afterSeconds`, parseWhole(s.afterSeconds, 1, 86_400));
    const skills = s.skills.trim() === '' ? undefined : take(`escalation.${i}.skills`, parseSkills(s.skills));
    const raisePriorityBy = take(`escalation.${i}.raisePriorityBy`, parseWhole(s.raisePriorityBy, -100, 100, true));
    const overflow = s.overflowQueueId;
    if (overflow !== '' && overflow !== form.id && !opts.queueIds.includes(overflow)) {
      errors[`escalation.${i}.overflowQueueId`] = 'That queue does not exist.';
    }
    if (skills === undefined && overflow === '' && raisePriorityBy === undefined && !errors[`escalation.${i}.skills`]) {
      errors[`escalation.${i}.afterSeconds`] ??= 'A step must change skills, move to a queue or raise the priority.';
    }
    return {
      afterSeconds: afterSeconds ?? 0,
      ...(skills === undefined ? {} : { skills }),
      ...(overflow === '' ? {} : { overflowQueueId: overflow }),
      ...(raisePriorityBy === undefined ? {} : { raisePriorityBy }),
    };
  });

  if (Object.keys(errors).length > 0) return { body: null, errors };
  return {
    errors: null,
    body: {
      name,
      requiredSkills: requiredSkills ?? {},
      languages: languages ?? [],
      channels: CHANNELS.filter((c) => form.channels.includes(c)),
      priority: priority ?? 0,
      slaSeconds: slaSeconds ?? 0,
      offerTimeoutSeconds: offerTimeoutSeconds ?? 0,
      ...(form.strategy === '' ? {} : { strategy: form.strategy }),
      ...(businessHours === undefined ? {} : { businessHours }),
      ...(escalation.length === 0 ? {} : { escalation: escalation.sort((a, b) => a.afterSeconds - b.afterSeconds) }),
    },
  };
}

/** The form key of a server validation path (`/businessHours/weekly/mon/0/1` → `weekly.mon`). */
export function queueFieldOf(segments: string[]): string | null {
  const [first, second, third] = segments;
  if (first === undefined) return null;
  if (first === 'businessHours') {
    if (second === 'weekly') return third === undefined ? 'weekly.mon' : `weekly.${third}`;
    return second === 'timeZone' || second === 'closedDates' ? second : 'timeZone';
  }
  if (first === 'escalation') {
    if (second === undefined) return 'escalation';
    const field = ['afterSeconds', 'skills', 'overflowQueueId', 'raisePriorityBy'].includes(third ?? '') ? third : null;
    return `escalation.${second}.${field ?? 'afterSeconds'}`;
  }
  const known = [
    'name',
    'requiredSkills',
    'languages',
    'channels',
    'priority',
    'slaSeconds',
    'offerTimeoutSeconds',
    'strategy',
  ];
  return known.includes(first) ? first : null;
}

/**
 * The server's refusal as errors next to the fields: `invalid_request` by path, `queue_not_found` on the step
 * that names the missing overflow queue, anything else on the form as a whole.
 */
export function queueErrorsFromServer(
  error: { code: string; message: string; details: unknown },
  form: QueueForm,
): FieldErrors {
  if (error.code === 'invalid_request') return fieldErrorsFromDetails(error.details, queueFieldOf);
  if (error.code === 'queue_not_found') {
    const out: FieldErrors = {};
    form.escalation.forEach((s, i) => {
      if (s.overflowQueueId !== '' && error.message.includes(s.overflowQueueId)) {
        out[`escalation.${i}.overflowQueueId`] = `Server: ${error.message}`;
      }
    });
    if (Object.keys(out).length > 0) return out;
  }
  return { _form: error.message };
}
