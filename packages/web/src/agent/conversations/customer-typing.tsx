import { useNow } from '../shared/use-now.ts';

const SHOWN_FOR_MS = 5_000;

/** "Customer is typing…" for a few seconds after the last typing frame. */
export function CustomerTyping({ name, typingAt }: { name: string; typingAt: number | null }) {
  const now = useNow(1000, typingAt !== null);
  const visible = typingAt !== null && now - typingAt < SHOWN_FOR_MS;
  return (
    <p className="typing-line" aria-live="polite">
      {visible ? `${name} is typing…` : ''}
    </p>
  );
}
