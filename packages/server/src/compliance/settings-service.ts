import { DomainError, type Agent, type BatonStore, type Clock, type Queue } from '@baton/core';
import type { AgentSettings, QueueSettings } from './settings-schemas.ts';
import { recordSettingsChange } from './settings-audit.ts';

/** What an audit entry may say about an agent: its settings, not who the person is (no name, no e-mail). */
const agentSettingsView = (a: Agent) => ({
  role: a.role,
  skills: a.skills,
  languages: a.languages,
  capacity: a.capacity,
  wrapUpSeconds: a.wrapUpSeconds ?? null,
});

/**
 * Queue, routing and agent settings changed by people (admins, supervisors) or scoped bots. Every change is
 * written to the audit chain (`settings.changed`, before/after digests) before it is acknowledged.
 */
export class SettingsService {
  constructor(
    private readonly store: BatonStore,
    private readonly clock: Clock,
    /**
     * Told after a change is stored, with the queue's id when a queue changed: routing re-reads agents and
     * queues and offers what now fits, and customers waiting in that queue hear of it.
     */
    private readonly onChanged: (queueId?: string) => Promise<void> = async () => undefined,
  ) {}

  /** Creates or replaces a queue's settings (including its routing: strategy, hours, escalation steps). */
  async saveQueue(actor: string, id: string, settings: QueueSettings): Promise<Queue> {
    const before = await this.store.getQueue(id);
    const next: Queue = { id, ...settings };
    for (const step of settings.escalation ?? []) {
      if (step.overflowQueueId !== undefined && step.overflowQueueId !== id) {
        if ((await this.store.getQueue(step.overflowQueueId)) === null) {
          throw new DomainError('queue_not_found', `overflow queue ${step.overflowQueueId} does not exist`);
        }
      }
    }
    await this.store.upsertQueue(next);
    const routingKeys = ['strategy', 'businessHours', 'escalation', 'requiredSkills', 'priority'] as const;
    const routingChanged =
      before === null || routingKeys.some((k) => JSON.stringify(before[k]) !== JSON.stringify(next[k]));
    await recordSettingsChange(this.store, {
      actor,
      setting: routingChanged ? 'routing' : 'queue',
      id,
      before,
      after: next,
      at: this.clock.now(),
    });
    await this.onChanged(id);
    return next;
  }

  /** Changes an agent's role, skills, languages or capacity. Throws `agent_not_found`. */
  async updateAgent(actor: string, id: string, patch: AgentSettings): Promise<Agent> {
    const before = await this.store.getAgent(id);
    if (before === null) throw new DomainError('agent_not_found', `agent ${id} does not exist`);
    const next: Agent = { ...before, ...definedOnly(patch) };
    await this.store.upsertAgent(next);
    await recordSettingsChange(this.store, {
      actor,
      setting: 'agent',
      id,
      before: agentSettingsView(before),
      after: agentSettingsView(next),
      at: this.clock.now(),
    });
    await this.onChanged();
    return next;
  }
}

const definedOnly = <T extends object>(v: T): Partial<T> =>
  Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) as Partial<T>;
