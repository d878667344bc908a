// pnpm nc as a module, for tests and for other tools: each mode takes its options and the
// three streams it talks through (stdin, stdout, and -v's stderr).
export { NC_COMMAND, type NcCommandLine, parseNcCommandLine } from "./command-line.ts";
export { CrlfLineEnds, InputLines } from "./line-ends.ts";
export type { NcOptions, NcStreams } from "./streams.ts";
export { connectTcp, listenTcp } from "./tcp.ts";
export { listenUdp, sendUdp } from "./udp.ts";
