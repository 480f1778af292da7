import type { DecisionView } from '@baton/contracts';

const KIND_LABELS: Record<DecisionView['kind'], string> = {
  continue: 'Continue',
  clarify: 'Clarifying question',
  offer_human: 'Offered a person',
  collect_details: 'Collecting details',
  handoff: 'Handed off',
};

/**
 * The escalation decision a turn produced (T11), folded into a small "why" badge: the rule that fired,
 * the reason worded for the agent, the signals with their scores and the policy version.
 */
export function WhyBadge({ decision }: { decision: DecisionView }) {
  const fired = decision.signals.filter((s) => s.fired);
  return (
    <details className={`why why-${decision.kind}`}>
      <summary aria-label={`Why: ${KIND_LABELS[decision.kind]}`}>why</summary>
      <div className="why-body">
        <p>
          <strong>{KIND_LABELS[decision.kind]}</strong>
          {decision.rule ? (
            <>
              {' '}
              · rule <code>{decision.rule}</code>
            </>
          ) : null}
        </p>
        {decision.reason ? <p>{decision.reason.agent}</p> : null}
        {fired.length > 0 ? (
          <ul className="why-signals">
            {fired.map((signal) => (
              <li key={signal.name}>
                <code>{signal.name}</code> {signal.score.toFixed(2)}
                {signal.evidence ? <span className="muted"> “{signal.evidence}”</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
        <p className="muted small">
          Policy {decision.policyVersion} · priority {decision.priority}
        </p>
      </div>
    </details>
  );
}
