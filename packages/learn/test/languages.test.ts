// Every text a student reads exists in both languages: a text in one language only fails here.
import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../src/i18n.ts";
import { availableTasks, loadTask } from "../src/task.ts";
import { TUTOR_TEXTS } from "../src/tutor/texts.ts";

describe("texts in English and Brazilian Portuguese", () => {
  it("the tutor's screens and keys", () => {
    for (const [key, text] of Object.entries(TUTOR_TEXTS)) {
      for (const lang of LANGUAGES) expect(text[lang].trim(), `${key} in ${lang}`).not.toBe("");
      expect(text["pt-BR"], `${key} is not translated`).not.toBe(text.en);
    }
  });

  for (const name of availableTasks()) {
    it(`the ${name} task: its text, three hints, the title of every check`, async () => {
      const task = await loadTask(name);
      for (const lang of LANGUAGES) {
        expect(task.text[lang].trim(), `text in ${lang}`).not.toBe("");
        expect(task.hints[lang], `hints in ${lang}`).toHaveLength(3);
        expect(task.title[lang].trim()).not.toBe("");
        for (const check of task.checks) expect(check.title[lang].trim(), check.title.en).not.toBe("");
      }
      expect(task.text["pt-BR"]).not.toBe(task.text.en);
      for (const check of task.checks) expect(check.title["pt-BR"], check.title.en).not.toBe(check.title.en);
    });
  }
});
