// Every phrase a failure is made of, in every language the course speaks: the one place where
// the checker words what it expected and what came. Checks never write prose of their own;
// they say what to send and what must come back, and these words describe it.
import { inspect } from "node:util";
import { type Text, text } from "../i18n.ts";

/** A string as a student reads it in a message: JSON-quoted (so "\n" shows), cut when long. */
export function quoted(value: string, max = 120): string {
  const json = JSON.stringify(value);
  return json.length > max ? `${json.slice(0, max - 1)}…" (${Buffer.byteLength(value)} bytes)` : json;
}

/**
 * What came, quoted around the byte where it differs (at most `span` bytes either side),
 * so that a long line shows where it goes wrong, not its start.
 */
export function excerpt(bytes: Uint8Array, at: number, span = 40): string {
  let start = Math.max(0, at - span);
  let end = Math.min(bytes.length, at + span);
  // Whole characters: the window does not cut a UTF-8 character at either end.
  while (start > 0 && ((bytes[start] ?? 0) & 0xc0) === 0x80) start -= 1;
  while (end < bytes.length && ((bytes[end] ?? 0) & 0xc0) === 0x80) end += 1;
  const piece = JSON.stringify(Buffer.from(bytes.subarray(start, end)).toString("utf8"));
  return `${start > 0 ? "…" : ""}${piece}${end < bytes.length ? "…" : ""}`;
}

/** A JSON value on one line, cut when long. */
export function shownJson(value: unknown, max = 200): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > max ? `${json.slice(0, max - 1)}… (${json.length} characters)` : json;
}

/** An offset in the stream as the dumps show it: hex, from 0. */
export const offset = (at: number) => `0x${at.toString(16).padStart(4, "0")}`;

const seconds = (ms: number) => `${(ms / 1000).toLocaleString("en")} s`;
const segundos = (ms: number) => `${(ms / 1000).toLocaleString("pt-BR")} s`;
const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** Who is at the other end of a connection: "the server", or "the client". */
export interface Peer {
  readonly side: "server" | "client";
  /** The connection's name in the check, shown when a check has several. */
  readonly name?: string;
}

export function peer(who: Peer): Text {
  const [en, pt] = who.side === "server" ? ["the server", "o servidor"] : ["the client", "o cliente"];
  return who.name === undefined ? text(en, pt) : text(`${en} (connection ${who.name})`, `${pt} (conexão ${who.name})`);
}

/** "from the server" / "do servidor". */
export function fromPeer(who: Peer): Text {
  const name = peer(who);
  return text(`from ${name.en}`, `d${name["pt-BR"]}`);
}

export const bytesFrom = (who: Peer): Text => text(`bytes ${fromPeer(who).en}`, `bytes ${fromPeer(who)["pt-BR"]}`);
export const expectedHere = text("expected here", "esperado aqui");

/** How a read came up short. */
export type Shortfall = { readonly kind: "end" | "reset" } | { readonly kind: "silence"; readonly ms: number };

/** "the connection closed after 9 bytes of it" / "nothing more came for 5 s (9 bytes of it had come)". */
export function cameShort(why: Shortfall, got: number): Text {
  switch (why.kind) {
    case "end":
      return got === 0
        ? text("the connection closed (FIN) before any of it", "a conexão fechou (FIN) antes de qualquer byte dela")
        : text(
            `the connection closed (FIN) after ${plural(got, "byte", "bytes")} of it`,
            `a conexão fechou (FIN) depois de ${plural(got, "byte", "bytes")} dela`,
          );
    case "reset":
      return got === 0
        ? text(
            "the connection was reset (RST) before any of it",
            "a conexão foi encerrada por um reset (RST) antes de qualquer byte dela",
          )
        : text(
            `the connection was reset (RST) after ${plural(got, "byte", "bytes")} of it`,
            `a conexão foi encerrada por um reset (RST) depois de ${plural(got, "byte", "bytes")} dela`,
          );
    case "silence":
      return got === 0
        ? text(`nothing came for ${seconds(why.ms)}`, `nada chegou em ${segundos(why.ms)}`)
        : text(
            `nothing more came for ${seconds(why.ms)} (${plural(got, "byte", "bytes")} of it had come)`,
            `nada mais chegou em ${segundos(why.ms)} (tinham chegado ${plural(got, "byte", "bytes")} dela)`,
          );
  }
}

// --- what was expected ------------------------------------------------------------------

export const expectBytes = (count: number, who: Peer, what?: Text): Text =>
  what === undefined
    ? text(
        `${plural(count, "byte", "bytes")} ${fromPeer(who).en}`,
        `${plural(count, "byte", "bytes")} ${fromPeer(who)["pt-BR"]}`,
      )
    : text(
        `${what.en} ${fromPeer(who).en} (${count} bytes)`,
        `${what["pt-BR"]} ${fromPeer(who)["pt-BR"]} (${count} bytes)`,
      );

export const expectLine = (line: string, who: Peer): Text =>
  text(
    `the line ${quoted(`${line}\n`)} ${fromPeer(who).en}`,
    `a linha ${quoted(`${line}\n`)} ${fromPeer(who)["pt-BR"]}`,
  );

export const expectAnyLine = (who: Peer): Text =>
  text(`a line ending in "\\n" ${fromPeer(who).en}`, `uma linha terminada em "\\n" ${fromPeer(who)["pt-BR"]}`);

export const expectJson = (value: unknown, who: Peer, what?: Text): Text =>
  what === undefined
    ? text(`${shownJson(value)} ${fromPeer(who).en}`, `${shownJson(value)} ${fromPeer(who)["pt-BR"]}`)
    : text(
        `${what.en} ${fromPeer(who).en}: ${shownJson(value)}`,
        `${what["pt-BR"]} ${fromPeer(who)["pt-BR"]}: ${shownJson(value)}`,
      );

export const expectErrorReply = (code: string, who: Peer, naming?: string): Text => {
  const shape = `{"ok":false,"error":{"code":"${code}","message":...}}`;
  return text(
    `a ${code} error ${fromPeer(who).en}, ${shape}${naming === undefined ? "" : `, its message naming \`${naming}\``}`,
    `um erro ${code} ${fromPeer(who)["pt-BR"]}, ${shape}${naming === undefined ? "" : `, com a mensagem citando \`${naming}\``}`,
  );
};

export const expectFrame = (who: Peer, what?: Text): Text =>
  text(
    `${what?.en ?? "a frame"} ${fromPeer(who).en} (a 4-byte big-endian length, then that many bytes)`,
    `${what?.["pt-BR"] ?? "um frame"} ${fromPeer(who)["pt-BR"]} (um tamanho em 4 bytes, big-endian, e então essa quantidade de bytes)`,
  );

export const expectEnd = (who: Peer): Text =>
  text(
    `${peer(who).en} to end the connection (FIN) with nothing more sent`,
    `que ${peer(who)["pt-BR"]} terminasse a conexão (FIN) sem enviar mais nada`,
  );

export const expectClosed = (who: Peer): Text =>
  text(
    `${peer(who).en} to close the connection (a FIN or a reset)`,
    `que ${peer(who)["pt-BR"]} fechasse a conexão (um FIN ou um reset)`,
  );

export const expectOpen = (who: Peer, ms: number): Text =>
  text(
    `${peer(who).en} to keep the connection open, sending nothing, for ${seconds(ms)}`,
    `que ${peer(who)["pt-BR"]} mantivesse a conexão aberta, sem enviar nada, por ${segundos(ms)}`,
  );

export const expectConnect = text("to connect to the server", "conectar ao servidor");
export const expectRefused = text(
  "the connection to be refused: nothing listens any more",
  "que a conexão fosse recusada: nada mais escuta naquela porta",
);

export const expectListening = text(
  "the server to print `listening on HOST:PORT` as its first line",
  "que o servidor imprimisse `listening on HOST:PORT` como primeira linha",
);

export const expectAccept = text(
  "the client to connect to the checker's server",
  "que o cliente se conectasse ao servidor do verificador",
);

export const expectPrinted = (who: Text, what: Text, stream: "stdout" | "stderr" | "either"): Text => {
  const where = stream === "either" ? text("", "") : text(` on ${stream}`, ` no ${stream}`);
  return text(
    `${who.en} to print ${what.en}${where.en}`,
    `que ${who["pt-BR"]} imprimisse ${what["pt-BR"]}${where["pt-BR"]}`,
  );
};

export const expectExit = (who: Text, code: number): Text =>
  text(`${who.en} to exit with code ${code}`, `que ${who["pt-BR"]} saísse com código ${code}`);

export const expectRunning = (who: Text): Text =>
  text(`${who.en} to keep running`, `que ${who["pt-BR"]} continuasse rodando`);

export const programStarts = (who: Text): Text => text(`${who.en} to start`, `que ${who["pt-BR"]} iniciasse`);

// --- what came ----------------------------------------------------------------------------

export const itSent = (what: string, at?: number): Text =>
  at === undefined
    ? text(`it sent ${what}`, `veio ${what}`)
    : text(
        `it sent ${what}, which differs at offset ${offset(at)}`,
        `veio ${what}, que difere a partir do offset ${offset(at)}`,
      );

export const sentMore = (count: number): Text =>
  text(
    `it sent ${plural(count, "more byte", "more bytes")} first`,
    count === 1 ? "antes veio mais 1 byte" : `antes vieram mais ${count} bytes`,
  );

export const notJson = (line: string): Text =>
  text(`it sent ${quoted(line)}, which is not JSON`, `veio ${quoted(line)}, que não é JSON`);

export const frameTooLarge = (length: number, max: number): Text =>
  text(
    `its 4-byte header announces ${length} bytes, over the ${max} a frame may hold`,
    `o cabeçalho de 4 bytes anuncia ${length} bytes, acima dos ${max} que um frame pode ter`,
  );

export const stayedOpen = (ms: number): Text =>
  text(
    `nothing came for ${seconds(ms)} and the connection stayed open`,
    `nada chegou em ${segundos(ms)} e a conexão continuou aberta`,
  );

export const closedInstead = (how: "end" | "reset"): Text =>
  how === "end"
    ? text("it closed the connection (FIN)", "ele fechou a conexão (FIN)")
    : text("it reset the connection (RST)", "ele encerrou a conexão com um reset (RST)");

export const refused = text("the connection was refused", "a conexão foi recusada");
export const accepted = text("the connection was accepted", "a conexão foi aceita");

export const exitedFirst = (code: number | null, signal: string | null): Text =>
  code !== null
    ? text(`it exited first, with code ${code}`, `ele saiu antes, com código ${code}`)
    : text(`it was stopped first, by ${signal}`, `ele foi parado antes, por ${signal}`);

export const exitedWith = (code: number | null, signal: string | null): Text =>
  code !== null
    ? text(`it exited with code ${code}`, `ele saiu com código ${code}`)
    : text(`it was stopped by ${signal}`, `ele foi parado por ${signal}`);

export const stillRunning = (ms: number): Text =>
  text(`it was still running after ${seconds(ms)}`, `ele ainda rodava depois de ${segundos(ms)}`);

export const noSuchLine = (ms: number): Text =>
  text(`no such line came within ${seconds(ms)}`, `nenhuma linha assim chegou em ${segundos(ms)}`);

export const noConnection = (ms: number): Text =>
  text(`no connection came within ${seconds(ms)}`, `nenhuma conexão chegou em ${segundos(ms)}`);

export const printedFirst = (line: string): Text =>
  text(`it printed ${quoted(line)} first`, `antes ele imprimiu ${quoted(line)}`);

export const noScript = (script: string): Text =>
  text(
    `the package has no ${script} script in its package.json`,
    `o pacote não tem o script ${script} no package.json`,
  );

export const compileError = (message: string): Text =>
  text(`it does not compile: ${message}`, `ele não compila: ${message}`);

export const didNotStartBefore = text(
  "it did not start in an earlier check (see the first failure)",
  "ele não iniciou numa verificação anterior (veja a primeira falha)",
);

// --- programs -------------------------------------------------------------------------------

export const theServer = text("the server", "o servidor");
export const theClient = text("the client", "o cliente");

/** A word on Node's own exit codes, so that a student knows what 13 means. */
export function exitMeaning(code: number | null, signal: string | null): Text | undefined {
  if (signal === "SIGKILL") return text("killed", "morto");
  if (signal !== null) return text(`stopped by ${signal}`, `parado por ${signal}`);
  switch (code) {
    case 1:
      return text(
        "an uncaught exception, or the program chose to fail",
        "uma exceção não tratada, ou o próprio programa decidiu sair com erro",
      );
    case 13:
      return text(
        "the program ended while an `await` was still waiting: nothing was left to settle its promise",
        "o programa terminou enquanto um `await` ainda esperava: nada mais resolveria a sua promise",
      );
    case 134:
      return text("aborted (often: out of memory)", "abortado (muitas vezes: falta de memória)");
    default:
      return undefined;
  }
}

export const programEnded = (who: Text, code: number | null, signal: string | null): Text => {
  const meaning = exitMeaning(code, signal);
  const how = exitedWith(code, signal);
  return text(
    `${who.en}: ${how.en.replace(/^it /, "")}${meaning ? ` (${meaning.en})` : ""}`,
    `${who["pt-BR"]}: ${how["pt-BR"].replace(/^ele /, "")}${meaning ? ` (${meaning["pt-BR"]})` : ""}`,
  );
};

export const stillRunningNow = (who: Text): Text => text(`${who.en}: still running`, `${who["pt-BR"]}: ainda rodando`);
export const printedNothing = text("it printed nothing", "ele não imprimiu nada");
export const itPrinted = text("what it printed", "o que ele imprimiu");
export const moreLines = (count: number): Text =>
  text(`… ${plural(count, "line", "lines")} not shown`, `… ${plural(count, "linha", "linhas")} não mostradas`);

export const expectNotPrinted = (who: Text, what: string, ms: number): Text =>
  text(
    `${who.en} not to print ${what} yet (we watched for ${seconds(ms)})`,
    `que ${who["pt-BR"]} ainda não imprimisse ${what} (observamos por ${segundos(ms)})`,
  );

export const printedTooSoon = (line: string): Text =>
  text(`it printed ${quoted(line)}`, `ele imprimiu ${quoted(line)}`);

// --- the tutor and the summary (the tutor's helper) -------------------------------------------

/** "6 of 7 checks passed"; all of them: "7 of 7 checks passed: well done!". */
export const checksPassed = (passed: number, total: number): Text => {
  const all = passed === total && total > 0;
  return text(
    `${passed} of ${total} checks passed${all ? ": well done!" : ""}`,
    `${passed} de ${total} verificações ${passed === 1 ? "passou" : "passaram"}${all ? ": muito bem!" : ""}`,
  );
};

/** A size in MiB, written as each language writes numbers: "17.5 MiB", "17,5 MiB". */
export const mebibytes = (bytes: number): Text => {
  const amount = (locale: string) => (bytes / 1024 / 1024).toLocaleString(locale, { maximumFractionDigits: 1 });
  return text(`${amount("en")} MiB`, `${amount("pt-BR")} MiB`);
};

// --- v3 and echo-udp: frames of v8 values, whole outputs, the pinger ------------------------

/** A value as node:v8 carries it, as a student reads it: a string JSON-quoted, the rest inspected. */
export function shownValue(value: unknown, max = 120): string {
  if (typeof value === "string") return quoted(value, max);
  const shown = inspect(value, { breakLength: Number.POSITIVE_INFINITY, depth: 4 });
  return shown.length > max ? `${shown.slice(0, max - 1)}…` : shown;
}

export const payloadFrom = (who: Peer): Text =>
  text(`the payload of the frame ${fromPeer(who).en}`, `o payload do frame ${fromPeer(who)["pt-BR"]}`);

export const expectV8Frame = (value: unknown, who: Peer, what?: Text): Text =>
  text(
    `${what?.en ?? "a frame"} ${fromPeer(who).en} holding ${shownValue(value)} (v8.serialize, after a 4-byte length)`,
    `${what?.["pt-BR"] ?? "um frame"} ${fromPeer(who)["pt-BR"]} com ${shownValue(value)} (v8.serialize, depois de 4 bytes de tamanho)`,
  );

export const notV8 = (bytes: number): Text =>
  text(
    `its payload (${plural(bytes, "byte", "bytes")}) is not v8-serialized data: v8.deserialize fails on it`,
    `o payload (${plural(bytes, "byte", "bytes")}) não são dados do v8: v8.deserialize falha nele`,
  );

export const itHolds = (value: unknown): Text => text(`it holds ${shownValue(value)}`, `ele traz ${shownValue(value)}`);

export const expectPrintedOnly = (who: Text, what: Text, stream: "stdout" | "stderr"): Text =>
  text(
    `${who.en} to print, next on ${stream}, ${what.en} (and nothing else there)`,
    `que ${who["pt-BR"]} imprimisse, em seguida no ${stream}, ${what["pt-BR"]} (e nada mais ali)`,
  );

export const expectExitFirst = (who: Text): Text =>
  text(
    `${who.en} to exit, so that what it printed can be checked whole`,
    `que ${who["pt-BR"]} saísse, para conferir tudo o que imprimiu`,
  );

export const expectNothingMore = (who: Text, stream: "stdout" | "stderr"): Text =>
  text(`${who.en} to print nothing more on ${stream}`, `que ${who["pt-BR"]} não imprimisse mais nada no ${stream}`);

export const printedInstead = (line: string): Text =>
  text(`it printed ${quoted(line)} there`, `ele imprimiu ${quoted(line)} ali`);

export const printedNoMore = text("it printed no more lines there", "ele não imprimiu mais linhas ali");

/** One datagram of the pinger: `ping SEQ TIME`. */
export const expectPing = (seq: number): Text =>
  text(
    `the client to send ping ${seq} as the datagram \`ping ${seq} TIME\` (TIME: Date.now() as it was sent)`,
    `que o cliente enviasse o ping ${seq} como o datagrama \`ping ${seq} TIME\` (TIME: Date.now() ao enviar)`,
  );

export const gotDatagram = (datagram: string): Text =>
  text(`the checker's server got ${quoted(datagram)}`, `o servidor do verificador recebeu ${quoted(datagram)}`);

export const noPingCame = (ms: number): Text =>
  text(`no ping came within ${seconds(ms)}`, `nenhum ping chegou em ${segundos(ms)}`);

export const expectOneAtATime = (seq: number): Text =>
  text(
    `ping ${seq} only once ping ${seq - 1} was answered or its --timeout had passed`,
    `o ping ${seq} só depois de o ping ${seq - 1} ser respondido ou passar o --timeout dele`,
  );

export const cameWhileEchoPending = (seq: number, ms: number): Text =>
  text(
    `it came while the echo of ping ${seq - 1} was still held by the server (for ${ms} ms)`,
    `ele chegou enquanto o eco do ping ${seq - 1} ainda estava retido pelo servidor (por ${ms} ms)`,
  );

/** Why a ping's line must say what it says: what really happened to the ping and its echo. */
export const pingFate = {
  answered: (ms: number): Text =>
    text(`its echo came back; the server held it ${ms} ms`, `o eco dele voltou; o servidor o reteve ${ms} ms`),
  notAnswered: text("the server never answered it", "o servidor nunca o respondeu"),
  late: text(
    "its echo came only after the client's --timeout had passed",
    "o eco dele só chegou depois de passar o --timeout do cliente",
  ),
  junk: text(
    "only datagrams that are not its echo came: garbage, pings of other numbers",
    "só chegaram datagramas que não são o eco dele: lixo, pings de outros números",
  ),
  pingLost: text("the network lost the ping", "a rede perdeu o ping"),
  echoLost: text("the network lost its echo", "a rede perdeu o eco dele"),
};

export const expectPingLine = (seq: number, shown: string, why: Text): Text =>
  text(
    `the client to print \`${shown}\` for ping ${seq} (${why.en})`,
    `que o cliente imprimisse \`${shown}\` para o ping ${seq} (${why["pt-BR"]})`,
  );

export const printedForIt = (line: string | undefined): Text =>
  line === undefined
    ? text("it printed no line for it", "ele não imprimiu nenhuma linha para ele")
    : text(`it printed ${quoted(line)}`, `ele imprimiu ${quoted(line)}`);

export const expectOneLinePerPing = (count: number): Text =>
  text(`one line per ping, ${count} in all`, `uma linha por ping, ${count} ao todo`);

export const printedMoreLines = (count: number, line: string): Text =>
  text(`it printed ${count}, the extra one ${quoted(line)}`, `ele imprimiu ${count}, a mais sendo ${quoted(line)}`);

export const expectSummary = (shown: string, received: number): Text =>
  text(
    `the summary \`${shown}\` (${plural(received, "reply line", "reply lines")} printed)`,
    `o resumo \`${shown}\` (${received} ${received === 1 ? "linha de resposta impressa" : "linhas de resposta impressas"})`,
  );

export const expectRttLine = (shown: string, times: readonly number[]): Text =>
  text(
    `the line \`${shown}\`, from the times of the reply lines (${times.join(", ")})`,
    `a linha \`${shown}\`, pelos tempos das linhas de resposta (${times.join(", ")})`,
  );

export const expectNoRttLine = text(
  "no `rtt min/avg/max` line: no ping was answered",
  "nenhuma linha `rtt min/avg/max`: nenhum ping foi respondido",
);

export const printedLine = (line: string | undefined): Text =>
  line === undefined
    ? text("it printed no such line", "ele não imprimiu essa linha")
    : text(`it printed ${quoted(line)}`, `ele imprimiu ${quoted(line)}`);

export const expectRoundTrip = (seq: number, atLeast: number): Text =>
  text(
    `a time of at least ${atLeast} ms for ping ${seq}: the server held its echo that long`,
    `um tempo de pelo menos ${atLeast} ms para o ping ${seq}: o servidor reteve o eco dele esse tempo`,
  );

export const expectNoMorePings = (count: number): Text =>
  text(`no more pings: --count was ${count}`, `nenhum ping a mais: o --count era ${count}`);

// --- v1 and v2: a close that is clean, an error said in one line ----------------------------

export const expectNotReset = (who: Peer): Text =>
  text(
    `${peer(who).en} to keep reading until our FIN: bytes we send after its FIN are read, not answered with a reset`,
    `que ${peer(who)["pt-BR"]} continuasse lendo até o nosso FIN: que os bytes enviados depois do FIN dele fossem lidos, não respondidos com um reset`,
  );

export const resetInstead = text(
  "the connection was reset (RST): its socket was already closed (destroyed, or the program had exited), so the bytes we sent were refused",
  "a conexão foi resetada (RST): o socket dele já estava fechado (destruído, ou o programa já tinha saído), então os bytes enviados foram recusados",
);

export const expectErrorExit = (who: Text): Text =>
  text(
    `${who.en} to exit with code 1, saying why in one line on stderr (no stack trace)`,
    `que ${who["pt-BR"]} saísse com código 1, dizendo o motivo numa linha no stderr (sem stack trace)`,
  );

export const printedNothingOnStderr = text("it printed nothing on stderr", "ele não imprimiu nada no stderr");

export const printedLinesOnStderr = (count: number): Text =>
  text(
    `it printed ${plural(count, "line", "lines")} on stderr`,
    `ele imprimiu ${plural(count, "linha", "linhas")} no stderr`,
  );

export const printedStackTrace = text("it printed a stack trace", "ele imprimiu um stack trace");

// --- v5 and exercise: the slow reader, the database file -------------------------------------

export const expectDropped = (limit: number, low: number, high: number): Text =>
  text(
    `the server to drop a client that reads none of its events once more than ${mebibytes(limit).en} of them wait in its memory, and log \`client N (ADDRESS) dropped: it does not read its events\` (the checker takes ${mebibytes(low).en} to ${mebibytes(high).en}: the events written to it, less what the system had taken)`,
    `que o servidor derrubasse um cliente que não lê nenhum dos seus eventos quando mais de ${mebibytes(limit)["pt-BR"]} deles esperam na memória dele, e registrasse \`client N (ENDEREÇO) dropped: it does not read its events\` (o verificador aceita de ${mebibytes(low)["pt-BR"]} a ${mebibytes(high)["pt-BR"]}: os eventos escritos para ele, menos o que o sistema já tinha levado)`,
  );

export const neverDropped = (written: number): Text =>
  text(
    `${mebibytes(written).en} of events were written to it while it read nothing, and the server printed no such line`,
    `${mebibytes(written)["pt-BR"]} de eventos foram escritos para ele sem que lesse nada, e o servidor não imprimiu essa linha`,
  );

export const droppedAt = (waiting: number, written: number, taken: number): Text =>
  text(
    `it dropped it when about ${mebibytes(waiting).en} waited in its memory: ${mebibytes(written).en} of events written to it, of which the system had taken ${mebibytes(taken).en}`,
    `ele o derrubou quando cerca de ${mebibytes(waiting)["pt-BR"]} esperavam na memória dele: ${mebibytes(written)["pt-BR"]} de eventos escritos para ele, dos quais o sistema já tinha levado ${mebibytes(taken)["pt-BR"]}`,
  );

export const expectSqliteFile = (file: string, names: string): Text => {
  const holding = names === "" ? text("", "") : text(` holding ${names}`, ` com ${names}`);
  return text(
    `the file given by --db (${file}) to be a SQLite database (its first 16 bytes "SQLite format 3\\0")${holding.en}`,
    `que o arquivo dado por --db (${file}) fosse um banco SQLite (os seus 16 primeiros bytes "SQLite format 3\\0")${holding["pt-BR"]}`,
  );
};

export const noFile = text("there is no such file", "esse arquivo não existe");

export const fileStarts = (start: string): Text =>
  text(`the file starts with ${start}`, `o arquivo começa com ${start}`);

export const fileLacks = (what: string): Text => text(`the file does not hold ${what}`, `o arquivo não tem ${what}`);

export const droppedLateAdvice = text(
  "Count bytes, not characters: socket.writableLength counts a string you wrote by its .length (write a Buffer instead), and so does string.length.",
  "Conte bytes, não caracteres: o socket.writableLength conta uma string escrita pelo seu .length (escreva um Buffer), e string.length também.",
);

export const droppedSoonAdvice = text(
  "Count only what waits: bytes written whose write() callback has not run yet (what the system has taken is not in your memory).",
  "Conte só o que espera: bytes escritos cujo callback do write() ainda não rodou (o que o sistema já levou não está na sua memória).",
);

// --- HTTP/1.1 responses (the web tasks: web1, web2, web3) -------------------------------------

/** "a `404 Not Found` response from the server, for the file pão.txt". */
export const expectResponse = (status: string, who: Peer, what?: Text): Text =>
  text(
    `a \`${status}\` response ${fromPeer(who).en}${what === undefined ? "" : `, for ${what.en}`}`,
    `uma resposta \`${status}\` ${fromPeer(who)["pt-BR"]}${what === undefined ? "" : `, para ${what["pt-BR"]}`}`,
  );

export const withHeader = (response: Text, header: string): Text =>
  text(`${response.en}, with \`${header}\``, `${response["pt-BR"]}, com \`${header}\``);

export const withoutHeader = (response: Text, name: string): Text =>
  text(`${response.en}, with no \`${name}\` header`, `${response["pt-BR"]}, sem o cabeçalho \`${name}\``);

export const withBody = (response: Text, body: string): Text =>
  text(`${response.en}, its body ${body}`, `${response["pt-BR"]}, com o corpo ${body}`);

export const withBodyHolding = (response: Text, piece: string): Text =>
  text(`${response.en}, its body holding ${piece}`, `${response["pt-BR"]}, com um corpo que contém ${piece}`);

export const withBodySayingWhy = (response: Text): Text =>
  text(`${response.en}, with a short body saying why`, `${response["pt-BR"]}, com um corpo curto dizendo por quê`);

export const thenFin = (response: Text): Text =>
  text(
    `${response.en}, then the end of the connection (FIN) right after its body`,
    `${response["pt-BR"]}, e então o fim da conexão (FIN) logo depois do corpo`,
  );

export const answered = (statusLine: string): Text =>
  text(`it answered ${quoted(statusLine)}`, `ele respondeu ${quoted(statusLine)}`);

export const notStatusLine = (line: string): Text =>
  text(
    `it sent ${quoted(line)}, which is not a status line (\`HTTP/1.1 CODE REASON\`)`,
    `veio ${quoted(line)}, que não é uma linha de status (\`HTTP/1.1 CÓDIGO MOTIVO\`)`,
  );

export const bareNewline = (line: string): Text =>
  text(
    `its line ${quoted(line)} ends in a bare "\\n": a response's lines end in "\\r\\n"`,
    `a linha ${quoted(line)} termina num "\\n" sozinho: as linhas de uma resposta terminam em "\\r\\n"`,
  );

export const notHeaderLine = (line: string): Text =>
  text(
    `${quoted(line)} is not a header line (\`Name: value\`)`,
    `${quoted(line)} não é uma linha de cabeçalho (\`Nome: valor\`)`,
  );

export const headTooLong = (bytes: number): Text =>
  text(
    `its head went on for ${bytes} bytes without the empty line that ends it`,
    `o cabeçalho seguiu por ${bytes} bytes sem a linha vazia que o termina`,
  );

export const noHeader = (name: string): Text =>
  text(`it has no \`${name}\` header`, `ela não tem o cabeçalho \`${name}\``);

export const hasHeader = (header: string): Text => text(`it has \`${header}\``, `ela tem \`${header}\``);

export const lengthSays = (says: number, body: number): Text =>
  text(
    `its Content-Length says ${plural(says, "byte", "bytes")}, for a body of ${plural(body, "byte", "bytes")}`,
    `o Content-Length diz ${plural(says, "byte", "bytes")}, para um corpo de ${plural(body, "byte", "bytes")}`,
  );

export const bodyLacks = text("its body does not hold it", "o corpo não contém isso");
export const bodyEmpty = text("its body is empty", "o corpo está vazio");

export const contentLengthAdvice = text(
  "Content-Length counts the body's bytes (Buffer.byteLength), not its characters; a response to HEAD, and a 204, have no body at all.",
  "O Content-Length conta os bytes do corpo (Buffer.byteLength), não os caracteres; uma resposta a HEAD, e um 204, não têm corpo nenhum.",
);

export const expectNoReset = (who: Peer): Text =>
  text(
    `${peer(who).en} to close the connection with a FIN after reading (and dropping) what we still sent, never with a reset`,
    `que ${peer(who)["pt-BR"]} fechasse a conexão com um FIN depois de ler (e descartar) o que ainda enviávamos, nunca com um reset`,
  );

export const resetWhileSending = (afterFin: boolean): Text =>
  afterFin
    ? text(
        "after its FIN it stopped reading, and reset the connection (RST) while bytes we sent were still unread",
        "depois do FIN ele parou de ler, e resetou a conexão (RST) com bytes que enviamos ainda sem ler",
      )
    : text(
        "it reset the connection (RST) while bytes we sent were still unread",
        "ele resetou a conexão (RST) com bytes que enviamos ainda sem ler",
      );

export const lingeringCloseAdvice = text(
  "After the response and the FIN, keep reading (and dropping) until the client's FIN: closing a socket with unread bytes makes the kernel send a reset, which can destroy the response before the client reads it (RFC 9112 §9.6).",
  "Depois da resposta e do FIN, continue lendo (e descartando) até o FIN do cliente: fechar um socket com bytes não lidos faz o kernel mandar um reset, que pode destruir a resposta antes de o cliente lê-la (RFC 9112 §9.6).",
);
