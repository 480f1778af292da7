import type { FloorSnapshot, StaffingSimulateBody } from '@baton/contracts';
import type { AnalyticsSummaryView } from '../analytics/analytics-request.ts';
import type { FieldErrors } from '../routing/form-fields.ts';

/**
 * The bounds of `staffingSimulateBodySchema` (packages/contracts/src/staffing.ts), repeated here so the page
 * does not ship zod; `staffing-form.test.ts` fails if the two drift apart.
 */
export const STAFFING_BOUNDS = {
  maxAgents: 1000,
  maxArrivalsPerHour: 10_000,
  maxAhtSeconds: 3600,
  maxPatienceSeconds: 3600,
  maxSlaSeconds: 3600,
  maxCapacity: 10,
  minHours: 0.5,
  maxHours: 24,
  maxArrivalsPerRun: 10_000,
} as const;

/** The what-if's fields as typed. Patience and hours may be left empty (nobody leaves; the server's default). */
export interface StaffingForm {
  agents: string;
  arrivalsPerHour: string;
  ahtSeconds: string;
  patienceSeconds: string;
  slaSeconds: string;
  slaTargetPercent: string;
  capacity: string;
  hours: string;
}

/** Where a prefilled value came from, shown under its field. */
export type StaffingSources = Partial<Record<keyof StaffingForm, string>>;

const DEFAULTS: StaffingForm = {
  agents: '5',
  arrivalsPerHour: '60',
  ahtSeconds: '300',
  patienceSeconds: '120',
  slaSeconds: '60',
  slaTargetPercent: '80',
  capacity: '1',
  hours: '',
};

const round = (x: number): string => String(Math.round(x));

/**
 * The form prefilled from what the console knows (A7): agents signed in (who can take the queue, when
 * `eligible` says who can) and their chat capacity from the live floor, the queue's SLA, and from the last
 * `hours` of the queue's analytics the handoffs per hour, the mean handle time and the mean patience (seconds
 * all customers waited ÷ customers who left: the estimate for exponential patience). Fields without evidence
 * keep a default and name no source.
 */
export function prefillStaffing(
  floor: FloorSnapshot | null,
  analytics: AnalyticsSummaryView | null,
  queueId: string | null,
  hours = 24,
  eligible: ReadonlySet<string> | null = null,
): { form: StaffingForm; sources: StaffingSources } {
  const form = { ...DEFAULTS };
  const sources: StaffingSources = {};
  if (floor !== null) {
    const queue = floor.queues.find((q) => q.id === queueId) ?? floor.queues[0];
    const agents = floor.agents.filter((a) => a.role === 'agent' && (eligible === null || eligible.has(a.id)));
    const on = agents.filter((a) => a.presence !== 'offline');
    const counted = on.length > 0 ? on : agents;
    const who = eligible === null || queue === undefined ? 'agents' : `agents who can take ${queue.name}`;
    if (counted.length > 0) {
      form.agents = String(counted.length);
      sources.agents = on.length > 0 ? `${who}, signed in now` : `all ${who} (none is signed in now)`;
      const chat = counted.map((a) => a.capacity['chat'] ?? 0).filter((c) => c > 0);
      if (chat.length > 0) {
        const counts = new Map<number, number>();
        for (const c of chat) counts.set(c, (counts.get(c) ?? 0) + 1);
        const mode = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 1;
        form.capacity = String(Math.min(STAFFING_BOUNDS.maxCapacity, mode));
        sources.capacity = 'the agents’ usual chat capacity';
      }
    }
    if (queue !== undefined) {
      form.slaSeconds = String(Math.min(STAFFING_BOUNDS.maxSlaSeconds, queue.slaSeconds));
      sources.slaSeconds = `${queue.name} queue’s SLA target`;
    }
  }
  if (analytics !== null && analytics.totals.handoffs > 0) {
    form.arrivalsPerHour = String(Math.max(1, Math.round((analytics.totals.handoffs / hours) * 10) / 10));
    sources.arrivalsPerHour = `${analytics.totals.handoffs} handoffs in the last ${hours} h`;
    const aht = analytics.handleTime.all.mean;
    if (aht !== null && aht > 0) {
      form.ahtSeconds = round(Math.min(STAFFING_BOUNDS.maxAhtSeconds, Math.max(1, aht)));
      sources.ahtSeconds = `mean of ${analytics.handleTime.all.count} handled in the last ${hours} h`;
    }
    const left = analytics.dropOff.abandonedAfter;
    const answered = analytics.speedOfAnswer;
    if (analytics.dropOff.abandoned > 0 && left !== undefined && left.mean !== null) {
      const waited = left.mean * left.count + (answered.mean ?? 0) * answered.count;
      const patience = waited / analytics.dropOff.abandoned;
      if (patience >= 1) {
        form.patienceSeconds = round(Math.min(STAFFING_BOUNDS.maxPatienceSeconds, patience));
        sources.patienceSeconds = `${analytics.dropOff.abandoned} left while waiting in the last ${hours} h`;
      }
    }
  }
  return { form, sources };
}

const number = (raw: string): number | null => {
  const t = raw.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
};

/** Checks the form as the server will and builds the request body. */
export function readStaffingForm(
  form: StaffingForm,
): { body: StaffingSimulateBody; errors: null } | { body: null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const b = STAFFING_BOUNDS;
  const whole = (key: keyof StaffingForm, min: number, max: number): number => {
    const n = number(form[key]);
    if (n === null || !Number.isInteger(n) || n < min || n > max) {
      errors[key] = `Enter a whole number from ${min} to ${max}.`;
    }
    return n ?? 0;
  };
  const agents = whole('agents', 1, b.maxAgents);
  const arrivals = number(form.arrivalsPerHour);
  if (arrivals === null || arrivals <= 0 || arrivals > b.maxArrivalsPerHour) {
    errors['arrivalsPerHour'] = `Enter a number above 0, at most ${b.maxArrivalsPerHour}.`;
  }
  const aht = number(form.ahtSeconds);
  if (aht === null || aht < 1 || aht > b.maxAhtSeconds) errors['ahtSeconds'] = `Enter 1 to ${b.maxAhtSeconds} seconds.`;
  const patience = number(form.patienceSeconds);
  if (form.patienceSeconds.trim() !== '' && (patience === null || patience < 1 || patience > b.maxPatienceSeconds)) {
    errors['patienceSeconds'] = `Enter 1 to ${b.maxPatienceSeconds} seconds, or leave empty if nobody leaves.`;
  }
  const sla = whole('slaSeconds', 1, b.maxSlaSeconds);
  const target = whole('slaTargetPercent', 1, 99);
  const capacity = whole('capacity', 1, b.maxCapacity);
  const hours = number(form.hours);
  if (form.hours.trim() !== '') {
    if (hours === null || hours < b.minHours || hours > b.maxHours) {
      errors['hours'] = `Enter ${b.minHours} to ${b.maxHours} hours, or leave empty.`;
    } else if (arrivals !== null && arrivals * hours > b.maxArrivalsPerRun) {
      errors['hours'] =
        `At this volume simulate at most ${Math.floor((b.maxArrivalsPerRun / arrivals) * 10) / 10} h (or leave empty).`;
    }
  }
  if (Object.keys(errors).length > 0) return { body: null, errors };
  return {
    errors: null,
    body: {
      agents,
      arrivalsPerHour: arrivals ?? 0,
      ahtSeconds: aht ?? 0,
      patienceSeconds: form.patienceSeconds.trim() === '' ? null : patience,
      slaSeconds: sla,
      slaTarget: target / 100,
      capacity,
      ...(form.hours.trim() === '' || hours === null ? {} : { hours }),
    },
  };
}
