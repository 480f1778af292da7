/**
 * The widget's stylesheet, scoped by the Shadow DOM: nothing leaks into the page and the page's CSS does
 * not reach in (`all: initial` on the host also stops inherited properties). The accent colour comes in
 * as the `--baton-accent` custom property set from a validated data attribute.
 */
export const widgetStyles = `
:host { all: initial; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.root {
  --baton-accent: #2f5d8a;
  --ink: #1f2933; --muted: #5f6b7a; --line: #dde3ea; --soft: #f3f5f8;
  position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
}
button, textarea { font: inherit; color: inherit; }
:focus-visible { outline: 3px solid #f0b429; outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

.root.left { right: auto; left: 20px; }
.launcher {
  width: 58px; height: 58px; border-radius: 50%; border: 0; cursor: pointer;
  background: var(--baton-accent); color: #fff; display: grid; place-items: center;
  box-shadow: 0 6px 18px rgba(15, 23, 42, .25); margin-left: auto; position: relative;
}
.root.left .launcher { margin-left: 0; }
.launcher svg { width: 28px; height: 28px; fill: currentColor; }
.launcher[aria-expanded="true"] { display: none; }
.badge {
  position: absolute; top: -4px; right: -4px; min-width: 20px; height: 20px; padding: 0 6px;
  border-radius: 10px; background: #c62828; color: #fff; font-size: 12px; line-height: 20px; text-align: center;
}
.badge[hidden] { display: none; }

.panel {
  width: 370px; height: min(580px, calc(100vh - 40px)); background: #fff; border-radius: 14px;
  box-shadow: 0 12px 40px rgba(15, 23, 42, .28); display: flex; flex-direction: column; overflow: hidden;
}
.panel[hidden] { display: none; }
.header { background: var(--baton-accent); color: #fff; padding: 12px 12px 12px 16px; display: flex; align-items: center; gap: 8px; }
.header-text { flex: 1; min-width: 0; }
.title { margin: 0; font-size: 16px; font-weight: 600; }
.subtitle { margin: 0; font-size: 13px; opacity: .9; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.icon-button {
  border: 0; background: transparent; color: inherit; width: 36px; height: 36px; border-radius: 8px;
  cursor: pointer; display: grid; place-items: center;
}
.icon-button:hover { background: rgba(255, 255, 255, .16); }
.icon-button svg { width: 20px; height: 20px; fill: currentColor; }

.log { flex: 1; overflow-y: auto; padding: 14px; display: flex; flex-direction: column; gap: 10px; background: var(--soft); }
.msg { max-width: 84%; display: flex; flex-direction: column; gap: 2px; }
.msg .who { font-size: 12px; color: var(--muted); padding: 0 4px; }
.msg .bubble { padding: 8px 12px; border-radius: 14px; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg.customer { align-self: flex-end; align-items: flex-end; }
.msg.customer .bubble { background: var(--baton-accent); color: #fff; border-bottom-right-radius: 4px; }
.msg.assistant .bubble { background: #fff; border: 1px solid var(--line); border-bottom-left-radius: 4px; }
.msg.agent .bubble { background: #e7f3ec; border: 1px solid #b9dcc7; border-bottom-left-radius: 4px; }
.msg.pending .bubble { opacity: .65; }
.msg.failed .bubble { outline: 2px solid #c62828; }
.retry { border: 0; background: none; color: #c62828; text-decoration: underline; cursor: pointer; font-size: 12px; padding: 0 4px; }
.notice {
  align-self: stretch; display: flex; gap: 8px; align-items: flex-start; padding: 8px 12px; font-size: 13px;
  background: #fff8e6; border: 1px solid #f3d98b; border-radius: 10px; color: #5c4813;
}
.notice svg { flex: none; width: 16px; height: 16px; margin-top: 2px; fill: currentColor; }
.notice p { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }

.typing { padding: 4px 16px; font-size: 13px; color: var(--muted); min-height: 24px; background: var(--soft); }
.ended { padding: 10px 14px; border-top: 1px solid var(--line); background: #fff; font-size: 14px; display: flex; gap: 8px; align-items: center; justify-content: space-between; }
.ended[hidden] { display: none; }
.link-button { border: 1px solid var(--baton-accent); color: var(--baton-accent); background: #fff; border-radius: 8px; padding: 6px 10px; cursor: pointer; }
.error { padding: 6px 14px; font-size: 13px; background: #fdecea; color: #8a1c1c; }
.error[hidden] { display: none; }

.composer { display: flex; gap: 8px; padding: 10px; border-top: 1px solid var(--line); background: #fff; align-items: flex-end; }
.composer[hidden] { display: none; }
.composer textarea {
  flex: 1; resize: none; border: 1px solid var(--line); border-radius: 10px; padding: 8px 10px;
  min-height: 40px; max-height: 120px; background: #fff;
}
.send {
  border: 0; border-radius: 10px; background: var(--baton-accent); color: #fff; padding: 0 14px; height: 40px;
  cursor: pointer; font-weight: 600;
}
.send:disabled { opacity: .5; cursor: default; }

.consent > div { display: flex; flex-direction: column; gap: 6px; }
.consent-choice p { margin: 0; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 4px; }
.chip { border: 1px solid #8a6d1f; background: #fff; color: #4a3a0f; border-radius: 999px; padding: 4px 10px; cursor: pointer; font-size: 13px; }
.chip:disabled { opacity: .6; cursor: default; }
.consent-answer { font-style: italic; }
.survey { padding: 10px 14px; border-top: 1px solid var(--line); background: #fff; display: flex; flex-direction: column; gap: 6px; }
.survey[hidden] { display: none; }
.survey-title { margin: 0; font-weight: 600; }
.survey-body { display: flex; flex-direction: column; gap: 8px; }
.survey-body[hidden] { display: none; }
.ratings { border: 0; padding: 0; margin: 0; display: flex; gap: 6px; flex-wrap: wrap; }
.ratings legend { font-size: 13px; color: var(--muted); margin-bottom: 4px; padding: 0; }
.rating { position: relative; }
.rating input { position: absolute; opacity: 0; width: 1px; height: 1px; }
.rating span[aria-hidden] {
  display: grid; place-items: center; width: 40px; height: 40px; border-radius: 50%;
  border: 1px solid var(--line); cursor: pointer; font-weight: 600;
}
.rating input:checked + span { background: var(--baton-accent); color: #fff; border-color: var(--baton-accent); }
.rating input:focus-visible + span { outline: 3px solid #f0b429; outline-offset: 2px; }
.survey textarea { resize: none; border: 1px solid var(--line); border-radius: 10px; padding: 8px 10px; }
.survey .send { align-self: flex-end; }
.survey-thanks { margin: 0; }
.wait-choices { padding: 10px 14px; border-top: 1px solid var(--line); background: #fff8e6; font-size: 14px; }
.wait-choices p { margin: 0; }
.wait-title { font-weight: 600; }
.wait-form { display: flex; flex-direction: column; gap: 6px; }
.wait-form input, .wait-form textarea { font: inherit; border: 1px solid #8a9099; border-radius: 10px; padding: 8px 10px; background: #fff; resize: none; }
.wait-actions { display: flex; justify-content: flex-end; gap: 8px; }

@media (max-width: 480px) {
  .root { right: 12px; bottom: 12px; }
  .root.left { left: 12px; }
  .root.open { inset: 0; }
  .panel { position: fixed; inset: 0; width: 100%; height: 100%; border-radius: 0; }
  .composer textarea { font-size: 16px; }
}
@media (prefers-reduced-motion: no-preference) {
  .msg, .notice { animation: rise .18s ease-out; }
  @keyframes rise { from { opacity: 0; transform: translateY(4px); } to { opacity: 1; transform: none; } }
}
`;
