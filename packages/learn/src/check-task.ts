import path from "node:path";
import { traceChunk } from "@socket-lessons/cli";
import type { WeatherProfile } from "./checker/check-run.ts";
import type { Trace } from "./checker/connection.ts";
import { openWeather } from "./checker/open-weather.ts";
import { resultLines, summaryLine, useColour } from "./checker/report.ts";
import { type CheckResult, runChecks } from "./checker/run-checks.ts";
import type { Lang } from "./i18n.ts";
import { shownPath } from "./paths.ts";
import type { Task } from "./task.ts";

export interface CheckRequest {
  readonly task: Task;
  readonly dir: string;
  readonly seed: number;
  readonly calm: boolean;
  readonly lang: Lang;
  /** Show every chunk the checker exchanges with the program, as the lessons' --trace does. */
  readonly trace?: boolean;
  /** Aborting it stops the run: no further check starts. */
  readonly signal?: AbortSignal;
}

// A fresh seed is drawn as the weather draws one: the same seed replays both.
export { randomSeed } from "@socket-lessons/weather";

/**
 * This run's weather, decided by the seed: how finely TCP streams are sliced, and how long
 * bytes are held to be merged. Checks that move a lot of data ask for bigger slices.
 */
export function weatherFor(seed: number): WeatherProfile {
  const slices = [1, 2, 3, 5, 8, 13];
  const holds = [0, 2, 5];
  return { slice: slices[seed % slices.length], coalesce: holds[Math.floor(seed / slices.length) % holds.length] };
}

function describeWeather(weather: WeatherProfile, lang: Lang): string {
  const hold = weather.coalesce ?? 0;
  const slices =
    weather.slice === 1
      ? { en: "TCP one byte at a time", "pt-BR": "TCP um byte por vez" }
      : { en: `TCP in slices of 1 to ${weather.slice} bytes`, "pt-BR": `TCP em fatias de 1 a ${weather.slice} bytes` };
  const held = { en: `, held up to ${hold} ms and merged`, "pt-BR": `, retidas até ${hold} ms e juntadas` };
  return `${slices[lang]}${hold > 0 ? held[lang] : ""}`;
}

/** A word for a shell: as it is when it holds nothing a shell reads specially, else in quotes. */
export function shellWord(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return process.platform === "win32" ? `"${word.replaceAll('"', '""')}"` : `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * The one command that runs the same checks again, on the same folder, with the same seed,
 * as printed, from the folder the student typed the first one in (pnpm runs the command at
 * the repository's root, and says where it was typed in INIT_CWD).
 */
export function reproduceCommand(
  request: Omit<CheckRequest, "lang">,
  from = process.env.INIT_CWD ?? process.cwd(),
): string {
  const dir = path.relative(from, request.dir).split(path.sep).join("/") || ".";
  return `pnpm learn check ${request.task.name} --dir ${shellWord(dir)} --seed ${request.seed}${request.calm ? " --calm" : ""}`;
}

/**
 * Runs a task's checks against the package in `dir`, printing a line per check as it ends
 * (and handing each result, as it ends, to `onResult`: the tutor shows them as they come).
 */
export async function checkTask(
  request: CheckRequest,
  print: (line: string) => void,
  onResult: (result: CheckResult) => void = () => {},
): Promise<CheckResult[]> {
  const { task, dir, seed, calm, lang, signal } = request;
  const weather = weatherFor(seed);
  const colour = useColour();
  print(
    lang === "en"
      ? `checking ${shownPath(dir)} against the ${task.name} task`
      : `verificando ${shownPath(dir)} com a tarefa ${task.name}`,
  );
  const udp = {
    en: "UDP: each check sets its own loss, duplicates and delays",
    "pt-BR": "UDP: cada verificação define as suas perdas, duplicações e atrasos",
  };
  const calmly = { en: "calm: no weather", "pt-BR": "calmo: sem clima" };
  print(`seed ${seed} (${calm ? calmly[lang] : task.udp ? udp[lang] : describeWeather(weather, lang)})`);
  const trace: Trace | undefined = request.trace
    ? (direction, bytes, peer) => {
        if (direction === "fin") print(`[trace] ${peer} sent FIN: it will send nothing more`);
        else traceChunk(print, direction, bytes, peer);
      }
    : undefined;
  let shownCause = false;
  const results = await runChecks(
    task.checks,
    { dir, seed, calm, lang, weather, openWeather, ...(trace ? { trace } : {}), ...(signal ? { signal } : {}) },
    (result) => {
      for (const line of resultLines(result, lang, { colour, shownCause })) print(line);
      if (result.failure?.sharedCause === true) shownCause = true;
      onResult(result);
    },
  );
  print(summaryLine(results, lang));
  if (results.some((result) => !result.passed)) {
    print(`${lang === "en" ? "reproduce" : "para repetir"}: ${reproduceCommand(request)}`);
  }
  return results;
}
