import { createHash } from 'node:crypto';
import type { Db, Row } from '../../db/schema.ts';
import { type Actor, type Deps, inTransaction } from '../../shared/deps.ts';
import { notFound } from '../../shared/errors.ts';
import { EMAIL_PATTERN, InputReader } from '../../shared/input.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';

/** A workspace's look and sender: on its public pages, its notices and its customers' portal. */
export interface WorkspaceBranding {
  /** Accent colour, `#rrggbb`, at least 4.5:1 against white; null: Trustroom's own. */
  brandColour: string | null;
  /** The logo as a base64 data: URI (PNG or SVG, at most 100 KB); shown only as an <img>, never inline. */
  logoDataUri: string | null;
  /** The From name of notices; null: the workspace's name. */
  mailFromName: string | null;
  /** The From address of notices; null: MAIL_FROM's. */
  mailFromAddress: string | null;
}

export const toWorkspaceBranding = (w: Row<'workspaces'>): WorkspaceBranding => ({
  brandColour: w.brand_colour, logoDataUri: w.logo_data_uri, mailFromName: w.mail_from_name, mailFromAddress: w.mail_from_address,
});

/** WCAG 2.x AA for normal text. */
export const MIN_CONTRAST = 4.5;
export const MAX_LOGO_BYTES = 100 * 1024;
const HEX = /^#[0-9a-f]{6}$/i;

/** The relative luminance of an sRGB colour `#rrggbb` (WCAG 2.x definition). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * The WCAG contrast ratio of two colours `#rrggbb`, from 1 to 21.
 * @example contrastRatio('#0b6bcb', '#ffffff') // 5.2…
 */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** What an SVG may not hold, although it is only ever shown through <img> (where none of it runs): scripts, handlers, embedded HTML, outside references. */
const SVG_FORBIDDEN = /<script|<foreignObject|\son[a-z]+\s*=|javascript:|<!ENTITY|(?:xlink:)?href\s*=\s*["']\s*(?!#|data:image\/)/i;

/**
 * A logo given as a data: URI (base64 or percent-encoded), or as the bytes of an uploaded file,
 * checked (PNG signature, or an SVG document without scripts, handlers or outside references;
 * at most 100 KB) and returned as a base64 data: URI; a string with the problem otherwise.
 */
export function readLogo(input: string | { bytes: Buffer; type: string }): { dataUri: string } | { problem: string } {
  let type: string, bytes: Buffer;
  if (typeof input === 'string') {
    const m = /^data:(image\/png|image\/svg\+xml)((?:;[a-z-]+=[^;,]*)*)(;base64)?,(.*)$/is.exec(input.trim());
    if (!m) return { problem: 'must be a data: URI of a PNG or SVG image (data:image/png;base64,… or data:image/svg+xml;base64,…)' };
    type = m[1]!.toLowerCase();
    try {
      bytes = m[3] ? Buffer.from(m[4]!.replace(/\s+/g, ''), 'base64') : Buffer.from(decodeURIComponent(m[4]!), 'utf8');
    } catch {
      return { problem: 'is not a readable data: URI' };
    }
  } else {
    ({ bytes } = input);
    type = input.type === 'image/svg+xml' || /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(bytes.subarray(0, 2048).toString('utf8')) ? 'image/svg+xml' : 'image/png';
  }
  if (bytes.length === 0) return { problem: 'is empty' };
  if (bytes.length > MAX_LOGO_BYTES) return { problem: `must be at most 100 KB (this one is ${Math.ceil(bytes.length / 1024)} KB)` };
  if (type === 'image/png' && !bytes.subarray(0, 8).equals(PNG_MAGIC)) return { problem: 'must be a PNG or SVG image' };
  if (type === 'image/svg+xml') {
    const text = bytes.toString('utf8');
    if (!/<svg[\s>]/i.test(text)) return { problem: 'must be a PNG or SVG image' };
    if (SVG_FORBIDDEN.test(text)) return { problem: 'an SVG logo must not contain scripts, event handlers, embedded HTML or links to other files' };
  }
  return { dataUri: `data:${type};base64,${bytes.toString('base64')}` };
}

/** What may change: absent fields stay as they are, null or '' clears. */
export type BrandingPatch = Partial<WorkspaceBranding>;

/** Reads a branding patch: `brandColour`, `logo` (data: URI, or an uploaded file as bytes), `mailFromName`, `mailFromAddress`; a 400 names each bad field. */
export function parseBrandingPatch(raw: unknown, upload?: { bytes: Buffer; type: string } | null): BrandingPatch {
  const r = new InputReader(raw);
  const out: BrandingPatch = {};
  if (r.has('mailFromName')) {
    const name = r.text('mailFromName', { max: 100 });
    if (name !== null && /[\r\n<>"]/.test(name)) r.problem('mailFromName', 'must not contain line breaks, quotes or angle brackets');
    else out.mailFromName = name;
  }
  if (r.has('mailFromAddress')) {
    const address = r.text('mailFromAddress', { max: 254 });
    if (address !== null && !EMAIL_PATTERN.test(address)) r.problem('mailFromAddress', 'must be an e-mail address');
    else out.mailFromAddress = address?.toLowerCase() ?? null;
  }
  if (r.has('brandColour')) {
    const colour = r.text('brandColour', { max: 7, pattern: HEX, patternMessage: 'must be a colour as #rrggbb' });
    if (colour !== null) {
      const ratio = contrastRatio(colour, '#ffffff');
      if (ratio < MIN_CONTRAST) r.problem('brandColour', `has a contrast of ${ratio.toFixed(2)}:1 against white; text needs at least ${MIN_CONTRAST}:1 (WCAG AA): choose a darker colour`);
      else out.brandColour = colour.toLowerCase();
    } else if (!r.issues.some((i) => i.field === 'brandColour')) out.brandColour = null;
  }
  if (upload) {
    const logo = readLogo(upload);
    if ('problem' in logo) r.problem('logo', logo.problem);
    else out.logoDataUri = logo.dataUri;
  } else if (r.has('logo')) {
    const v = (raw as Record<string, unknown>).logo;
    if (v === null || v === '') out.logoDataUri = null;
    else if (typeof v !== 'string') r.problem('logo', 'must be a string');
    else if (v.length > MAX_LOGO_BYTES * 2) r.problem('logo', 'must be at most 100 KB');
    else {
      const logo = readLogo(v);
      if ('problem' in logo) r.problem('logo', logo.problem);
      else out.logoDataUri = logo.dataUri;
    }
  }
  if (r.has('removeLogo') && r.flag('removeLogo') && !upload) out.logoDataUri = null;
  return r.done(out);
}

/** The branding as the audit log keeps it: the logo by type, size and SHA-256, not its 100 KB. */
const audited = (b: WorkspaceBranding) => ({
  ...b,
  logoDataUri: b.logoDataUri && {
    type: /^data:([^;]+)/.exec(b.logoDataUri)?.[1], bytes: Buffer.from(b.logoDataUri.split(',')[1] ?? '', 'base64').length,
    sha256: createHash('sha256').update(b.logoDataUri).digest('hex'),
  },
});

/** Changes a workspace's colour, logo and notice sender (admin); absent fields stay, null clears. */
export async function updateWorkspaceBranding(deps: Deps, actor: Actor, id: string, raw: unknown, upload?: { bytes: Buffer; type: string } | null): Promise<WorkspaceBranding> {
  const patch = parseBrandingPatch(raw, upload);
  return inTransaction(deps, async (tx) => {
    const row = await tx.db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('workspace');
    const before = toWorkspaceBranding(row);
    const after = { ...before, ...patch };
    await tx.db.updateTable('workspaces').set({
      brand_colour: after.brandColour, logo_data_uri: after.logoDataUri, mail_from_name: after.mailFromName, mail_from_address: after.mailFromAddress,
    }).where('id', '=', id).execute();
    await recordAuditEvent(tx, { workspaceId: id, actor, action: 'workspace.branding_updated', subjectType: 'workspace', subjectId: id, before: audited(before), after: audited(after) });
    return after;
  });
}

/** The sender of a workspace's notices: its own name and address, else its name and MAIL_FROM's address. */
export async function findWorkspaceSender(db: Db, workspaceId: string): Promise<{ name: string; address: string | null } | null> {
  const row = await db.selectFrom('workspaces').select(['name', 'mail_from_name', 'mail_from_address']).where('id', '=', workspaceId).executeTakeFirst();
  return row ? { name: row.mail_from_name ?? row.name, address: row.mail_from_address } : null;
}
