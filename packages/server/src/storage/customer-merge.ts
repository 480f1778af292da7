import type { Customer, CustomerInput } from '@baton/core';

/**
 * What `upsertCustomer` stores: the existing record updated with every field the input knows (null and
 * undefined mean "unknown", never "erase"), attributes merged key by key. Shared by both stores so that
 * they agree on the rule.
 */
export const mergeCustomer = (existing: Customer | null, id: string, input: CustomerInput, at: Date): Customer => ({
  id: existing?.id ?? id,
  externalId: input.externalId ?? existing?.externalId ?? null,
  name: input.name ?? existing?.name ?? null,
  email: input.email ?? existing?.email ?? null,
  phone: input.phone ?? existing?.phone ?? null,
  attributes: { ...existing?.attributes, ...input.attributes },
  createdAt: existing?.createdAt ?? at,
});
