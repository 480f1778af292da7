import { analyze } from '../language/analyze.ts';
import { detectExplicitRequestIn } from '../language/explicit-request.ts';
import { detectFrustrationMarkers, type FrustrationMarkers } from '../language/frustration.ts';
import type { IntentClassifier } from '../language/intent-classifier.ts';
import { detectRepetition } from '../language/repetition.ts';
import { scoreSentiment, sentimentTrend } from '../language/sentiment.ts';
import { detectTopics, type TopicHit } from '../language/topics.ts';
import type { EscalationPolicy } from './policy.ts';
import { defaultEscalationPolicy } from './policy.ts';
import { STATE_LIMITS } from './state.ts';
import type { EscalationState, Signal, TurnInput } from './types.ts';

/** Everything the rules need about one customer turn, computed once. */
export interface TurnSignals {
  /** Normalised text, as stored for repetition. */
  text: string;
  explicitRequest: { score: number; evidence?: string };
  sentiment: number;
  trend: number;
  /** Mean sentiment of the last two customer turns, this one included. */
  sentimentLevel: number;
  markers: FrustrationMarkers;
  repetition: number;
  /** Combined frustration 0..1 (noisy-OR of the markers). */
  frustration: number;
  topics: TopicHit[];
  /** Intent name and confidence: the bot's annotation first, else the classifier's. */
  intent?: { name: string; confidence: number; outOfScope: boolean };
  asrConfidence?: number;
  loudnessDb?: number;
  /** The signals in the form stored with the decision (T11). */
  list: Signal[];
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);
const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Appends one signal (a module function, not a closure per turn). */
const pushSignal = (list: Signal[], name: string, score: number, fired: boolean, evidence?: string): void => {
  const s: Signal = { name, score: round(score), fired };
  if (evidence !== undefined) s.evidence = evidence;
  list.push(s);
};

/**
 * Computes every language and behaviour signal of a customer turn. `sentimentHistory` is the stored history
 * without this turn. Pure; the caller updates the state.
 */
export const computeSignals = (
  turn: TurnInput,
  state: EscalationState,
  policy: EscalationPolicy,
  classifier?: IntentClassifier,
): TurnSignals => {
  const f = policy.frustration ?? { ...defaultEscalationPolicy.frustration!, enabled: false };
  const a = analyze(turn.text);
  const explicitRequest = detectExplicitRequestIn(a);
  const sentiment = scoreSentiment(a).score;
  const history = [...state.sentiment, sentiment];
  const trend = sentimentTrend(history, f.trendWindow);
  const last = history.slice(-2);
  const sentimentLevel = last.reduce((s, x) => s + x, 0) / last.length;
  const markers = detectFrustrationMarkers(a);
  const repetition = detectRepetition(a.text, state.recentCustomerTexts).score;
  // Noisy-OR: each marker is independent evidence; weights say how often each alone means frustration.
  const parts = [
    0.9 * markers.explicit,
    (f.profanity ? 0.85 : 0) * markers.profanity,
    (f.shouting ? 0.6 : 0) * markers.shouting,
    0.35 * markers.exclamation,
    0.7 * clamp01(-sentimentLevel / Math.max(0.01, -f.sentimentLevel)) * (sentiment < 0 ? 1 : 0),
    0.4 * clamp01(-trend / Math.max(0.01, -f.sentimentTrend)) * (sentiment < 0 ? 1 : 0),
    0.5 * (repetition >= f.repetitionSimilarity ? repetition : 0),
  ];
  const frustration = 1 - parts.reduce((p, x) => p * (1 - x), 1);
  const topics = detectTopics(a);

  let intent: TurnSignals['intent'];
  const annotated = turn.annotations.intent;
  if (annotated !== undefined) intent = { name: annotated.name, confidence: annotated.confidence, outOfScope: false };
  else if (classifier !== undefined) {
    const p = classifier.predict(turn.text);
    intent = { name: p.topLabel, confidence: p.confidence, outOfScope: p.outOfScope };
  }
  const asrConfidence = turn.annotations.prosody?.asrConfidence;
  const loudnessDb = turn.annotations.prosody?.loudnessDb;

  const list: Signal[] = [];
  pushSignal(
    list,
    'explicit_request',
    explicitRequest.score,
    explicitRequest.score >= policy.explicitRequest.threshold,
    explicitRequest.evidence,
  );
  pushSignal(
    list,
    'negative_sentiment',
    clamp01(-sentimentLevel),
    f.enabled && sentimentLevel <= f.sentimentLevel,
    `compound ${round(sentiment)}, level ${round(sentimentLevel)}`,
  );
  pushSignal(
    list,
    'sentiment_trend',
    clamp01(-trend),
    f.enabled && trend <= f.sentimentTrend && sentiment < 0,
    `slope ${round(trend)}`,
  );
  pushSignal(list, 'profanity', markers.profanity, f.enabled && f.profanity && markers.profanity > 0);
  pushSignal(list, 'shouting', markers.shouting, f.enabled && f.shouting && markers.shouting >= 1);
  pushSignal(list, 'exclamation', markers.exclamation, markers.exclamation >= 0.8);
  pushSignal(
    list,
    'explicit_frustration',
    markers.explicit,
    f.enabled && f.explicit && markers.explicit > 0,
    markers.evidence.find((e) => e.startsWith('said')),
  );
  pushSignal(list, 'repetition', repetition, repetition >= f.repetitionSimilarity);
  pushSignal(
    list,
    'frustration',
    frustration,
    f.enabled && frustration >= f.scoreThreshold,
    markers.evidence.join('; ') || undefined,
  );
  for (const t of topics) pushSignal(list, `topic:${t.topic}`, 1, true, `'${t.phrase}'`);
  if (intent !== undefined) {
    const lu = policy.lowUnderstanding;
    pushSignal(
      list,
      'intent_confidence',
      intent.confidence,
      lu !== undefined && lu.enabled && (intent.outOfScope || intent.confidence < lu.intentConfidence),
      intent.name,
    );
  }
  if (asrConfidence !== undefined) {
    const lu = policy.lowUnderstanding;
    pushSignal(
      list,
      'asr_confidence',
      asrConfidence,
      lu !== undefined && lu.enabled && asrConfidence < lu.asrConfidence,
    );
  }
  if (loudnessDb !== undefined)
    pushSignal(
      list,
      'loudness',
      clamp01(loudnessDb / Math.max(1, f.loudnessDb)),
      f.enabled && loudnessDb >= f.loudnessDb,
      `${loudnessDb} dB`,
    );
  return {
    text: a.text.slice(0, STATE_LIMITS.textChars),
    explicitRequest,
    sentiment,
    trend,
    sentimentLevel,
    markers,
    repetition,
    frustration,
    topics,
    ...(intent !== undefined ? { intent } : {}),
    ...(asrConfidence !== undefined ? { asrConfidence } : {}),
    ...(loudnessDb !== undefined ? { loudnessDb } : {}),
    list,
  };
};
