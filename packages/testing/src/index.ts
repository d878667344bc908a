export {
  type Exit,
  killLeftoverProcesses,
  LessonProcess,
  type LessonProcessOptions,
  runLessonScript,
  scriptCommand,
} from "./lesson-process.ts";
export { LineClient } from "./line-client.ts";
export { cpuTicks, residentBytes, untilIdle } from "./process-stats.ts";
export { RecordingIO } from "./recording-io.ts";
