import { BUSINESS_TOPICS, REGULATED_TOPICS, SENSITIVE_TOPICS } from '../language/topics.ts';
import type { CustomerCondition, EscalationPolicy } from './policy.ts';
import type { TurnSignals } from './signals.ts';
import type { EscalationState } from './types.ts';

/** What a rule proposes; evaluate() turns it into a Decision and applies T8/T9. */
export interface Candidate {
  kind: 'handoff' | 'offer_human' | 'clarify';
  /** Rule id, e.g. `frustration.explicit`, `regulated.fraud`. */
  rule: string;
  /** Reason code (HandoffReason.code). */
  code: string;
  /** Agent-facing explanation. */
  detail: string;
  priority: number;
  intent?: string;
  topic?: string;
  queue?: string;
  prompt?: string;
  /** The handoff may wait for slot collection when the customer is calm (T9). */
  collectSlots?: boolean;
  /** Facts the conversation should remember from now on. */
  sticky?: { frustrated?: boolean; sensitiveTopic?: string };
}

const sensitiveSet = new Set<string>(SENSITIVE_TOPICS);
const regulatedSet = new Set<string>(REGULATED_TOPICS);
const businessSet = new Set<string>(BUSINESS_TOPICS);

/** T2: the first frustration rule that holds, or undefined. Exported so evaluate() can remember it. */
export const frustrationRule = (
  s: TurnSignals,
  next: EscalationState,
  policy: EscalationPolicy,
): { rule: string; detail: string } | undefined => {
  const f = policy.frustration;
  if (f === undefined || !f.enabled) return undefined;
  const said = s.markers.evidence.find((e) => e.startsWith('said')) ?? 'explicit frustration';
  if (f.explicit && s.markers.explicit > 0)
    return { rule: 'frustration.explicit', detail: `Customer is frustrated: ${said}.` };
  if (f.profanity && s.markers.profanity > 0)
    return { rule: 'frustration.profanity', detail: 'Customer used profanity.' };
  if (s.loudnessDb !== undefined && s.loudnessDb >= f.loudnessDb)
    return { rule: 'frustration.raised_voice', detail: `Caller is ${s.loudnessDb} dB above their baseline.` };
  if ((next.repeatCount ?? 0) + 1 >= f.repetitionCount && s.repetition >= f.repetitionSimilarity) {
    return {
      rule: 'frustration.repetition',
      detail: `Customer asked the same thing ${(next.repeatCount ?? 0) + 1} times.`,
    };
  }
  if (next.fallbackStreak >= f.fallbackStreak)
    return { rule: 'frustration.fallbacks', detail: `The assistant failed ${next.fallbackStreak} times in a row.` };
  if (s.sentimentLevel <= f.sentimentLevel && s.sentiment < 0)
    return { rule: 'frustration.sentiment', detail: `Sentiment is very negative (${s.sentimentLevel.toFixed(2)}).` };
  if (s.trend <= f.sentimentTrend && s.sentiment < -0.2 && next.sentiment.length >= 2) {
    return { rule: 'frustration.trend', detail: `Sentiment is falling fast (slope ${s.trend.toFixed(2)}).` };
  }
  if (s.frustration >= f.scoreThreshold)
    return { rule: 'frustration.combined', detail: `Several frustration markers (score ${s.frustration.toFixed(2)}).` };
  return undefined;
};

const holds = (c: CustomerCondition, customer: Record<string, unknown>): boolean => {
  const v = customer[c.field];
  if (v === undefined || v === null) return false;
  switch (c.op) {
    case 'eq':
      return typeof v === 'string' && typeof c.value === 'string'
        ? v.toLowerCase() === c.value.toLowerCase()
        : v === c.value;
    case 'in':
      return (
        Array.isArray(c.value) &&
        c.value.some((x) =>
          typeof x === 'string' && typeof v === 'string' ? x.toLowerCase() === v.toLowerCase() : x === v,
        )
      );
    case 'gte':
      return typeof v === 'number' && typeof c.value === 'number' && v >= c.value;
    case 'lte':
      return typeof v === 'number' && typeof c.value === 'number' && v <= c.value;
  }
};

/**
 * Runs the rules in precedence order and returns the first that fires. Order encodes duty before comfort:
 * regulated topics must reach a person whatever else happens; a sensitive topic changes how we talk; an
 * explicit request is the customer's own choice; frustration next; then business value and complexity;
 * low understanding last, since clarifying is the cheapest remedy.
 */
export const firstMatchingRule = (
  s: TurnSignals,
  state: EscalationState,
  next: EscalationState,
  policy: EscalationPolicy,
  customer: Record<string, unknown> = {},
): Candidate | undefined => {
  const topicNames = s.topics.map((t) => t.topic as string);
  const frustration = frustrationRule(s, next, policy);
  const frustrated = frustration !== undefined || state.frustrated === true;
  const sticky: Candidate['sticky'] = frustration !== undefined ? { frustrated: true } : {};

  const reg = policy.regulated;
  if (reg?.enabled === true) {
    const hit = s.topics.find((t) => regulatedSet.has(t.topic) && (reg.topics as string[]).includes(t.topic));
    if (hit !== undefined) {
      const queue = reg.queues?.[hit.topic] ?? reg.queues?.default;
      return {
        kind: 'handoff',
        rule: `regulated.${hit.topic}`,
        code: 'regulated_topic',
        detail: `Regulated topic '${hit.topic}' (said '${hit.phrase}').`,
        priority: reg.priority,
        topic: hit.topic,
        ...(queue !== undefined ? { queue } : {}),
        sticky,
      };
    }
  }
  const sen = policy.sensitive;
  let sensitiveTopic = state.sensitiveTopic ?? undefined;
  if (sen?.enabled === true) {
    const hit = s.topics.find((t) => sensitiveSet.has(t.topic) && (sen.topics as string[]).includes(t.topic));
    if (hit !== undefined) {
      sensitiveTopic = hit.topic;
      const withTopic = { ...sticky, sensitiveTopic: hit.topic };
      const detail = `Sensitive topic '${hit.topic}' (said '${hit.phrase}'); use an empathetic tone.`;
      if ((sen.handoffTopics as string[]).includes(hit.topic)) {
        return {
          kind: 'handoff',
          rule: `sensitive.${hit.topic}`,
          code: 'sensitive_topic',
          detail,
          priority: Math.min(10, sen.priority + 2),
          topic: hit.topic,
          sticky: withTopic,
        };
      }
      // Offer once per conversation; afterwards the customer's own request or other rules decide.
      if (state.sensitiveTopic == null) {
        return {
          kind: 'offer_human',
          rule: `sensitive.${hit.topic}`,
          code: 'sensitive_topic',
          detail,
          priority: sen.priority,
          topic: hit.topic,
          prompt: sen.offerPrompt,
          sticky: withTopic,
        };
      }
    }
  }
  const er = policy.explicitRequest;
  if (er.enabled !== false && s.explicitRequest.score >= er.threshold) {
    const intent = s.intent?.name ?? s.topics.find((t) => businessSet.has(t.topic))?.topic;
    const tolerance = (intent !== undefined ? er.riskToleranceByIntent?.[intent] : undefined) ?? er.riskTolerance;
    const detail = `Customer asked for a person (${s.explicitRequest.evidence ?? 'explicit request'}).`;
    const routing = intent !== undefined ? { intent } : {};
    // T8: one push-back at most, and never to a frustrated customer or on a sensitive topic.
    if (tolerance === 'push_back' && state.pushBacks === 0 && !frustrated && sensitiveTopic === undefined) {
      return {
        kind: 'offer_human',
        rule: 'explicit_request.push_back',
        code: 'explicit_request',
        detail,
        priority: er.priority,
        ...routing,
        sticky,
      };
    }
    return {
      kind: 'handoff',
      rule: 'explicit_request',
      code: 'explicit_request',
      detail,
      priority: Math.min(10, er.priority + (frustrated ? 1 : 0)),
      ...routing,
      collectSlots: !frustrated,
      sticky,
    };
  }
  if (frustration !== undefined) {
    return {
      kind: 'handoff',
      rule: frustration.rule,
      code: 'frustration',
      detail: frustration.detail,
      priority: policy.frustration?.priority ?? 7,
      ...(s.intent ? { intent: s.intent.name } : {}),
      sticky,
    };
  }
  const cv = policy.customerValue;
  if (cv?.enabled === true) {
    const vip = cv.rules.find((r) => r.when.length > 0 && r.when.every((c) => holds(c, customer)));
    if (vip !== undefined) {
      return {
        kind: 'handoff',
        rule: `customer_value.${vip.id}`,
        code: 'customer_value',
        detail: `High-value customer (rule '${vip.id}').`,
        priority: vip.priority,
        ...(vip.queue !== undefined ? { queue: vip.queue } : {}),
        collectSlots: true,
        sticky,
      };
    }
    const revenue = [s.intent?.name, ...topicNames].find((n) => n !== undefined && cv.revenueIntents.includes(n));
    if (revenue !== undefined) {
      return {
        kind: 'handoff',
        rule: `revenue.${revenue}`,
        code: 'revenue_intent',
        detail: `Revenue intent '${revenue}'.`,
        priority: cv.revenuePriority,
        intent: revenue,
        collectSlots: true,
        sticky,
      };
    }
  }
  const cx = policy.complexity;
  if (cx?.enabled === true) {
    const complex = [s.intent?.name, ...topicNames].find((n) => n !== undefined && cx.intents.includes(n));
    if (complex !== undefined) {
      return {
        kind: 'handoff',
        rule: `complexity.${complex}`,
        code: 'complexity',
        detail: `Complex issue '${complex}'.`,
        priority: cx.priority,
        intent: complex,
        collectSlots: true,
        sticky,
      };
    }
    if (cx.multiIntent > 0 && topicNames.length >= cx.multiIntent) {
      return {
        kind: 'handoff',
        rule: 'complexity.multi_intent',
        code: 'complexity',
        detail: `Several issues at once: ${topicNames.join(', ')}.`,
        priority: cx.priority,
        collectSlots: true,
        sticky,
      };
    }
    if (cx.maxTurnsWithoutProgress > 0 && (next.turnsWithoutProgress ?? 0) >= cx.maxTurnsWithoutProgress) {
      return {
        kind: 'handoff',
        rule: 'complexity.no_progress',
        code: 'complexity',
        detail: `${next.turnsWithoutProgress ?? 0} customer turns without progress.`,
        priority: cx.priority,
        sticky,
      };
    }
  }
  const lu = policy.lowUnderstanding;
  if (lu?.enabled === true) {
    if (lu.asrTurns > 0 && (next.lowAsrStreak ?? 0) >= lu.asrTurns) {
      return {
        kind: 'handoff',
        rule: 'low_understanding.asr',
        code: 'low_understanding',
        detail: `Speech recognition was unreliable for ${next.lowAsrStreak ?? 0} turns.`,
        priority: lu.priority,
        sticky,
      };
    }
    if (lu.fallbacks > 0 && (next.fallbackTotal ?? 0) >= lu.fallbacks) {
      return {
        kind: 'handoff',
        rule: 'low_understanding.fallbacks',
        code: 'low_understanding',
        detail: `The assistant could not answer ${next.fallbackTotal ?? 0} times.`,
        priority: lu.priority,
        sticky,
      };
    }
    const streak = next.lowUnderstandingStreak ?? 0;
    if (streak > 0) {
      // T10: clarify while the budget lasts, then T3: hand off after K turns not understood.
      if (state.clarifications < lu.maxClarifications)
        return {
          kind: 'clarify',
          rule: 'low_understanding.clarify',
          code: 'low_understanding',
          detail: 'Ambiguous intent.',
          priority: 0,
          sticky,
        };
      if (streak >= lu.turns || lu.maxClarifications > 0) {
        return {
          kind: 'handoff',
          rule: 'low_understanding.intent',
          code: 'low_understanding',
          detail: `Intent unclear for ${streak} turns (confidence ${(s.intent?.confidence ?? 0).toFixed(2)}).`,
          priority: lu.priority,
          sticky,
        };
      }
    }
  }
  return undefined;
};
