/** A cell: plain text, or text over a bar whose length is `share` (0–1) of the cell. */
export type Cell = string | { text: string; share: number | null };

export interface DataRow {
  key: string;
  /** The first cell is the row's header. */
  cells: Cell[];
}

const textOf = (c: Cell): string => (typeof c === 'string' ? c : c.text);

/**
 * A figures table: real table semantics (caption, column and row headers), so it is its own accessible
 * fallback; cells with a share draw a bar behind the number, which turns a table into a small chart.
 */
export function DataTable({ caption, columns, rows }: { caption: string; columns: string[]; rows: DataRow[] }) {
  if (rows.length === 0) return <p className="muted small">No data in this range.</p>;
  return (
    <table className="data-table">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            {row.cells.map((cell, i) => {
              const bar =
                typeof cell === 'string' || cell.share === null ? null : (
                  <span
                    className="cell-bar"
                    aria-hidden="true"
                    style={{ width: `${Math.round(Math.max(0, Math.min(1, cell.share)) * 100)}%` }}
                  />
                );
              return i === 0 ? (
                <th key={i} scope="row">
                  {textOf(cell)}
                </th>
              ) : (
                <td key={i} className={bar === null ? undefined : 'with-bar'}>
                  {bar}
                  <span className="cell-text">{textOf(cell)}</span>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
