import { h } from './dom-builder.ts';

/** A choice as sent to `POST /v1/conversations/:id/wait-choice` (M3). */
export type WaitChoice =
  { choice: 'callback'; phone: string } | { choice: 'message'; text: string } | { choice: 'continue' };

/**
 * What the card shows: nothing, the three choices, one of the two forms, a choice being saved, or the
 * choice made (each keeps the place in line).
 */
export type WaitChoicesState =
  | { kind: 'hidden' }
  | { kind: 'offer' }
  | { kind: 'callback' | 'message'; sending: boolean }
  | { kind: 'chosen'; text: string };

/**
 * The long-wait choices (M3): request a callback, leave a message, or keep waiting with the assistant.
 * A form region between the log and the composer; every control has a visible or screen-reader label.
 */
export class WaitChoicesCard {
  readonly element: HTMLElement;
  private readonly body: HTMLDivElement;
  /** What the customer typed, kept while the form re-renders (sending, failed). */
  private draft = '';

  constructor(private readonly onChoose: (choice: WaitChoice) => void) {
    this.body = h('div', { class: 'wait-body' });
    this.element = h('section', { class: 'wait-choices', 'aria-label': 'Long wait options', hidden: true }, [
      this.body,
    ]);
  }

  render(state: WaitChoicesState): void {
    this.element.hidden = state.kind === 'hidden';
    this.body.replaceChildren();
    switch (state.kind) {
      case 'hidden':
        return;
      case 'chosen':
        this.body.append(h('p', { class: 'wait-chosen', role: 'status' }, [state.text]));
        return;
      case 'offer':
        return this.renderOffer();
      case 'callback':
      case 'message':
        return this.renderForm(state.kind, state.sending);
    }
  }

  private renderOffer(): void {
    const button = (label: string, onClick: () => void): HTMLButtonElement => {
      const b = h('button', { type: 'button', class: 'chip' }, [label]);
      b.addEventListener('click', onClick);
      return b;
    };
    this.body.append(
      h('p', { class: 'wait-title' }, ['The wait is long. What would you like to do?']),
      h('div', { class: 'chips' }, [
        button('Request a callback', () => this.openForm('callback')),
        button('Leave a message', () => this.openForm('message')),
        button('Keep waiting', () => this.onChoose({ choice: 'continue' })),
      ]),
    );
  }

  private openForm(kind: 'callback' | 'message'): void {
    this.draft = '';
    this.render({ kind, sending: false });
  }

  private renderForm(kind: 'callback' | 'message', sending: boolean): void {
    const id = `baton-wait-${kind}`;
    const field =
      kind === 'callback'
        ? h('input', {
            id,
            type: 'tel',
            autocomplete: 'tel',
            inputmode: 'tel',
            required: true,
            minlength: '5',
            maxlength: '40',
            pattern: '[+0-9][0-9 ().\\-]*',
            placeholder: '+1 415 555 0134',
            disabled: sending,
          })
        : h('textarea', { id, rows: '3', required: true, maxlength: '4000', disabled: sending });
    field.value = this.draft;
    field.addEventListener('input', () => {
      this.draft = field.value;
    });
    const submit = h('button', { type: 'submit', class: 'send', disabled: sending }, [
      sending ? 'Sending…' : kind === 'callback' ? 'Call me back' : 'Send message',
    ]);
    const back = h('button', { type: 'button', class: 'link-button', disabled: sending }, ['Back']);
    back.addEventListener('click', () => this.render({ kind: 'offer' }));
    const form = h('form', { class: 'wait-form' }, [
      h('label', { for: id }, [kind === 'callback' ? 'Phone number for the callback' : 'Your message for our team']),
      field,
      h('div', { class: 'wait-actions' }, [back, submit]),
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = field.value.trim();
      if (!value || !form.reportValidity()) return;
      this.onChoose(kind === 'callback' ? { choice: 'callback', phone: value } : { choice: 'message', text: value });
    });
    this.body.append(form);
    if (!sending) field.focus();
  }
}
