import type { WeatherProfile } from "./checker/context.ts";
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
  /** Aborting it stops the run: no further check starts. */
  readonly signal?: AbortSignal;
  /** Show every chunk the checker and the program exchanged (`--trace`). */
  readonly trace?: boolean;
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

/** The one command that runs the same checks again, on the same folder, with the same seed. */
export function reproduceCommand(request: Omit<CheckRequest, "lang">): string {
  return `pnpm learn check ${request.task.name} --dir ${shownPath(request.dir)} --seed ${request.seed}${request.calm ? " --calm" : ""}`;
}

/** Runs a task's checks against the package in `dir`, printing a line per check as it goes. */
export async function checkTask(request: CheckRequest, print: (line: string) => void): Promise<CheckResult[]> {
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
  const results = await runChecks(
    task,
    { dir, seed, calm, lang, weather, openWeather, ...(signal ? { signal } : {}) },
    (result) => {
      for (const line of resultLines(result, lang, colour)) print(line);
    },
  );
  print(summaryLine(results, lang));
  if (results.some((result) => !result.passed)) {
    print(`${lang === "en" ? "reproduce" : "para repetir"}: ${reproduceCommand(request)}`);
  }
  return results;
}
