// Shared by the fuzz CLI (index.mjs) and its jest test: the coverage table.
import { featuresFor } from "./generate.mjs";

/**
 * @param {Array<Record<string, number>>} featureRecords one per program
 * @param {"all" | "sync"} setting
 * @returns {{ rows: { name, description, programs, percent }[], missing: string[], rare: string[] }}
 */
export function coverage(featureRecords, setting) {
  const total = featureRecords.length || 1;
  const rows = featuresFor(setting).map((f) => {
    const programs = featureRecords.filter((rec) => rec[f.name] > 0).length;
    return { name: f.name, description: f.description, programs, percent: (100 * programs) / total };
  });
  return {
    rows,
    missing: rows.filter((r) => r.programs === 0).map((r) => r.name),
    rare: rows.filter((r) => r.percent < 1).map((r) => r.name),
  };
}

/** The table as text, three columns of rows side by side. */
export function formatCoverage(table, columns = 3) {
  const cells = table.rows.map(
    (r) => `${r.name.padEnd(30)} ${String(r.programs).padStart(6)} ${r.percent.toFixed(1).padStart(5)}%${r.percent < 1 ? " <1%!" : "     "}`,
  );
  const height = Math.ceil(cells.length / columns);
  const lines = [];
  for (let i = 0; i < height; i++) {
    const row = [];
    for (let c = 0; c < columns; c++) if (cells[c * height + i]) row.push(cells[c * height + i]);
    lines.push(row.join("  "));
  }
  return lines.join("\n");
}
