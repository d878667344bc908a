// The shared library of the lessons: what is the same in every step lives here once,
// so that the lessons themselves show only the socket calls and what each step teaches.
export { formatAddress, listeningLine } from "./cli/address.ts";
export { type Command, clientFlags, formatUsage, parseCommandLine, serverFlags } from "./cli/command.ts";
export {
  booleanFlag,
  type Flag,
  type FlagSet,
  type FlagValues,
  hostFlag,
  integerFlag,
  stringFlag,
  textLineFlag,
  UsageError,
} from "./cli/flags.ts";
export { describeError, type Endpoint } from "./cli/friendly-errors.ts";
export {
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  type RunningServer,
  runClientMain,
  runServerMain,
  SHUTDOWN_DEADLINE_MS,
} from "./cli/run.ts";
export { failOnInactivity, TimeoutError } from "./cli/timeout.ts";
export { encodeFrame, FRAME_HEADER_BYTES, FrameDecoder, MAX_FRAME_PAYLOAD_BYTES } from "./frame-codec.ts";
export { type LessonIO, processIO } from "./io.ts";
export { LineDecoder, MAX_TEXT_LINE_BYTES } from "./line-decoder.ts";
export { type Decoder, MessageReader } from "./message-reader.ts";
export { type Person, PersonSchema } from "./person.ts";
export { closeGracefully, SHUTDOWN_GRACE_MS, trackClients } from "./shutdown.ts";
export { IncompleteMessageError, InvalidUtf8Error, MessageTooLargeError } from "./stream-errors.ts";
export { type Direction, hexDump, TRACE_MAX_BYTES, traceChunk, traceSocket } from "./trace.ts";
export { decodeUtf8 } from "./utf8.ts";
export { describeInvalid, expected } from "./validation.ts";
