import type { LessonIO } from "../io.ts";
import { LineInput } from "../line-input.ts";
import { parseCommand } from "./commands.ts";
import { formatReply } from "./format.ts";
import { requestFromMenu } from "./menu.ts";
import type { Op, Reply, Request } from "./messages.ts";

/**
 * Where a product client's requests come from: the menu when a person is at a terminal,
 * one command per line from a pipe otherwise. When the input ends, the next request is
 * `quit`, so the server always sees the session end politely.
 */
export class CommandReader {
  /** Commands that could not be sent (typing mistakes): the client exits non-zero if any. */
  mistakes = 0;
  private readonly input: LineInput;

  constructor(
    private readonly io: LessonIO,
    private readonly knownOps: readonly Op[],
  ) {
    this.input = new LineInput(io);
  }

  async next(): Promise<Request> {
    if (this.io.interactive) return (await requestFromMenu(this.input, this.knownOps)) ?? { op: "quit" };
    for (let line = await this.input.ask(""); line !== undefined; line = await this.input.ask("")) {
      const command = parseCommand(line, this.knownOps);
      if (command.ok === true) return command.request;
      if (command.ok === false) {
        this.mistakes += 1;
        this.io.error(`error: ${command.message}`);
      }
    }
    return { op: "quit" };
  }

  /** What to print for the server's reply to one of these requests. */
  format(request: Request, reply: Reply): string[] {
    return formatReply(request, reply);
  }

  close(): void {
    this.input.close();
  }
}
