export {
  type Exit,
  killLeftoverProcesses,
  LessonProcess,
  type LessonProcessOptions,
  runLessonScript,
} from "./lesson-process.ts";
export { RecordingIO } from "./recording-io.ts";
