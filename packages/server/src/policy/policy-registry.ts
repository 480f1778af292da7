import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { defaultEscalationPolicy, type EscalationPolicy } from '@baton/core';
import { loadPolicyFile } from './load-policy.ts';

/** Callbacks of a watched registry. */
export interface PolicyRegistryEvents {
  /** A new policy is in force. */
  onReload?: (policy: EscalationPolicy, path: string) => void;
  /** A changed file was rejected; the previous policy stays in force. */
  onError?: (error: unknown, path: string) => void;
}

/**
 * Holds the escalation policy in force and reloads it when its file changes (T12). A malformed file never
 * replaces a working policy: the error is reported and the running one stays. `current()` is a plain field
 * read so the turn path pays nothing for hot reload.
 */
export class PolicyRegistry {
  private policy: EscalationPolicy;
  private path: string | null = null;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    initial: EscalationPolicy = defaultEscalationPolicy,
    private readonly events: PolicyRegistryEvents = {},
    /** Quiet time after the last change event before reloading; editors write files in several steps. */
    private readonly debounceMs = 50,
  ) {
    this.policy = initial;
  }

  /** The policy in force. */
  current(): EscalationPolicy {
    return this.policy;
  }

  /**
   * Puts an already validated policy in force at once (the supervisor console's save). The file, if any,
   * is the caller's to write; a watched file written with the same policy reloads to the same thing.
   */
  set(policy: EscalationPolicy): void {
    this.policy = policy;
  }

  /** The policy file in force (absolute), or null when the policy lives in memory only. */
  file(): string | null {
    return this.path;
  }

  /** Loads a policy file and puts it in force; throws `policy_invalid` and keeps the old one on error. */
  load(path: string): EscalationPolicy {
    const absolute = resolve(path);
    const next = loadPolicyFile(absolute);
    this.policy = next;
    this.path = absolute;
    return next;
  }

  /**
   * Watches the loaded file and reloads on change. The directory is watched, not the file, because editors
   * and `git checkout` replace files rather than write in place. Returns a function that stops watching.
   */
  watch(): () => void {
    const path = this.path;
    if (path === null) throw new Error('PolicyRegistry.watch() needs load(path) first');
    this.unwatch();
    const name = basename(path);
    this.watcher = watch(dirname(path), (_event, changed) => {
      if (changed !== null && changed !== name) return;
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.reload(path), this.debounceMs);
    });
    return () => this.unwatch();
  }

  /** Reloads now; reports instead of throwing, as a background reload has no caller to throw to. */
  reload(path: string = this.path ?? ''): boolean {
    try {
      const next = this.load(path);
      this.events.onReload?.(next, path);
      return true;
    } catch (error) {
      this.events.onError?.(error, path);
      return false;
    }
  }

  private unwatch(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
