/** One bar: a label and one value per series. */
export interface BarRow {
  label: string;
  values: number[];
}

const ROW = 26;
const LABEL = 150;
const WIDTH = 560;
const VALUE = 48;

/**
 * Horizontal stacked bars in plain SVG (no chart library: a few rows need no more), with a legend and a
 * data table for screen readers. Colours come from the series classes in supervisor.css.
 */
export function BarChart({ title, series, rows }: { title: string; series: string[]; rows: BarRow[] }) {
  if (rows.length === 0) return <p className="muted small">No data in this range.</p>;
  const max = Math.max(1, ...rows.map((r) => r.values.reduce((a, b) => a + b, 0)));
  const plot = WIDTH - LABEL - VALUE;
  return (
    <figure className="bar-chart">
      <svg viewBox={`0 0 ${WIDTH} ${rows.length * ROW + 4}`} role="img" aria-label={title}>
        {rows.map((row, i) => {
          let x = LABEL;
          const total = row.values.reduce((a, b) => a + b, 0);
          return (
            <g key={row.label} transform={`translate(0 ${i * ROW + 2})`}>
              <text x={LABEL - 8} y={ROW / 2 + 4} textAnchor="end" className="bar-label">
                {row.label.length > 22 ? `${row.label.slice(0, 21)}…` : row.label}
              </text>
              {row.values.map((v, s) => {
                const w = (v / max) * plot;
                const rect = <rect key={s} x={x} y={4} width={w} height={ROW - 8} className={`series-${s}`} />;
                x += w;
                return rect;
              })}
              <text x={x + 6} y={ROW / 2 + 4} className="bar-value">
                {total}
              </text>
            </g>
          );
        })}
      </svg>
      {series.length > 1 ? (
        <figcaption className="legend small">
          {series.map((name, s) => (
            <span key={name}>
              <span className={`swatch series-${s}`} aria-hidden="true" /> {name}
            </span>
          ))}
        </figcaption>
      ) : null}
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            {series.map((name) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              {row.values.map((v, s) => (
                <td key={s}>{v}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
