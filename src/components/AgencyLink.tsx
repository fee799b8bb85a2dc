/** An agency name that opens its profile (clicking an agency anywhere opens it). The name is rendered as text, never HTML. */
import { useApp } from '../store/store';

export function AgencyLink({ id, name }: { id: string; name: string }) {
  const openAgency = useApp((s) => s.openAgency);
  return (
    <button type="button" className="link" onClick={() => { openAgency(id); }} data-agency-id={id}>
      {name}
    </button>
  );
}
