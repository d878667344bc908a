import { type Text, text } from "../i18n.ts";

/** Every fixed text the tutor shows, in both languages (a test fails if one is missing). */
export const TUTOR_TEXTS = {
  title: text("socket-lessons: learning by doing", "socket-lessons: aprender fazendo"),
  listHeading: text("The tasks, in order:", "As tarefas, em ordem:"),
  notStarted: text("not started", "não começada"),
  failing: text("failing", "falhando"),
  done: text("done", "feita"),
  started: text("started", "começada"),
  hint: text("hint", "dica"),
  noMoreHints: text(
    "That was the last hint. The reference solution: pnpm learn solution",
    "Essa foi a última dica. A solução de referência: pnpm learn solution",
  ),
  notStartedYet: text(
    "You have not started this task yet. Press s to make your copy in",
    "Você ainda não começou esta tarefa. Aperte s para criar a sua cópia em",
  ),
  created: text("Made your copy in", "Criei a sua cópia em"),
  noWatching: text(
    "watching files does not work here: press c after you save",
    "observar arquivos não funciona aqui: aperte c depois de salvar",
  ),
  lastCheck: text("last check", "última verificação"),
  earlierCheck: text("last check, in an earlier session", "última verificação, numa sessão anterior"),
  checkForDetails: text(
    "Save a file, or press c, to check again and see the details.",
    "Salve um arquivo, ou aperte c, para verificar de novo e ver os detalhes.",
  ),
  neverChecked: text("not checked yet: save a file, or press c", "ainda não verificada: salve um arquivo, ou aperte c"),
  passedAll: text("Done! Every check passed.", "Feito! Todas as verificações passaram."),
  nextOffer: text("Press n for the next task:", "Aperte n para a próxima tarefa:"),
  allDone: text("Every task is done: congratulations!", "Todas as tarefas estão feitas: parabéns!"),
  noOtherTask: text(
    "Every other task is done: this is the one left.",
    "Todas as outras tarefas estão feitas: falta só esta.",
  ),
  reproduce: text("reproduce", "para repetir"),
  resetAsk: text(
    "Reset this task to its start? This deletes your copy, and with it what you changed:",
    "Recomeçar esta tarefa do zero? Isso apaga a sua cópia, e com ela o que você mudou:",
  ),
  resetUnchanged: text(
    "Reset this task to its start? Your copy is as it started: nothing would be lost.",
    "Recomeçar esta tarefa do zero? A sua cópia está como começou: nada se perderia.",
  ),
  changed: text("changed", "mudado"),
  added: text("new", "novo"),
  deleted: text("deleted", "apagado"),
  resetDone: text("Reset: a fresh copy of the lesson is in", "Recomeçada: uma cópia nova da lição está em"),
  resetKept: text("Nothing deleted.", "Nada foi apagado."),
  bye: text(
    "Bye! Your progress is saved: pnpm learn takes you back here.",
    "Até logo! Seu progresso está salvo: pnpm learn traz você de volta aqui.",
  ),
  unknownKey: text("That key does nothing here.", "Essa tecla não faz nada aqui."),
} as const satisfies Record<string, Text>;

/** The keys, as the keys line names them: the key, then what it does, in a word or two. */
export const KEYS = {
  hint: text("h hint", "h dica"),
  check: text("c check", "c verificar"),
  next: text("n next", "n próxima"),
  list: text("l list", "l lista"),
  reset: text("r reset", "r recomeçar"),
  start: text("s start: make my copy", "s criar a minha cópia"),
  page: text("↑↓ page", "↑↓ página"),
  quit: text("q quit", "q sair"),
  current: text("Enter the current one", "Enter a atual"),
  yes: text("y yes, reset it", "s sim, recomeçar"),
  no: text("any other key: no", "qualquer outra tecla: não"),
} as const satisfies Record<string, Text>;

/** Texts with a number or a name in them. */
export const TUTOR_PHRASES = {
  openTask: (count: number): Text => text(`1-${count} open a task`, `1-${count} abrir uma tarefa`),
  checking: (done: number, total: number): Text =>
    text(`checking… ${done} of ${total} checks done`, `verificando… ${done} de ${total} verificações feitas`),
  watching: (dir: string): Text =>
    text(`watching ${dir}: each save checks it again`, `observando ${dir}: verifico a cada arquivo salvo`),
  sameCause: (count: number): Text =>
    count === 1
      ? text("✗ 1 more check failed for the same cause", "✗ mais 1 verificação falhou pela mesma causa")
      : text(
          `✗ ${count} more checks failed for the same cause`,
          `✗ mais ${count} verificações falharam pela mesma causa`,
        ),
  position: (from: number, to: number, total: number): Text =>
    text(`── lines ${from}–${to} of ${total} ──`, `── linhas ${from}–${to} de ${total} ──`),
} as const;
