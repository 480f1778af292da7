/**
 * How the dashboard writes its figures. Kept apart from the components (and free of the DOM) so the
 * browser test can state what a figure must read without re-implementing the rounding.
 */

/** A share as a whole percentage; "–" when there was nothing to divide by. */
export const percent = (r: number | null): string => (r === null ? '–' : `${Math.round(r * 100)}%`);

/** Seconds as "42 s" below 90 s, else minutes ("2.5 min", "15 min"); "–" for no value. */
export const duration = (s: number | null): string =>
  s === null ? '–' : s < 90 ? `${Math.round(s)} s` : `${(s / 60).toFixed(s < 600 ? 1 : 0)} min`;

/** A mean rating with one decimal ("4.2"); "–" without ratings. */
export const rating = (r: number | null): string => (r === null ? '–' : r.toFixed(1));

/** A histogram bucket's label from its bound and the previous bucket's. */
export const bucketLabel = (le: number | null, previous: number | null): string =>
  le === null ? `> ${duration(previous)}` : `≤ ${duration(le)}`;

/** A time-series bucket start (ISO) as its UTC hour ("14:00") or UTC day ("03-02"). */
export const bucketStart = (iso: string, bucket: 'hour' | 'day'): string =>
  bucket === 'hour' ? `${iso.slice(11, 13)}:00` : iso.slice(5, 10);
