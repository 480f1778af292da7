import type { PublicTurn } from '@baton/contracts';
import { consentWording, type ConsentWording } from './consent-wording.ts';
import { h, icon } from './dom-builder.ts';
import { ConsentCard, SurveyCard, type ConsentState, type SurveyState } from './feedback-view.ts';
import { renderPending, renderTurn } from './message-view.ts';
import type { PendingMessage } from './transcript.ts';
import { WaitChoicesCard, type WaitChoice, type WaitChoicesState } from './wait-choices-view.ts';
import type { WidgetConfig } from './widget-config.ts';
import { widgetStyles } from './widget-styles.ts';

/** What the view reports back to the controller. */
export interface ViewEvents {
  onOpen(): void;
  onMinimize(): void;
  onSend(text: string): void;
  onRetry(key: string): void;
  onTyping(): void;
  onEnd(): void;
  onRestart(): void;
  /** The customer answered the recording consent. */
  onConsent(recording: 'granted' | 'declined'): void;
  onSurvey(rating: number, comment: string): void;
  /** The waiting customer chose a callback, a message or to keep waiting (M3). */
  onWaitChoice(choice: WaitChoice): void;
}

/**
 * The widget's DOM inside a Shadow DOM: launcher, panel, message log (role="log", polite live region),
 * typing line, "ended" banner and composer. It holds no conversation state; the controller pushes it in.
 */
export class WidgetView {
  readonly host: HTMLElement;
  private readonly root: HTMLDivElement;
  private readonly launcher: HTMLButtonElement;
  private readonly badge: HTMLSpanElement;
  private readonly panel: HTMLDivElement;
  private readonly subtitle: HTMLParagraphElement;
  private readonly endButton: HTMLButtonElement;
  private readonly log: HTMLDivElement;
  private readonly intro: HTMLDivElement;
  private readonly consent: ConsentCard;
  private readonly survey: SurveyCard;
  private readonly waitChoices: WaitChoicesCard;
  /** The disclosure and consent texts as shown, stored with the customer's choice (P1). */
  readonly wording: ConsentWording;
  private readonly typing: HTMLDivElement;
  private readonly error: HTMLDivElement;
  private readonly ended: HTMLDivElement;
  private readonly composer: HTMLFormElement;
  private readonly input: HTMLTextAreaElement;
  private readonly restartButton: HTMLButtonElement;
  private readonly title: string;
  private readonly nodes = new Map<string, HTMLElement>();

  constructor(config: WidgetConfig, events: ViewEvents) {
    this.title = config.title;
    this.host = h('div', { id: 'baton-chat-widget' });
    const shadow = this.host.attachShadow({ mode: 'open' });
    const style = h('style', {}, [widgetStyles]);

    this.badge = h('span', { class: 'badge', hidden: true, 'aria-hidden': 'true' });
    this.launcher = h(
      'button',
      {
        type: 'button',
        class: 'launcher',
        'aria-label': `Open chat: ${config.title}`,
        'aria-expanded': 'false',
        'aria-controls': 'baton-panel',
      },
      [icon('chat'), this.badge],
    );
    this.launcher.addEventListener('click', () => events.onOpen());

    this.subtitle = h('p', { class: 'subtitle' }, ['Virtual assistant']);
    this.endButton = h(
      'button',
      { type: 'button', class: 'icon-button', 'aria-label': 'End conversation', title: 'End conversation' },
      ['End'],
    );
    this.endButton.style.width = 'auto';
    this.endButton.style.padding = '0 8px';
    this.endButton.addEventListener('click', () => events.onEnd());
    const minimize = h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Minimise chat' }, [
      icon('minimize'),
    ]);
    minimize.addEventListener('click', () => events.onMinimize());
    const header = h('div', { class: 'header' }, [
      h('div', { class: 'header-text' }, [
        h('h2', { class: 'title', id: 'baton-title' }, [config.title]),
        this.subtitle,
      ]),
      this.endButton,
      minimize,
    ]);

    this.wording = consentWording(config.language, {
      disclosure: config.disclosure,
      question: config.consentQuestion,
    });
    this.consent = new ConsentCard(this.wording, (recording) => events.onConsent(recording));
    this.intro = this.consent.element;
    this.survey = new SurveyCard((rating, comment) => events.onSurvey(rating, comment));
    this.waitChoices = new WaitChoicesCard((choice) => events.onWaitChoice(choice));
    this.log = h(
      'div',
      {
        class: 'log',
        role: 'log',
        'aria-live': 'polite',
        'aria-relevant': 'additions',
        'aria-label': 'Messages',
        tabindex: '0',
      },
      [this.intro],
    );
    this.typing = h('div', { class: 'typing', 'aria-live': 'polite' });
    this.error = h('div', { class: 'error', role: 'alert', hidden: true });

    this.restartButton = h('button', { type: 'button', class: 'link-button' }, ['Start a new conversation']);
    this.restartButton.addEventListener('click', () => events.onRestart());
    this.ended = h('div', { class: 'ended', hidden: true, role: 'status' }, [
      h('span', {}, ['This conversation has ended.']),
      this.restartButton,
    ]);

    this.input = h('textarea', {
      id: 'baton-input',
      rows: '1',
      placeholder: 'Type your message…',
      maxlength: '4000',
      enterkeyhint: 'send',
    });
    const sendButton = h('button', { type: 'submit', class: 'send' }, ['Send']);
    this.composer = h('form', { class: 'composer' }, [
      h('label', { class: 'sr-only', for: 'baton-input' }, ['Message']),
      this.input,
      sendButton,
    ]);
    this.composer.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit(events);
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit(events);
      }
    });
    this.input.addEventListener('input', () => {
      this.autoGrow();
      if (this.input.value.trim()) events.onTyping();
    });

    this.panel = h(
      'div',
      { class: 'panel', id: 'baton-panel', role: 'dialog', 'aria-labelledby': 'baton-title', hidden: true },
      [
        header,
        this.log,
        this.typing,
        this.error,
        this.waitChoices.element,
        this.ended,
        this.survey.element,
        this.composer,
      ],
    );
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') events.onMinimize();
    });

    this.root = h('div', { class: `root ${config.position}` }, [this.panel, this.launcher]);
    this.root.style.setProperty('--baton-accent', config.color);
    shadow.append(style, this.root);
  }

  setOpen(open: boolean, moveFocus: boolean): void {
    this.panel.hidden = !open;
    this.root.classList.toggle('open', open);
    this.launcher.setAttribute('aria-expanded', String(open));
    if (open) {
      this.setUnread(0);
      this.scrollToEnd();
      if (moveFocus) (this.composer.hidden ? this.restartButton : this.input).focus();
    } else if (moveFocus) {
      this.launcher.focus();
    }
  }

  setUnread(count: number): void {
    this.badge.hidden = count === 0;
    this.badge.textContent = count > 9 ? '9+' : String(count);
    this.launcher.setAttribute(
      'aria-label',
      count > 0
        ? `Open chat: ${this.title}, ${count} new message${count === 1 ? '' : 's'}`
        : `Open chat: ${this.title}`,
    );
  }

  setSubtitle(text: string): void {
    this.subtitle.textContent = text;
  }

  setTyping(text: string | null): void {
    this.typing.textContent = text ?? '';
  }

  setError(text: string | null): void {
    this.error.hidden = text === null;
    this.error.textContent = text ?? '';
  }

  /** Closed conversations lock the composer and offer a fresh start. */
  setEnded(ended: boolean, canEnd: boolean): void {
    this.ended.hidden = !ended;
    this.composer.hidden = ended;
    this.endButton.hidden = ended || !canEnd;
    if (ended && this.input.matches(':focus')) this.restartButton.focus();
  }

  setConsent(state: ConsentState): void {
    this.consent.render(state);
  }

  setWaitChoices(state: WaitChoicesState): void {
    this.waitChoices.render(state);
  }

  setSurvey(state: SurveyState): void {
    this.survey.render(state);
  }

  clearInput(): void {
    this.input.value = '';
    this.autoGrow();
  }

  /**
   * Brings the log in line with the transcript, touching only what changed: new nodes are inserted where
   * they belong and existing ones stay, so the live region announces new messages only.
   */
  renderMessages(
    turns: readonly PublicTurn[],
    pending: readonly PendingMessage[],
    onRetry: (key: string) => void,
  ): void {
    const wanted: [string, () => HTMLElement][] = [];
    for (const turn of turns) wanted.push([`t:${turn.id}`, () => renderTurn(turn)]);
    for (const message of pending)
      wanted.push([`p:${message.key}:${message.failed}`, () => renderPending(message, onRetry)]);

    const atBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 40;
    const keep = new Set(wanted.map(([key]) => key));
    for (const [key, node] of this.nodes) {
      if (!keep.has(key)) {
        node.remove();
        this.nodes.delete(key);
      }
    }
    let cursor: ChildNode | null = this.intro.nextSibling;
    for (const [key, create] of wanted) {
      let node = this.nodes.get(key);
      if (!node) {
        node = create();
        this.nodes.set(key, node);
      }
      if (node !== cursor) this.log.insertBefore(node, cursor);
      cursor = node.nextSibling;
    }
    if (atBottom || pending.length > 0) this.scrollToEnd();
  }

  private submit(events: ViewEvents): void {
    const text = this.input.value.trim();
    if (!text) return;
    events.onSend(text);
  }

  private autoGrow(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, 120)}px`;
  }

  private scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }
}
