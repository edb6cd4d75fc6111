import type { PublicList } from './public-list.ts';

/** The public list as JSON (application/json), 2-space indented, with a final newline. */
export function renderJson(list: PublicList): string {
  return `${JSON.stringify(list, null, 2)}\n`;
}
