// The shared library of the lessons: what is the same in every step lives here once,
// so that the lessons themselves show only the socket calls and what each step teaches.

export { drained } from "./backpressure.ts";
export { sendRepliesTogether } from "./batched-replies.ts";
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
export { LineInput } from "./line-input.ts";
export { type Decoder, MessageReader } from "./message-reader.ts";
export { type Person, PersonSchema } from "./person.ts";
export { CommandReader } from "./products/command-reader.ts";
export {
  COMMAND_USAGE,
  colorList,
  numberOrText,
  type ParsedCommand,
  parseCommand,
  splitWords,
} from "./products/commands.ts";
export { ERROR_CODES, type ErrorCode } from "./products/errors.ts";
export { formatReply, productTable } from "./products/format.ts";
export { requestFromMenu } from "./products/menu.ts";
export {
  encodeLine,
  type Failure,
  failure,
  isBlankLine,
  MAX_REPLY_LINE_BYTES,
  MAX_REQUEST_LINE_BYTES,
  type Op,
  type ParsedRequest,
  parseReply,
  parseRequest,
  type Reply,
  type Request,
} from "./products/messages.ts";
export {
  MAX_COLOR_CHARACTERS,
  MAX_COLORS,
  MAX_NAME_CHARACTERS,
  MAX_PRODUCT_CODE,
  type Product,
  ProductCodeSchema,
  ProductSchema,
} from "./products/product.ts";
export { ProductList } from "./products/product-list.ts";
export { randomProduct, SimulatedCommands } from "./products/simulated-commands.ts";
export { closeGracefully, SHUTDOWN_GRACE_MS, trackClients } from "./shutdown.ts";
export { IncompleteMessageError, InvalidUtf8Error, MessageTooLargeError } from "./stream-errors.ts";
export { type Direction, hexDump, TRACE_MAX_BYTES, traceChunk, traceSocket } from "./trace.ts";
export { decodeUtf8 } from "./utf8.ts";
export { describeInvalid, expected } from "./validation.ts";
