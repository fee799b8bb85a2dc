/**
 * Renders its children once their place on the page comes near the viewport, and keeps them from
 * then on. A long page (the region audit: four tables of up to 100 rows below a findings table of
 * 100; an agency's profile: the three tables of each of its reports) then builds and lays out what
 * the user sees first, and the rest as they scroll to it. Printing renders everything first.
 * Without IntersectionObserver (an old browser) the children render at once.
 */
import { startTransition, useEffect, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';

/** How far below the viewport a section starts rendering: a screen or so, so a reader scrolling down rarely meets the placeholder. */
const MARGIN_PX = 800;

export function WhenNear({ children, placeholderHeight, testId }: { children: ReactNode; placeholderHeight: number; testId?: string }) {
  const [near, setNear] = useState(() => typeof IntersectionObserver === 'undefined');
  const ref = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (near || el === null) return;
    const io = new IntersectionObserver(
      (entries) => {
        // A transition: React builds the section in slices between which the browser paints and
        // handles input, not in one task that holds the page (its content is not on screen yet).
        if (entries.some((e) => e.isIntersecting)) startTransition(() => { setNear(true); });
      },
      { rootMargin: `0px 0px ${String(MARGIN_PX)}px 0px` },
    );
    io.observe(el);
    // A printout holds the whole page: render before the browser lays it out for print.
    const print = (): void => {
      flushSync(() => {
        setNear(true);
      });
    };
    window.addEventListener('beforeprint', print);
    return () => {
      io.disconnect();
      window.removeEventListener('beforeprint', print);
    };
  }, [near]);
  if (near) return <>{children}</>;
  return <div ref={ref} className="when-near" style={{ minHeight: placeholderHeight }} data-testid={testId} aria-busy="true" />;
}
