import type { CustomerView } from '@baton/contracts';

/** How a customer is named in the workspace when they gave no name. */
export function customerLabel(customer: CustomerView | null): string {
  return customer?.name ?? customer?.email ?? customer?.phone ?? 'Website visitor';
}
