import { getTableColumns } from 'drizzle-orm';
import { turns } from '../schema.ts';

const { originalSealed: _sealed, ...columns } = getTableColumns(turns);

/**
 * The columns a turn is read with: every one but the sealed original of a redacted turn, which only the
 * audited reveal, the subject export and key rotation read (ports.ts `sealedTurnOriginal`).
 */
export const turnColumns = columns;
