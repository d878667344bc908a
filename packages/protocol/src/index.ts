// The protocol the lessons share, and nothing else: framing codecs (bytes in, messages out),
// the person of v3, the product model, the message schemas and the error codes of v4/v5.
// It never touches a socket: it is tested with any chunking, and README.md is its reference.
export { encodeFrame, FRAME_HEADER_BYTES, FrameDecoder, MAX_FRAME_PAYLOAD_BYTES } from "./frame-codec.ts";
export { LineDecoder } from "./line-decoder.ts";
export { type Person, PersonSchema } from "./person.ts";
export { printable } from "./printable.ts";
export { ERROR_CODES, type ErrorCode } from "./products/errors.ts";
export { MAX_PRODUCT_CODE, type Product, ProductCodeSchema, ProductSchema } from "./products/product.ts";
export { type Failure, MAX_REPLY_LINE_BYTES, parseReply, type Reply } from "./products/replies.ts";
export {
  MAX_REQUEST_LINE_BYTES,
  type ParsedRequest,
  parseRequest,
  REQUESTS,
  type Request,
  type RequestOf,
  type RequestSchemas,
} from "./products/requests.ts";
export { IncompleteMessageError, MessageTooLargeError } from "./stream-errors.ts";
export { describeInvalid, MAX_PROBLEMS_LISTED } from "./validation.ts";
