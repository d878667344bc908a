import { createInterface } from "node:readline";
import type { Reply } from "@socket-lessons/protocol";
import { replyLines } from "./format.ts";
import { type ClientRequest, type ProductCommand, usageOf } from "./product-commands.ts";
import { splitWords } from "./words.ts";

/**
 * Where a product client's requests come from, and how their replies are shown. The lesson's
 * client asks for the next request, sends it, and prints `describe(request, reply)`. Every
 * member is a plain function: `{ ...commands }` is the same commands, still counting.
 */
export interface ProductCommands {
  /** The next request to send; `quit` once the input has ended, so the session ends politely. */
  next(): Promise<ClientRequest>;
  /** What to print for the server's reply to `request`: as its command says (`describeReply`). */
  describe(request: ClientRequest, reply: Reply): string[];
  /** How many commands could not be sent so far (typing mistakes): the client exits 1 if any. */
  mistakes(): number;
  close(): void;
}

export interface Terminal {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  readonly errors: NodeJS.WritableStream;
  /** A person typing at a terminal gets the menu; a pipe gives one command per line. */
  readonly interactive: boolean;
}

export const processTerminal = (): Terminal => ({
  input: process.stdin,
  output: process.stdout,
  errors: process.stderr,
  interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
});

/**
 * Commands typed by a person (a menu that asks for each field) or piped in (one command per
 * line: `add 1 "Blue pen" 2.5 blue,black`, `list`, `quit`). `quit` stays the menu's last
 * choice, wherever a lesson puts the commands it adds.
 */
export function typedCommands(
  table: readonly ProductCommand[],
  terminal: Terminal = processTerminal(),
): ProductCommands {
  const commands = [...table.filter(({ name }) => name !== "quit"), ...table.filter(({ name }) => name === "quit")];
  // readline's iterator keeps lines that arrive before we ask for them: from a pipe, all at once.
  const readline = createInterface({ input: terminal.input, terminal: false });
  const lines = readline[Symbol.asyncIterator]();
  const ask = async (prompt: string): Promise<string | undefined> => {
    if (terminal.interactive) terminal.output.write(prompt);
    const { done, value } = await lines.next();
    return done ? undefined : value;
  };
  let mistakes = 0;
  const mistake = (message: string) => {
    mistakes += 1;
    terminal.errors.write(`error: ${message}\n`);
  };
  const names = commands.map((command) => command.name).join(", ");

  async function fromPipe(): Promise<ClientRequest | undefined> {
    for (let line = await ask(""); line !== undefined; line = await ask("")) {
      const words = splitWords(line);
      if (words === undefined) {
        mistake(`unclosed quote in ${JSON.stringify(line)}: a name with spaces goes in "double quotes"`);
        continue;
      }
      const [name, ...args] = words;
      if (name === undefined || name.startsWith("#")) continue; // a blank line, or a # comment
      const command = commands.find((known) => known.name === name);
      if (command === undefined) {
        mistake(`unknown command ${JSON.stringify(name)}: try ${names}`);
        continue;
      }
      const required = command.fields.filter((field) => !field.optional).length;
      if (args.length < required || args.length > command.fields.length) {
        mistake(`usage: ${usageOf(command)}`);
        continue;
      }
      const request = command.request(args);
      if (typeof request === "string") mistake(request);
      else return request;
    }
    return undefined;
  }

  async function fromMenu(): Promise<ClientRequest | undefined> {
    const menu = commands.map((command, index) => `${index + 1}) ${command.label}`).join("  ");
    for (;;) {
      const choice = (await ask(`\n${menu}\n> `))?.trim();
      if (choice === undefined) return undefined;
      const command = commands[Number(choice) - 1] ?? commands.find((known) => known.name === choice);
      if (command === undefined) {
        terminal.errors.write(
          `${JSON.stringify(choice)} is not a choice: type a number from 1 to ${commands.length}\n`,
        );
        continue;
      }
      const answers: string[] = [];
      for (const field of command.fields) {
        const answer = await ask(`${field.question}: `);
        if (answer === undefined) return undefined;
        answers.push(answer);
      }
      const request = command.request(answers);
      if (typeof request !== "string") return request;
      terminal.errors.write(`${request}\n`);
    }
  }

  return {
    async next() {
      return (await (terminal.interactive ? fromMenu() : fromPipe())) ?? { op: "quit" };
    },
    describe: (request, reply) =>
      replyLines(
        reply,
        commands.find((command) => command.name === request.op),
      ),
    mistakes: () => mistakes,
    close: () => readline.close(),
  };
}
