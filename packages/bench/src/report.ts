import type { HoldResult } from "./hold.ts";
import type { LoadResult } from "./load.ts";
import { type LatencySummary, summarize } from "./percentiles.ts";

export interface Measured {
  label: string;
  requestsPerSecond: number;
  latency: LatencySummary;
  errors: Record<string, number>;
  connectFailures: number;
  serverCpu: number;
  serverRssBytes: number;
  loadGeneratorCpu: number;
}

export function measured(
  label: string,
  load: LoadResult,
  server: { cpu: number; rss: number },
  loadCpu: number,
): Measured {
  return {
    label,
    requestsPerSecond: load.requests / load.seconds,
    latency: summarize(load.latencies),
    errors: load.errors,
    connectFailures: load.connectFailures,
    serverCpu: server.cpu,
    serverRssBytes: server.rss,
    loadGeneratorCpu: loadCpu,
  };
}

const ms = (value: number) => (Number.isNaN(value) ? "-" : value < 10 ? value.toFixed(2) : value.toFixed(1));
// NaN: not measured (a server started elsewhere, with --host/--port).
const mb = (bytes: number) => (Number.isNaN(bytes) ? "-" : `${(bytes / 1024 / 1024).toFixed(0)} MB`);
const percent = (fraction: number) => (Number.isNaN(fraction) ? "-" : `${(fraction * 100).toFixed(0)}%`);
const errorsText = (errors: Record<string, number>) =>
  Object.keys(errors).length === 0
    ? "none"
    : Object.entries(errors)
        .map(([code, count]) => `${code} ${count}`)
        .join(", ");

/** Lesson and baseline side by side; the ratio is lesson / baseline for each figure. */
export function formatTable(results: Measured[]): string {
  const rows: Array<[string, ...string[]]> = [
    ["", ...results.map((result) => result.label)],
    ["requests/s", ...results.map((result) => result.requestsPerSecond.toFixed(0))],
    ["latency p50 (ms)", ...results.map((result) => ms(result.latency.p50))],
    ["latency p90 (ms)", ...results.map((result) => ms(result.latency.p90))],
    ["latency p99 (ms)", ...results.map((result) => ms(result.latency.p99))],
    ["latency max (ms)", ...results.map((result) => ms(result.latency.max))],
    ["errors", ...results.map((result) => errorsText(result.errors))],
    ["connect failures", ...results.map((result) => String(result.connectFailures))],
    ["server CPU", ...results.map((result) => percent(result.serverCpu))],
    ["server RSS", ...results.map((result) => mb(result.serverRssBytes))],
    ["load generator CPU", ...results.map((result) => percent(result.loadGeneratorCpu))],
  ];
  const [lesson, baseline] = results;
  if (lesson !== undefined && baseline !== undefined) {
    const ratio = (a: number, b: number) => (b === 0 || Number.isNaN(a / b) ? "-" : (a / b).toFixed(2));
    const ratios = [
      "ratio",
      ratio(lesson.requestsPerSecond, baseline.requestsPerSecond),
      ratio(lesson.latency.p50, baseline.latency.p50),
      ratio(lesson.latency.p90, baseline.latency.p90),
      ratio(lesson.latency.p99, baseline.latency.p99),
      ratio(lesson.latency.max, baseline.latency.max),
      "",
      "",
      ratio(lesson.serverCpu, baseline.serverCpu),
      ratio(lesson.serverRssBytes, baseline.serverRssBytes),
      "",
    ];
    for (const [index, row] of rows.entries()) {
      row.push(index === 0 ? `${lesson.label}/${baseline.label}` : (ratios[index] ?? ""));
    }
  }
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0)))
        .join("   "),
    )
    .join("\n");
}

/** What --hold measured of one server; NaN (null in JSON) where it could not measure. */
export interface Held extends HoldResult {
  label: string;
  /** When the last connection had been answered. */
  serverRssBytes: number;
  settleSeconds: number;
  /** After `settleSeconds` more with every connection idle. */
  settledRssBytes: number;
}

export function formatHold(held: Held): string {
  const refused = Object.keys(held.refused).length > 0 ? `, refused: ${errorsText(held.refused)}` : "";
  const lines = [
    `${held.label}: ${held.opened} connections open (${held.connectFailures} failed to connect)`,
    `  served: ${held.served}${refused}`,
    `  server RSS when the last was served: ${mb(held.serverRssBytes)}`,
  ];
  if (!Number.isNaN(held.settledRssBytes))
    lines.push(`  server RSS after ${held.settleSeconds} s more with all of them idle: ${mb(held.settledRssBytes)}`);
  return lines.join("\n");
}
