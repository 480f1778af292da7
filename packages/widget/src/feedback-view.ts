import { h, icon } from './dom-builder.ts';
import type { ConsentWording } from './consent-wording.ts';

/** The recording choice as the widget knows it: not asked yet, being saved, or answered. */
export type ConsentState =
  { kind: 'ask' } | { kind: 'saving' } | { kind: 'answered'; recording: 'granted' | 'declined' };

/**
 * The AI disclosure with the recording consent (M6): always shown at the top of the log, with two buttons
 * until the customer chooses, then the choice in words.
 */
export class ConsentCard {
  readonly element: HTMLDivElement;
  private readonly choice: HTMLDivElement;

  constructor(
    private readonly wording: ConsentWording,
    private readonly onChoose: (recording: 'granted' | 'declined') => void,
  ) {
    this.choice = h('div', { class: 'consent-choice' });
    this.element = h(
      'div',
      {
        class: 'notice consent',
        'data-role': 'intro',
        role: 'group',
        'aria-label': 'AI disclosure and recording consent',
      },
      [icon('info'), h('div', {}, [h('p', {}, [wording.disclosure]), this.choice])],
    );
    this.render({ kind: 'ask' });
  }

  render(state: ConsentState): void {
    this.choice.replaceChildren();
    if (state.kind === 'answered') {
      this.choice.append(
        h('p', { class: 'consent-answer' }, [
          state.recording === 'granted' ? this.wording.allowed : this.wording.declined,
        ]),
      );
      return;
    }
    const allow = h('button', { type: 'button', class: 'chip', disabled: state.kind === 'saving' }, [
      this.wording.allow,
    ]);
    const decline = h('button', { type: 'button', class: 'chip', disabled: state.kind === 'saving' }, [
      this.wording.decline,
    ]);
    allow.addEventListener('click', () => this.onChoose('granted'));
    decline.addEventListener('click', () => this.onChoose('declined'));
    this.choice.append(h('p', {}, [this.wording.question]), h('div', { class: 'chips' }, [allow, decline]));
  }
}

/** The survey as the widget knows it. */
export type SurveyState = 'hidden' | 'open' | 'sending' | 'done';

/**
 * The satisfaction survey after a person helped (M7): 1–5 as a radio group (keyboard: arrows), an optional
 * comment, Send. Thanks once answered.
 */
export class SurveyCard {
  readonly element: HTMLFormElement;
  private readonly send: HTMLButtonElement;
  private readonly body: HTMLDivElement;
  private readonly thanks: HTMLParagraphElement;
  private rating = 0;

  constructor(onSubmit: (rating: number, comment: string) => void) {
    const labels = ['Very poor', 'Poor', 'OK', 'Good', 'Excellent'];
    const options = labels.map((label, i) => {
      const value = String(i + 1);
      const input = h('input', { type: 'radio', name: 'baton-rating', value, id: `baton-rating-${value}` });
      input.addEventListener('change', () => {
        this.rating = i + 1;
        this.send.disabled = false;
      });
      return h('label', { class: 'rating', for: `baton-rating-${value}`, title: label }, [
        input,
        h('span', { 'aria-hidden': 'true' }, [value]),
        h('span', { class: 'sr-only' }, [`${value}: ${label}`]),
      ]);
    });
    const comment = h('textarea', {
      id: 'baton-survey-comment',
      rows: '2',
      maxlength: '1000',
      placeholder: 'Anything to add? (optional)',
    });
    this.send = h('button', { type: 'submit', class: 'send', disabled: true }, ['Send feedback']);
    this.thanks = h('p', { class: 'survey-thanks', hidden: true, role: 'status' }, ['Thank you for your feedback.']);
    this.body = h('div', { class: 'survey-body' }, [
      h('fieldset', { class: 'ratings' }, [
        h('legend', {}, ['How satisfied are you with the help you got? (1 = very poor, 5 = excellent)']),
        ...options,
      ]),
      h('label', { class: 'sr-only', for: 'baton-survey-comment' }, ['Comment']),
      comment,
      this.send,
    ]);
    this.element = h('form', { class: 'survey', 'aria-label': 'Satisfaction survey', hidden: true }, [
      h('p', { class: 'survey-title' }, ['How did we do?']),
      this.body,
      this.thanks,
    ]);
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.rating > 0) onSubmit(this.rating, comment.value);
    });
  }

  render(state: SurveyState): void {
    this.element.hidden = state === 'hidden';
    this.body.hidden = state === 'done';
    this.thanks.hidden = state !== 'done';
    this.send.disabled = state === 'sending' || this.rating === 0;
    this.send.textContent = state === 'sending' ? 'Sending…' : 'Send feedback';
  }
}
