import { type Text, text } from "../i18n.ts";

/** Every text the tutor shows, in both languages (a test fails if one is missing). */
export const TUTOR_TEXTS = {
  title: text("socket-lessons: learning by doing", "socket-lessons: aprender fazendo"),
  listHeading: text("The tasks, in order:", "As tarefas, em ordem:"),
  notStarted: text("not started", "não começada"),
  failing: text("failing", "falhando"),
  done: text("done", "feita"),
  started: text("started", "começada"),
  listKeys: text(
    "keys: 1-8 open a task · Enter open the current one · q quit",
    "teclas: 1-8 abrem uma tarefa · Enter abre a atual · q sai",
  ),
  taskKeys: text(
    "keys: h next hint · c check now · n next task · l list · r reset this task · q quit",
    "teclas: h próxima dica · c verificar agora · n próxima tarefa · l lista · r recomeçar esta tarefa · q sair",
  ),
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
  watching: text(
    "watching your copy: each save checks it again",
    "observando a sua cópia: cada vez que você salvar, ela é verificada de novo",
  ),
  noWatching: text(
    "watching files does not work here: press c to check after you save",
    "observar arquivos não funciona aqui: aperte c para verificar depois de salvar",
  ),
  checking: text("checking…", "verificando…"),
  lastCheck: text("last check", "última verificação"),
  neverChecked: text("not checked yet: save a file, or press c", "ainda não verificada: salve um arquivo, ou aperte c"),
  passedAll: text("Done! Every check passed.", "Feito! Todas as verificações passaram."),
  nextOffer: text("Press n for the next task:", "Aperte n para a próxima tarefa:"),
  lastTask: text("That was the last task: congratulations!", "Essa foi a última tarefa: parabéns!"),
  resetAsk: text(
    "Reset this task to its start? This deletes your copy and every change you made in it:",
    "Recomeçar esta tarefa do zero? Isso apaga a sua cópia e tudo o que você mudou nela:",
  ),
  resetKeys: text("y yes, delete it · any other key: no", "s sim, apagar · qualquer outra tecla: não"),
  resetDone: text("Reset: a fresh copy of the lesson is in", "Recomeçada: uma cópia nova da lição está em"),
  resetKept: text("Nothing deleted.", "Nada foi apagado."),
  bye: text(
    "Bye! Your progress is saved: pnpm learn takes you back here.",
    "Até logo! Seu progresso está salvo: pnpm learn traz você de volta aqui.",
  ),
  unknownKey: text("That key does nothing here.", "Essa tecla não faz nada aqui."),
} as const satisfies Record<string, Text>;
