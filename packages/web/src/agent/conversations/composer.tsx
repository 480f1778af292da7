import { useState, type KeyboardEvent } from 'react';

/** Same limit as the contracts' `limits.turnText`; a value import would pull zod into the bundle. */
const MAX_TURN_TEXT = 4000;

/**
 * The agent's message box: Enter sends, Shift+Enter adds a line; typing is reported to the customer. The
 * draft may be owned by the parent (`draft`), so assist can put a suggested reply in it to edit or send.
 */
export function Composer({
  disabled,
  onSend,
  onTyping,
  draft,
}: {
  disabled: boolean;
  onSend: (text: string) => void;
  onTyping: () => void;
  draft?: { text: string; setText: (text: string) => void };
}) {
  const [ownText, setOwnText] = useState('');
  const text = draft?.text ?? ownText;
  const setText = draft?.setText ?? setOwnText;
  const send = () => {
    const trimmed = text.trim();
    if (!trimmed || disabled) return;
    onSend(trimmed);
    setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <label htmlFor="composer-input" className="sr-only">
        Reply to the customer
      </label>
      <textarea
        id="composer-input"
        rows={2}
        maxLength={MAX_TURN_TEXT}
        placeholder={
          disabled ? 'This conversation is closed' : 'Write a reply. Enter to send, Shift+Enter for a new line'
        }
        disabled={disabled}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          if (event.target.value.trim()) onTyping();
        }}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="primary" disabled={disabled || !text.trim()}>
        Send
      </button>
    </form>
  );
}
