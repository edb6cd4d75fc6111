import { DIFF_FIELDS, type Snapshot, type SnapshotItem } from './snapshot.ts';

export interface ItemRef {
  id: string;
  name: string;
  purpose: string;
}

export interface FieldChange {
  field: keyof SnapshotItem;
  label: string;
  before: unknown;
  after: unknown;
}

export interface Changelog {
  added: ItemRef[];
  removed: ItemRef[];
  changed: Array<ItemRef & { fields: FieldChange[] }>;
}

const ref = (i: SnapshotItem): ItemRef => ({ id: i.id, name: i.name, purpose: i.purpose });
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Structural diff of two list versions, keyed by engagement: added, removed, and which fields changed. */
export function diffSnapshots(before: Snapshot | null, after: Snapshot): Changelog {
  const old = new Map((before?.items ?? []).map((i) => [i.id, i]));
  const now = new Map(after.items.map((i) => [i.id, i]));
  const changelog: Changelog = { added: [], removed: [], changed: [] };
  for (const item of after.items) {
    const prev = old.get(item.id);
    if (!prev) {
      changelog.added.push(ref(item));
      continue;
    }
    const fields = DIFF_FIELDS.filter(([f]) => !same(prev[f], item[f])).map(([field, label]) => ({ field, label, before: prev[field], after: item[field] }));
    if (fields.length) changelog.changed.push({ ...ref(item), fields });
  }
  for (const item of before?.items ?? []) if (!now.has(item.id)) changelog.removed.push(ref(item));
  return changelog;
}

export const isEmptyChangelog = (c: Changelog): boolean => c.added.length + c.removed.length + c.changed.length === 0;

/** One line per change, for feeds and notices: "Added Stripe", "Changed Zendesk: countries, purpose". */
export function summariseChangelog(c: Changelog): string[] {
  return [
    ...c.added.map((i) => `Added ${i.name}: ${i.purpose}`),
    ...c.removed.map((i) => `Removed ${i.name}`),
    ...c.changed.map((i) => `Changed ${i.name}: ${i.fields.map((f) => f.label).join(', ')}`),
  ];
}
