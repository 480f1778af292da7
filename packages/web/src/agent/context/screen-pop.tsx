import type { ContextPackageView } from '@baton/contracts';
import type { ReactNode } from 'react';
import { MaskedText } from '../shared/masked-text.tsx';
import { SentimentSparkline } from './sentiment-sparkline.tsx';

/** One titled card of the screen pop. */
function Card({ title, children }: { title: string; children: ReactNode }) {
  const id = `pop-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <section className="pop-card" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

/** Label/value rows, skipping empty values. */
function Facts({ rows }: { rows: [string, ReactNode][] }) {
  const shown = rows.filter(([, v]) => v !== null && v !== undefined && v !== '');
  if (shown.length === 0) return <p className="muted small">Nothing known.</p>;
  return (
    <dl className="facts">
      {shown.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{typeof v === 'string' ? <MaskedText text={v} /> : v}</dd>
        </div>
      ))}
    </dl>
  );
}

const day = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { dateStyle: 'medium' });
};

const money = (n: number | null) => (n === null ? null : n.toLocaleString(undefined, { maximumFractionDigits: 0 }));

/**
 * The screen pop on an accepted conversation (A3): summary, intent, sentiment, CRM card, earlier
 * conversations, collected details, signals and the next step, all from the context package the server
 * sends with the offer. Every value is rendered as text.
 */
export function ScreenPop({
  pkg,
  onUseBridge,
}: {
  /** The context package that came with the offer; null when not known (e.g. after a reload). */
  pkg: ContextPackageView | null;
  /** Puts the suggested bridge message (C9) in the composer. */
  onUseBridge?: (text: string) => void;
}) {
  if (pkg === null) {
    return (
      <div className="screen-pop">
        <p className="muted small">The context package came with the offer and is not available here.</p>
      </div>
    );
  }
  const intent = [...pkg.intents].sort((a, b) => b.confidence - a.confidence)[0];
  const crm = pkg.crm;
  const details: [string, string][] = [
    ...Object.entries(pkg.slots),
    ...pkg.entities.map((e): [string, string] => [e.type, e.value]),
  ];
  return (
    <div className="screen-pop" aria-label="Screen pop">
      <Card title="Summary">
        <p>
          <MaskedText text={pkg.summary.text} />
        </p>
        <Facts
          rows={[
            ['Issue', pkg.summary.issue],
            ['Tried', pkg.summary.tried],
            ['Wants', pkg.summary.wants],
          ]}
        />
      </Card>
      <Card title="Next step">
        <p>{pkg.summary.nextStep}</p>
        {onUseBridge && pkg.bridgeMessage ? (
          <button type="button" className="link" onClick={() => onUseBridge(pkg.bridgeMessage)}>
            Use the suggested first message
          </button>
        ) : null}
      </Card>
      <Card title="Intent and reason">
        <Facts
          rows={[
            ['Intent', intent ? `${intent.name} (${Math.round(intent.confidence * 100)}%)` : null],
            ['Reason', pkg.reason?.agent ?? null],
            ['Priority', String(pkg.priority)],
          ]}
        />
        {pkg.signals.length > 0 ? (
          <ul className="chips-list" aria-label="Signals that fired">
            {pkg.signals.map((s) => (
              <li key={`${s.name}-${s.turnSeq}`} title={s.evidence ?? undefined}>
                {s.name}
              </li>
            ))}
          </ul>
        ) : null}
      </Card>
      <Card title="Sentiment">
        <SentimentSparkline points={pkg.sentiment} />
      </Card>
      <Card title={`CRM${crm ? ` · ${crm.source}` : ''}`}>
        <Facts
          rows={[
            ['Name', pkg.identity?.name ?? null],
            ['Company', pkg.identity?.company ?? null],
            ['Tier', crm?.tier ?? null],
            ['Lead score', crm?.leadScore === null || crm === null ? null : String(crm.leadScore)],
            ['Deal stage', crm?.dealStage ?? null],
            ['Account value', crm ? money(crm.accountValue) : null],
            ['Orders', crm && crm.orderNumbers.length > 0 ? crm.orderNumbers.join(', ') : null],
            ['Verified', pkg.identity ? (pkg.identity.verified ? 'yes' : 'no') : null],
          ]}
        />
        {crm && crm.openTickets.length > 0 ? (
          <ul className="plain small" aria-label="Open tickets">
            {crm.openTickets.map((t) => (
              <li key={t.id}>
                {t.id}: {t.subject} ({t.status})
              </li>
            ))}
          </ul>
        ) : null}
      </Card>
      <Card title="Collected details">
        <Facts rows={details} />
        {pkg.actions.length > 0 ? (
          <p className="small">Assistant already did: {pkg.actions.map((a) => a.action).join(', ')}</p>
        ) : null}
      </Card>
      <Card title="Previous conversations">
        {pkg.history.length === 0 ? (
          <p className="muted small">None.</p>
        ) : (
          <ul className="plain history">
            {pkg.history.map((h) => (
              <li key={h.conversationId}>
                <span className="small">
                  {day(h.startedAt)} · {h.channel} · {h.outcome ?? h.status}
                  {h.agentName ? ` · ${h.agentName}` : ''}
                </span>
                {h.summary ? <p className="small">{h.summary}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {pkg.missing.length > 0 ? <p className="muted small">Not available: {pkg.missing.join(', ')}</p> : null}
    </div>
  );
}
