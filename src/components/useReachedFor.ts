/**
 * Whether the reader has reached for a control (pointer over it, pressed on it, or focus) since its
 * `key` last changed. A select's options are created only then: Chromium measures every option's
 * text whenever a select's options change, which cost 58 ms of a layout for 500 agency names
 * (bench/SCALE.md, round 8) and 31 ms of a city drill's layout for a district list (round 11). A
 * pointer-down or focus update is rendered before the browser opens the list, so the reader never
 * sees the list without its options.
 *
 * `key` names the list: when it changes (another province's cities), the control must be reached
 * for again, so a list the reader is not using is not measured on every change of the selection.
 */
import { useState } from 'react';

export interface ReachedFor {
  readonly reached: boolean;
  /** Handlers for the control. */
  readonly reach: {
    readonly onPointerEnter: () => void;
    readonly onPointerDown: () => void;
    readonly onFocus: () => void;
  };
}

export function useReachedFor(key: string): ReachedFor {
  const [reachedKey, setReachedKey] = useState<string | null>(null);
  const reached = reachedKey === key;
  const mark = (): void => { if (!reached) setReachedKey(key); };
  return { reached, reach: { onPointerEnter: mark, onPointerDown: mark, onFocus: mark } };
}
