import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

/** A process's resident memory in bytes (Linux: /proc/PID/status). */
export function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kilobytes = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (kilobytes === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kilobytes) * 1024;
}

/** CPU time the process has used so far, in clock ticks (Linux: /proc/PID/stat). */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name may hold spaces: the fields we need come after its closing ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

/**
 * Resolves once the process has used no CPU for `quietPolls` polls in a row: it has done
 * all it can and is waiting (on a full socket, say). Polls a condition; never a blind sleep.
 */
export async function untilIdle(pid: number, quietPolls = 10, pollMilliseconds = 100): Promise<void> {
  let last = cpuTicks(pid);
  for (let quiet = 0; quiet < quietPolls; ) {
    await sleep(pollMilliseconds);
    const now = cpuTicks(pid);
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
}
