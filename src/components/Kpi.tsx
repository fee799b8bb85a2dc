/** A KPI card: label, value ("—" when undefined, never 0) and the metric's definition. */
export function Kpi({ id, label, value, definition }: { id: string; label: string; value: string; definition: string }) {
  return (
    <div className="kpi" data-testid={`kpi-${id}`} title={definition}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value" data-testid={`kpi-value-${id}`}>{value}</div>
      <div className="kpi-def">{definition}</div>
    </div>
  );
}
