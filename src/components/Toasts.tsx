/** Error and info toasts (zh/en). A toast never touches the corpus: loading failures leave it live. */
import { useEffect } from 'react';
import { useApp } from '../store/store';
import { pick } from '../i18n';
import { useLang, useT } from '../i18n/useT';

const INFO_MS = 3000;

export function Toasts() {
  const toasts = useApp((s) => s.ui.toasts);
  const dismiss = useApp((s) => s.dismissToast);
  const lang = useLang();
  const t = useT();

  useEffect(() => {
    const timers = toasts.filter((x) => x.kind === 'info').map((x) => setTimeout(() => { dismiss(x.id); }, INFO_MS));
    return () => { for (const tm of timers) clearTimeout(tm); };
  }, [toasts, dismiss]);

  return (
    <div className="toasts" aria-live="assertive">
      {toasts.map((x) => (
        <div key={x.id} className={`toast toast-${x.kind}`} role={x.kind === 'error' ? 'alert' : 'status'} data-testid={`toast-${x.kind}`}>
          <span className="toast-text">{pick(lang, x.message)}</span>
          <button type="button" className="toast-close" onClick={() => { dismiss(x.id); }} aria-label={t('error.dismiss')}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
