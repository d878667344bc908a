import type { Text } from "../i18n.ts";
import type { Inputs } from "./inputs.ts";
import type { Step } from "./steps.ts";

/** One thing a task's checker verifies, over real sockets, as a scripted conversation. */
export interface Check {
  /** A short name that stays when the title's words change: what planted bugs and proofs refer to. */
  readonly id: string;
  /** What it checks, as a sentence: "a message comes back in capitals, then the server closes its side". */
  readonly title: Text;
  /** The conversation, from inputs drawn from the run's seed. */
  readonly steps: (inputs: Inputs) => readonly Step[];
  /** Runs with no other check beside it: it waits for timers, or loads the machine. */
  readonly alone?: boolean;
  /**
   * Most of its time is waiting, by design (a timeout to run out, a lost datagram to give up
   * on): it starts early, beside the others and not counted among them, so that its wait
   * overlaps their work. Its result still shows in its place.
   */
  readonly waits?: boolean;
}
