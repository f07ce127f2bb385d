import { t, type StringKey } from './i18n';

/**
 * What a template is for, in the reader's language: a built-in template by its id (templateInfo.*), one an
 * office wrote as its description says.
 */
export function templateInfo(tpl: { id: string; description?: string | null }): string {
  const key = `templateInfo.${tpl.id}` as StringKey;
  const words = t(key);
  return words === key ? tpl.description ?? '' : words;
}
