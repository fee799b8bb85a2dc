/** `t(lang, key, vars)`: every UI string goes through here. Chinese is the default. */
import { en } from './en';
import { zh, type MessageKey } from './zh';
import type { Bilingual } from '../model/report';

export type { MessageKey } from './zh';
export type Lang = 'zh' | 'en';

const DICTS: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { zh, en };

/** Looks a key up and fills `{name}` placeholders; a placeholder without a value is left visible, never blanked. */
export function translate(lang: Lang, key: MessageKey, vars?: Readonly<Record<string, string | number>>): string {
  const s = DICTS[lang][key];
  if (!vars) return s;
  return s.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = vars[name];
    return v === undefined ? m : String(v);
  });
}

/** Picks the side of a bilingual message for the current language. */
export function pick(lang: Lang, m: Bilingual): string {
  return lang === 'zh' ? m.zh : m.en;
}

/** Both languages of a UI string, for messages that outlive a language switch (toasts). */
export function bilingual(key: MessageKey, vars?: Readonly<Record<string, string | number>>): Bilingual {
  return { zh: translate('zh', key, vars), en: translate('en', key, vars) };
}
