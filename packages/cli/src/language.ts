// The languages a program's usage and errors can be shown in. The lessons speak English;
// `pnpm learn` speaks English and Brazilian Portuguese, so its flags, usage and errors carry
// both, and so do the words this package adds around them ("usage:", "unknown option").

export const LANGUAGES = ["en", "pt-BR"] as const;
export type Language = (typeof LANGUAGES)[number];

/** A text a program shows: in English only, or in every language it speaks. */
export type Localized = string | Readonly<Record<Language, string>>;

/** The text in `lang`; a text in English only is English in every language. */
export const inLanguage = (text: Localized, lang: Language): string => (typeof text === "string" ? text : text[lang]);

/** Both languages of a text, from a function of the language (`(lang) => ...`). */
export const inEveryLanguage = (text: (lang: Language) => string): Readonly<Record<Language, string>> => ({
  en: text("en"),
  "pt-BR": text("pt-BR"),
});

/**
 * The value a flag was given, before the command line is parsed: `--lang pt-BR` chooses the
 * language the parser's own errors are worded in, so it is read first.
 */
export function peekFlag(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  argv.forEach((arg, index) => {
    if (arg === `--${name}`) value = argv[index + 1];
    else if (arg.startsWith(`--${name}=`)) value = arg.slice(name.length + 3);
  });
  return value;
}
