/**
 * The access package (issue 12 §5): what one access request found, as a zip a person can open —
 * summary.html to read, one CSV and one JSON file per collection under data/, and manifest.json
 * with every file's SHA-256. The same input gives the same bytes (timestamps are the production
 * time), so a package can be rebuilt and compared.
 */
import { createHash } from 'node:crypto';
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { AccessResult } from '../fulfilment/fulfil.ts';
import { type CollectionDef, collectionKey, type DatasetDef } from '../fulfilment/dataset.ts';
import { columnsOf, fileStem, toCsv } from './package-files.ts';
import { rightsAfterAccess } from './package-rules.ts';
import { categoryNames, humanName, renderSummaryHtml, type SummaryCollection } from './package-summary.ts';

export interface AccessPackageMeta {
  /** The request's reference, quoted in the summary and the file name. */
  reference: string;
  /** Who answers the request: the workspace's organisation or its customer (the controller). */
  controllerName: string;
  /** When the package is produced: in the summary, the manifest and every zip entry's timestamp. */
  producedAt: Date;
  /** The request's regime (rules/request-regimes.yaml key): which rights the summary lists. */
  regime?: string;
  /** The datasets the result came from: field order and data categories of each collection. */
  datasets?: DatasetDef[];
}

export interface ManifestFile {
  name: string;
  size: number;
  sha256: string;
  /** The collection (`<fides_key>:<collection>`) a data file holds, and its row count. */
  collection?: string;
  rows?: number;
}

export interface PackageManifest {
  format: 'trustroom.access-package';
  version: 1;
  reference: string;
  controller: string;
  producedAt: string;
  files: ManifestFile[];
}

export interface AccessPackage {
  zip: Buffer;
  /** A file name for the download, e.g. `personal-data-R-7KQ2-2026-12-04.zip`. */
  fileName: string;
  /** SHA-256 (hex) of the zip. */
  sha256: string;
  manifest: PackageManifest;
}

const hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Zip entries carry MS-DOS local time and fflate reads the Date's local fields: a Date whose
 * local fields are the UTC ones makes the bytes independent of the process's time zone.
 */
const dosTime = (at: Date) => new Date(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds());

/**
 * Builds the zip of an access result. Every collection of `result.collections` becomes
 * `data/<fides_key>.<collection>.csv` and `.json` holding exactly its rows.
 * @example buildAccessPackage(await accessRequest(conn, datasets, { email }), { reference: 'R-7KQ2', controllerName: 'Acme', producedAt: clock.now(), regime: 'gdpr', datasets })
 */
export function buildAccessPackage(result: Pick<AccessResult, 'collections'>, meta: AccessPackageMeta): AccessPackage {
  const collectionsByKey = new Map<string, { dataset: DatasetDef; collection: CollectionDef }>();
  for (const d of meta.datasets ?? []) for (const c of d.collections) collectionsByKey.set(collectionKey(c), { dataset: d, collection: c });
  const taken = new Set<string>();
  const entries: { name: string; bytes: Uint8Array; collection?: string; rows?: number }[] = [];
  const summary: SummaryCollection[] = [];
  for (const [key, rows] of Object.entries(result.collections)) {
    const def = collectionsByKey.get(key);
    const columns = columnsOf(rows, def?.collection.fields.map((f) => f.name));
    const stem = fileStem(key, taken);
    const csv = `data/${stem}.csv`;
    const json = `data/${stem}.json`;
    entries.push({ name: csv, bytes: strToU8(toCsv(rows, columns)), collection: key, rows: rows.length });
    entries.push({ name: json, bytes: strToU8(`${JSON.stringify({ collection: key, rows }, null, 2)}\n`), collection: key, rows: rows.length });
    const [dataset, name] = key.includes(':') ? [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)] : ['', key];
    const source = def?.dataset.name ?? dataset;
    summary.push({
      key, title: source ? `${humanName(name)} (${source})` : humanName(name), categories: def ? categoryNames(def.collection.fields) : [],
      columns, rows, csv, json,
    });
  }
  const html = renderSummaryHtml({
    reference: meta.reference, controllerName: meta.controllerName, producedAt: meta.producedAt, collections: summary, rights: rightsAfterAccess(meta.regime ?? 'gdpr'),
  });
  entries.unshift({ name: 'summary.html', bytes: strToU8(html) });
  const manifest: PackageManifest = {
    format: 'trustroom.access-package', version: 1, reference: meta.reference, controller: meta.controllerName, producedAt: meta.producedAt.toISOString(),
    files: entries.map((e) => ({ name: e.name, size: e.bytes.length, sha256: hex(e.bytes), ...(e.collection ? { collection: e.collection, rows: e.rows } : {}) })),
  };
  entries.push({ name: 'manifest.json', bytes: strToU8(`${JSON.stringify(manifest, null, 2)}\n`) });
  const mtime = dosTime(meta.producedAt);
  const files: Zippable = {};
  for (const e of entries) files[e.name] = [e.bytes, { mtime, level: 6 }];
  const zip = Buffer.from(zipSync(files, { mtime }));
  const safeRef = meta.reference.replace(/[^A-Za-z0-9_-]/g, '_');
  return { zip, fileName: `personal-data-${safeRef}-${meta.producedAt.toISOString().slice(0, 10)}.zip`, sha256: hex(zip), manifest };
}
