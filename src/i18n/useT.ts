/** React side of i18n: a `t` bound to the store's current language. */
import { useCallback } from 'react';
import { useApp } from '../store/store';
import { translate, type Lang, type MessageKey } from './index';

export type T = (key: MessageKey, vars?: Readonly<Record<string, string | number>>) => string;

export function useLang(): Lang {
  return useApp((s) => s.ui.lang);
}

export function useT(): T {
  const lang = useLang();
  return useCallback<T>((key, vars) => translate(lang, key, vars), [lang]);
}
