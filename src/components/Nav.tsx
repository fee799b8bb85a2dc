/** Navigation between views: a row of buttons, arrow keys move between them. */
import type { KeyboardEvent } from 'react';
import { useApp } from '../store/store';
import { useT } from '../i18n/useT';
import { VIEWS, type ViewId } from '../store/ui';

export function Nav() {
  const t = useT();
  const view = useApp((s) => s.ui.view);
  const setView = useApp((s) => s.setView);

  const onKey = (e: KeyboardEvent<HTMLButtonElement>, i: number): void => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    const next: ViewId | undefined = VIEWS[(i + step + VIEWS.length) % VIEWS.length];
    if (next) {
      setView(next);
      document.getElementById(`nav-${next}`)?.focus();
    }
  };

  return (
    <nav className="app-nav" aria-label={t('nav.label')}>
      {VIEWS.map((v, i) => (
        <button
          key={v}
          id={`nav-${v}`}
          type="button"
          className={v === view ? 'active' : ''}
          aria-current={v === view ? 'page' : undefined}
          onClick={() => { setView(v); }}
          onKeyDown={(e) => { onKey(e, i); }}
          data-testid={`nav-${v}`}
        >
          {t(`view.${v}`)}
        </button>
      ))}
    </nav>
  );
}
