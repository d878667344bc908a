import type { Check } from "../../src/checker/check.ts";
import { clientChecks } from "./client-checks.ts";
import { serverChecks } from "./server-checks.ts";

/** The server's checks first (the checker as its client), then the client's (the checker as its server). */
export const checks: readonly Check[] = [...serverChecks, ...clientChecks];
