import { useState } from 'react';
import { ApiError, settingsApi } from '../supervisor-api.ts';
import { fieldId, focusFirstError, TextField } from './field.tsx';
import { CHANNELS, type FieldErrors } from './form-fields.ts';
import {
  emptyStep,
  queueErrorsFromServer,
  readQueueForm,
  STRATEGIES,
  WEEKDAYS,
  type QueueForm,
  type QueueView,
  type StepForm,
} from './queue-form.ts';

const STRATEGY_LABELS = {
  longest_idle: 'Longest idle',
  least_busy: 'Least busy',
  best_skill: 'Best skill',
  round_robin: 'Round robin',
} as const;
const DAY_LABELS = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
} as const;
const CHANNEL_LABELS = { chat: 'Chat', voice: 'Voice', email: 'Email', sms: 'SMS' } as const;

/**
 * Edits one queue's settings (R1, R4, R6): checked here as the server checks them, saved with
 * `PUT /v1/admin/queues/:id`; whatever the server still refuses is shown next to the field it concerns.
 * Routing reads the saved queue for the next offer and re-offers every waiting handoff at once.
 */
export function QueueEditor({
  token,
  initial,
  isNew,
  queues,
  onSaved,
  onCancel,
}: {
  token: string;
  initial: QueueForm;
  isNew: boolean;
  queues: QueueView[];
  onSaved: (queue: QueueView) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const queueIds = queues.map((q) => q.id);
  const F = 'queue';
  const set = <K extends keyof QueueForm>(key: K, value: QueueForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const setStep = (i: number, patch: Partial<StepForm>) =>
    setForm((f) => ({ ...f, escalation: f.escalation.map((s, j) => (j === i ? { ...s, ...patch } : s)) }));
  const text = (key: string, value: string, onChange: (v: string) => void) => ({
    id: fieldId(F, key),
    value,
    onChange,
    error: errors[key],
  });

  const save = () => {
    const read = readQueueForm(form, { isNew, queueIds });
    if (read.errors) {
      setErrors(read.errors);
      focusFirstError(F, Object.keys(read.errors));
      return;
    }
    setErrors({});
    setSaving(true);
    settingsApi.saveQueue(token, form.id, read.body).then(
      (saved) => {
        setSaving(false);
        onSaved(saved);
      },
      (e: unknown) => {
        setSaving(false);
        const found =
          e instanceof ApiError
            ? queueErrorsFromServer({ code: e.code, message: e.message, details: e.details }, form)
            : { _form: 'Not saved: the server could not be reached.' };
        setErrors(found);
        focusFirstError(F, Object.keys(found));
      },
    );
  };

  const problems = Object.keys(errors).length;
  return (
    <form
      className="card settings-form"
      aria-labelledby="queue-form-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h2 id="queue-form-title">{isNew ? 'New queue' : `Queue settings: ${initial.name}`}</h2>
      {problems > 0 ? (
        <p className="form-alert" role="alert">
          {errors['_form'] ?? `Not saved: ${problems === 1 ? 'one field needs' : `${problems} fields need`} a fix.`}
        </p>
      ) : null}
      <div className="field-grid">
        {isNew ? (
          <TextField
            {...text('id', form.id, (v) => set('id', v))}
            label="Queue id"
            hint="Letters, digits, _ or -; fixed once created."
          />
        ) : null}
        <TextField {...text('name', form.name, (v) => set('name', v))} label="Name" />
        <TextField
          {...text('slaSeconds', form.slaSeconds, (v) => set('slaSeconds', v))}
          label="SLA target (seconds)"
          hint="Answer within this many seconds."
          inputMode="numeric"
          width="narrow"
        />
        <TextField
          {...text('offerTimeoutSeconds', form.offerTimeoutSeconds, (v) => set('offerTimeoutSeconds', v))}
          label="Offer timeout (seconds)"
          hint="5–600: how long an agent has to accept."
          inputMode="numeric"
          width="narrow"
        />
        <TextField
          {...text('priority', form.priority, (v) => set('priority', v))}
          label="Priority"
          hint="−100 to 100, added to each handoff’s."
          inputMode="numeric"
          width="narrow"
        />
        <div className="field">
          <label htmlFor={fieldId(F, 'strategy')}>Strategy</label>
          <select
            id={fieldId(F, 'strategy')}
            value={form.strategy}
            onChange={(e) => set('strategy', e.target.value as QueueForm['strategy'])}
          >
            <option value="">Longest idle (default)</option>
            {STRATEGIES.filter((s) => s !== 'longest_idle').map((s) => (
              <option key={s} value={s}>
                {STRATEGY_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <TextField
          {...text('requiredSkills', form.requiredSkills, (v) => set('requiredSkills', v))}
          label="Required skills"
          hint="skill:minimum level, e.g. billing:5, english:3. Empty: any agent."
          width="wide"
        />
        <TextField
          {...text('languages', form.languages, (v) => set('languages', v))}
          label="Languages"
          hint="Codes, e.g. en, fr. Empty: any language."
        />
        <fieldset
          className={`field checks${errors['channels'] ? ' has-error' : ''}`}
          aria-describedby={errors['channels'] ? `${fieldId(F, 'channels')}-error` : undefined}
        >
          <legend>Channels</legend>
          {CHANNELS.map((c, i) => (
            <label key={c} className="check">
              <input
                type="checkbox"
                id={i === 0 ? fieldId(F, 'channels') : undefined}
                checked={form.channels.includes(c)}
                onChange={(e) =>
                  set('channels', e.target.checked ? [...form.channels, c] : form.channels.filter((x) => x !== c))
                }
              />{' '}
              {CHANNEL_LABELS[c]}
            </label>
          ))}
          {errors['channels'] ? (
            <p id={`${fieldId(F, 'channels')}-error`} className="field-error">
              {errors['channels']}
            </p>
          ) : null}
        </fieldset>
      </div>

      <fieldset className="group">
        <legend>Business hours</legend>
        <label className="check">
          <input type="checkbox" checked={form.hoursEnabled} onChange={(e) => set('hoursEnabled', e.target.checked)} />{' '}
          Open only at set hours (otherwise always open)
        </label>
        {form.hoursEnabled ? (
          <div className="field-grid">
            <TextField
              {...text('timeZone', form.timeZone, (v) => set('timeZone', v))}
              label="Time zone"
              hint="IANA name, e.g. Europe/Paris."
            />
            {WEEKDAYS.map((d) => (
              <TextField
                key={d}
                {...text(`weekly.${d}`, form.weekly[d], (v) => set('weekly', { ...form.weekly, [d]: v }))}
                label={DAY_LABELS[d]}
                hint="HH:MM-HH:MM, comma-separated; empty: closed."
              />
            ))}
            <TextField
              {...text('closedDates', form.closedDates, (v) => set('closedDates', v))}
              label="Closed dates"
              hint="YYYY-MM-DD, comma-separated."
              width="wide"
            />
          </div>
        ) : null}
      </fieldset>

      <fieldset className="group">
        <legend>Escalation steps</legend>
        <p className="hint">
          Measured from when the handoff entered its first queue: lower the skills needed, move it to another queue, or
          raise its priority.
        </p>
        {errors['escalation'] ? <p className="field-error">{errors['escalation']}</p> : null}
        {form.escalation.map((s, i) => (
          <fieldset key={i} className="step">
            <legend>Step {i + 1}</legend>
            <div className="field-grid">
              <TextField
                {...text(`escalation.${i}.afterSeconds`, s.afterSeconds, (v) => setStep(i, { afterSeconds: v }))}
                label={`Step ${i + 1}: after (seconds)`}
                inputMode="numeric"
                width="narrow"
              />
              <TextField
                {...text(`escalation.${i}.skills`, s.skills, (v) => setStep(i, { skills: v }))}
                label={`Step ${i + 1}: skills from then`}
                hint="skill:level; 0 drops a skill."
              />
              <div className={`field${errors[`escalation.${i}.overflowQueueId`] ? ' has-error' : ''}`}>
                <label htmlFor={fieldId(F, `escalation.${i}.overflowQueueId`)}>Step {i + 1}: move to queue</label>
                <select
                  id={fieldId(F, `escalation.${i}.overflowQueueId`)}
                  value={s.overflowQueueId}
                  aria-invalid={errors[`escalation.${i}.overflowQueueId`] ? true : undefined}
                  aria-describedby={
                    errors[`escalation.${i}.overflowQueueId`]
                      ? `${fieldId(F, `escalation.${i}.overflowQueueId`)}-error`
                      : undefined
                  }
                  onChange={(e) => setStep(i, { overflowQueueId: e.target.value })}
                >
                  <option value="">Stay in this queue</option>
                  {queues
                    .filter((q) => q.id !== form.id)
                    .map((q) => (
                      <option key={q.id} value={q.id}>
                        {q.name}
                      </option>
                    ))}
                </select>
                {errors[`escalation.${i}.overflowQueueId`] ? (
                  <p id={`${fieldId(F, `escalation.${i}.overflowQueueId`)}-error`} className="field-error">
                    {errors[`escalation.${i}.overflowQueueId`]}
                  </p>
                ) : null}
              </div>
              <TextField
                {...text(`escalation.${i}.raisePriorityBy`, s.raisePriorityBy, (v) =>
                  setStep(i, { raisePriorityBy: v }),
                )}
                label={`Step ${i + 1}: raise priority by`}
                inputMode="numeric"
                width="narrow"
              />
            </div>
            <button
              type="button"
              className="link"
              onClick={() => setForm((f) => ({ ...f, escalation: f.escalation.filter((_, j) => j !== i) }))}
            >
              Remove step {i + 1}
            </button>
          </fieldset>
        ))}
        <button
          type="button"
          onClick={() => setForm((f) => ({ ...f, escalation: [...f.escalation, emptyStep()] }))}
          disabled={form.escalation.length >= 20}
        >
          Add an escalation step
        </button>
      </fieldset>

      <div className="policy-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : isNew ? 'Create queue' : 'Save queue'}
        </button>
        <button type="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
        <span className="muted small">
          Saved settings apply to the next offer; waiting customers are re-offered at once.
        </span>
      </div>
    </form>
  );
}
