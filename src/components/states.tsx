/** Loading, empty and error states: every empty state says why. */
import type { ReactNode } from 'react';
import { useLang, useT } from '../i18n/useT';
import { pick } from '../i18n';
import type { Bilingual } from '../model/report';

export function Loading({ show }: { show: boolean }) {
  const t = useT();
  if (!show) return null;
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {t('state.loading')}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <div className="state state-empty" role="note">
      {children}
    </div>
  );
}

export function ErrorBox({ error }: { error: Bilingual }) {
  const lang = useLang();
  return (
    <div className="state state-error" role="alert">
      {pick(lang, error)}
    </div>
  );
}
