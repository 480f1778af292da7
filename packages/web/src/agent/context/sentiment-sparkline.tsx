/** Width and height of the sparkline's viewBox; it scales to the card. */
const W = 200;
const H = 40;

/**
 * The customer's sentiment turn by turn (C6) as a small SVG line from -1 (bottom) to 1 (top), with the zero
 * line; the last value in words for screen readers.
 */
export function SentimentSparkline({ points }: { points: { turnSeq: number; score: number }[] }) {
  if (points.length === 0) return <p className="muted small">No customer messages scored yet.</p>;
  const last = points[points.length - 1]?.score ?? 0;
  const x = (i: number) => (points.length === 1 ? W / 2 : (i / (points.length - 1)) * W);
  const y = (score: number) => ((1 - Math.max(-1, Math.min(1, score))) / 2) * H;
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.score).toFixed(1)}`).join(' ');
  const mood = last <= -0.3 ? 'negative' : last >= 0.3 ? 'positive' : 'neutral';
  return (
    <figure className="sparkline">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Sentiment over ${points.length} messages, now ${mood}`}>
        <line x1="0" x2={W} y1={H / 2} y2={H / 2} className="zero" />
        <path d={path} className={`trend ${mood}`} />
        {points.map((p, i) => (
          <circle key={p.turnSeq} cx={x(i)} cy={y(p.score)} r="2.5" className={`dot ${mood}`} />
        ))}
      </svg>
      <figcaption className="small">
        Now <strong>{mood}</strong> ({last.toFixed(2)})
      </figcaption>
    </figure>
  );
}
