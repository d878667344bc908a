// Every text a student reads exists in English and in Brazilian Portuguese. A `Text` holds
// both; the language is chosen once, from --lang or from LANG.

export const LANGUAGES = ["en", "pt-BR"] as const;
export type Lang = (typeof LANGUAGES)[number];

/** One text in every language the course speaks. */
export type Text = Readonly<Record<Lang, string>>;

export const text = (en: string, ptBR: string): Text => ({ en, "pt-BR": ptBR });

/** `--lang pt-BR` wins; otherwise a LANG (or LC_ALL) that starts with `pt` means Portuguese. */
export function chooseLanguage(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  if (flag !== undefined) return flag.toLowerCase().startsWith("pt") ? "pt-BR" : "en";
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return locale.toLowerCase().startsWith("pt") ? "pt-BR" : "en";
}
