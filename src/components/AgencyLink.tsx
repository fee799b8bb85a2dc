/**
 * An agency name that opens its profile (clicking an agency anywhere opens it). The name is rendered
 * as text, never HTML. A pointer (or the keyboard's focus) resting on the name fetches the agency's
 * statements in the background (`prefetchAgency`), so the profile that a click then opens is
 * answered from the cache; a pointer passing over a list fetches nothing. Pressing on the name
 * starts them at once: a click's press lasts about a tenth of a second, and the profile the click
 * opens joins the statements already running (src/db/executor.ts) rather than starting again.
 */
import { useEffect, useRef } from 'react';
import { prefetchAgency } from './engine';
import { useApp } from '../store/store';

/** How long the pointer or focus rests on a name before its agency is fetched. */
const AGENCY_HOVER_MS = 120;

export function AgencyLink({ id, name }: { id: string; name: string }) {
  const openAgency = useApp((s) => s.openAgency);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const stop = (): void => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
  };
  const rest = (): void => {
    stop();
    timer.current = setTimeout(() => {
      timer.current = null;
      prefetchAgency(id);
    }, AGENCY_HOVER_MS);
  };
  useEffect(() => stop, []);
  return (
    <button
      type="button"
      className="link"
      onClick={() => { stop(); openAgency(id); }}
      onPointerEnter={rest}
      onPointerDown={() => { stop(); prefetchAgency(id); }}
      onPointerLeave={stop}
      onFocus={rest}
      onBlur={stop}
      data-agency-id={id}
    >
      {name}
    </button>
  );
}
