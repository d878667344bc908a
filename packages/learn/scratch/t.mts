import { line, addressOf } from "../src/checker/steps.ts";
const spec = line`client ${addressOf("c")} sent ${24} bytes`;
const run: any = { connection: () => ({ socket: { localPort: 53836 } }), isDirect: () => true, serverPort: 1 };
console.log(spec.shown, spec.matches("client 127.0.0.1:53836 sent 24 bytes", run));
