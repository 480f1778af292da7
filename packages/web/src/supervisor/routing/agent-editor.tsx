import type { AgentRoutingView } from '@baton/contracts';
import { useState } from 'react';
import { ApiError, settingsApi } from '../supervisor-api.ts';
import { agentErrorsFromServer, agentFormFrom, readAgentForm, ROLES, type AgentForm } from './agent-form.ts';
import { fieldId, focusFirstError, TextField } from './field.tsx';
import { CHANNELS, type FieldErrors } from './form-fields.ts';

/**
 * An admin edits one agent's routing settings (R2): skills with levels, languages, capacity per channel, wrap-up and
 * role, saved with `PATCH /v1/admin/agents/:id` (audited). Routing re-reads agents after the save
 * and offers waiting handoffs the agent now fits.
 */
export function AgentEditor({
  token,
  agent,
  onSaved,
  onCancel,
}: {
  token: string;
  agent: AgentRoutingView;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState<AgentForm>(() => agentFormFrom(agent));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const F = 'agent';
  const field = (key: string, value: string, onChange: (v: string) => void) => ({
    id: fieldId(F, key),
    value,
    onChange,
    error: errors[key],
  });

  const save = () => {
    const read = readAgentForm(form);
    if (read.errors) {
      setErrors(read.errors);
      focusFirstError(F, Object.keys(read.errors));
      return;
    }
    setSaving(true);
    settingsApi.saveAgent(token, agent.id, read.body).then(
      () => {
        setSaving(false);
        onSaved();
      },
      (e: unknown) => {
        setSaving(false);
        const found =
          e instanceof ApiError
            ? agentErrorsFromServer({ code: e.code, message: e.message, details: e.details })
            : { _form: 'Not saved: the server could not be reached.' };
        setErrors(found);
        focusFirstError(F, Object.keys(found));
      },
    );
  };

  return (
    <form
      className="card settings-form"
      aria-labelledby="agent-form-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h2 id="agent-form-title">Agent settings: {agent.name}</h2>
      {Object.keys(errors).length > 0 ? (
        <p className="form-alert" role="alert">
          {errors['_form'] ?? 'Not saved: fix the fields marked below.'}
        </p>
      ) : null}
      <div className="field-grid">
        <TextField
          {...field('skills', form.skills, (v) => setForm((f) => ({ ...f, skills: v })))}
          label="Skills"
          hint="skill:level (1–10), e.g. support:8, billing:5."
          width="wide"
        />
        <TextField
          {...field('languages', form.languages, (v) => setForm((f) => ({ ...f, languages: v })))}
          label="Languages"
          hint="Codes, e.g. en, fr."
        />
        {CHANNELS.map((c) => (
          <TextField
            key={c}
            {...field(`capacity.${c}`, form.capacity[c], (v) =>
              setForm((f) => ({ ...f, capacity: { ...f.capacity, [c]: v } })),
            )}
            label={`Capacity: ${c}`}
            hint="0–50 at once; empty: none."
            inputMode="numeric"
            width="narrow"
          />
        ))}
        <TextField
          {...field('wrapUpSeconds', form.wrapUpSeconds, (v) => setForm((f) => ({ ...f, wrapUpSeconds: v })))}
          label="Wrap-up (seconds)"
          hint="0–3600 after each conversation before the next offer; empty: none."
          inputMode="numeric"
          width="narrow"
        />
        <div className="field">
          <label htmlFor={fieldId(F, 'role')}>Role</label>
          <select
            id={fieldId(F, 'role')}
            value={form.role}
            onChange={(e) => setForm((f) => ({ ...f, role: e.target.value as AgentForm['role'] }))}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r[0]?.toUpperCase()}
                {r.slice(1)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="policy-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save agent'}
        </button>
        <button type="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
      </div>
    </form>
  );
}
