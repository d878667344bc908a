/**
 * Every error code a v4 product server may answer with. A lesson that extends the protocol
 * adds codes of its own; a client accepts any code it is sent.
 */
export const ERROR_CODES = [
  "BAD_JSON", // not UTF-8, not JSON, or not an object
  "BAD_REQUEST", // wrong, missing or unknown fields (the message names the fields)
  "UNKNOWN_OP", // an op this lesson does not know
  "DUPLICATE_CODE", // add: a product with that code exists
  "TOO_LARGE", // a request line over the limit: the connection is then closed
  "BUSY", // too many clients: the connection is then closed
  "INTERNAL", // the server could not do it (the exercise: a database locked by another program, or failing)
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
