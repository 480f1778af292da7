import type { AgentStatus, FloorSnapshot, LiveConversation, QueueStats } from '@baton/contracts';
import type { BatonStore, Handoff } from '@baton/core';
import { presentConversation } from '../services/presenters.ts';

/** Conversations listed on the floor at most (the newest activity first). */
const MAX_CONVERSATIONS = 100;

const waitingStatus = (h: Handoff) => h.status === 'queued' || h.status === 'offered';

/**
 * The supervisor's floor at one moment (A7, N8 live): per queue the waiting count, the oldest wait and the SLA
 * target; per agent presence and load against capacity; the conversations not closed, with their queue and
 * agent. A handful of store reads, so it is rebuilt on change, not per event.
 */
export const buildFloorSnapshot = async (store: BatonStore, now: Date): Promise<FloorSnapshot> => {
  const [queues, loads, open, conversations] = await Promise.all([
    store.listQueues(),
    store.listAgentLoads(),
    store.listHandoffs({ status: ['queued', 'offered', 'assigned'], limit: 5000 }),
    store.listConversations({ status: ['assistant', 'queued', 'agent'], limit: MAX_CONVERSATIONS }),
  ]);
  const queueStats: QueueStats[] = queues
    .map((q) => {
      const mine = open.filter((h) => h.queueId === q.id);
      const waiting = mine.filter(waitingStatus);
      const oldest = waiting.reduce<Date | null>(
        (min, h) => (min === null || h.createdAt < min ? h.createdAt : min),
        null,
      );
      return {
        id: q.id,
        name: q.name,
        waiting: waiting.length,
        assigned: mine.length - waiting.length,
        oldestWaitingSince: oldest?.toISOString() ?? null,
        slaSeconds: q.slaSeconds,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const agents: AgentStatus[] = loads
    .map(({ agent, active }) => ({
      id: agent.id,
      name: agent.name,
      role: agent.role,
      presence: agent.presence,
      presenceSince: agent.presenceSince.toISOString(),
      presenceReason: agent.presenceReason ?? null,
      load: { ...active },
      capacity: { ...agent.capacity },
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const byConversation = new Map(open.map((h) => [h.conversationId, h]));
  const queueNames = new Map(queues.map((q) => [q.id, q.name]));
  const agentNames = new Map(loads.map((l) => [l.agent.id, l.agent.name]));
  const customers = new Map<string, string | null>();
  for (const c of conversations) {
    if (c.customerId !== null && !customers.has(c.customerId)) {
      customers.set(c.customerId, (await store.getCustomer(c.customerId))?.name ?? null);
    }
  }
  const live: LiveConversation[] = conversations.map((c) => {
    const h = byConversation.get(c.id);
    return {
      conversation: presentConversation(c),
      customerName: c.customerId === null ? null : (customers.get(c.customerId) ?? null),
      queueName: h === undefined ? null : (queueNames.get(h.queueId) ?? null),
      agentName: c.assignedAgentId === null ? null : (agentNames.get(c.assignedAgentId) ?? null),
      handoffStatus: h?.status ?? null,
      handoffSince: h?.createdAt.toISOString() ?? null,
    };
  });
  return { at: now.toISOString(), queues: queueStats, agents, conversations: live };
};
