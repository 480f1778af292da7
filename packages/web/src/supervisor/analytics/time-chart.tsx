import { bucketStart, duration } from './analytics-format.ts';
import type { TimeSeriesRowView } from './analytics-request.ts';

const HEIGHT = 180;
const AXIS = 18;
const LEFT = 30;
const WIDTH = 1100;

/**
 * Handoffs per hour or day as stacked columns (connected, abandoned, other), in plain SVG with a fixed
 * size so refreshing never moves the page; a data table (with conversations and the median wait) carries
 * the same figures for screen readers.
 */
export function TimeChart({ bucket, rows }: { bucket: 'hour' | 'day'; rows: TimeSeriesRowView[] }) {
  const max = Math.max(1, ...rows.map((r) => r.handoffs));
  const plot = HEIGHT - AXIS;
  const step = (WIDTH - LEFT) / Math.max(1, rows.length);
  const labelEvery = Math.max(1, Math.ceil(rows.length / 12));
  const title = `Handoffs per ${bucket} (UTC): connected, abandoned, other`;
  return (
    <figure className="bar-chart time-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
        <text x={LEFT - 6} y={10} textAnchor="end" className="bar-label">
          {max}
        </text>
        <line x1={LEFT} x2={WIDTH} y1={plot} y2={plot} className="axis" />
        {rows.map((r, i) => {
          const other = Math.max(0, r.handoffs - r.connected - r.abandoned);
          let y = plot;
          const x = LEFT + i * step;
          const parts = [r.connected, r.abandoned, other].map((v, s) => {
            const h = (v / max) * (plot - 4);
            y -= h;
            return <rect key={s} x={x + 1} y={y} width={Math.max(1, step - 2)} height={h} className={`series-${s}`} />;
          });
          return (
            <g key={r.start}>
              {parts}
              {i % labelEvery === 0 ? (
                <text x={x + step / 2} y={HEIGHT - 4} textAnchor="middle" className="bar-label">
                  {bucketStart(r.start, bucket)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="legend small">
        {['Connected', 'Abandoned', 'Other'].map((name, s) => (
          <span key={name}>
            <span className={`swatch series-${s}`} aria-hidden="true" /> {name}
          </span>
        ))}
      </figcaption>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{bucket === 'hour' ? 'Hour (UTC)' : 'Day (UTC)'}</th>
            <th scope="col">Conversations</th>
            <th scope="col">Handoffs</th>
            <th scope="col">Connected</th>
            <th scope="col">Abandoned</th>
            <th scope="col">Median wait</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.start}>
              <th scope="row">{r.start}</th>
              <td>{r.conversations}</td>
              <td>{r.handoffs}</td>
              <td>{r.connected}</td>
              <td>{r.abandoned}</td>
              <td>{duration(r.medianSpeedOfAnswer)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
