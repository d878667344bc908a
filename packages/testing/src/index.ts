export { useCleanup } from "./cleanup.ts";
export { type CompiledScripts, CompileError, compileScripts, typeScriptEntry } from "./compiled-scripts.ts";
export { type BothEnds, connectBothEnds, memoryPerByteDribbled } from "./dribble.ts";
export { type InProcessServer, startInProcess } from "./in-process-server.ts";
export {
  commandLine,
  type Exit,
  killLeftoverProcesses,
  LessonProcess,
  type LessonProcessOptions,
  runLessonScript,
  runningProcesses,
  scriptCommand,
  signalTree,
} from "./lesson-process.ts";
export { LineClient } from "./line-client.ts";
export { liveBytes } from "./live-bytes.ts";
export { canSignal, hasProc, hasPython3 } from "./platform.ts";
export { cpuTicks, residentBytes, untilIdle } from "./process-stats.ts";
export { type Closing, parseResponse, RawHttpClient, type RawResponse, rawExchange } from "./raw-http.ts";
export { RecordingConsole } from "./recording-console.ts";
