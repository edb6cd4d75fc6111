/**
 * Demo data (CU2): each example workspace gets a published version 1. Scalingo's follows the
 * structure of its public DPA (seed document 004, sections 1–15), summarised with placeholders and
 * completed where Art 28(3) asks for more than that text says (assistance with Arts 32–36, deletion
 * of copies with a certificate, the infringing-instruction duty); its section 9 keeps the seed's
 * prior written consent, made specific to each new sub-processor. The others get the generic
 * template. Both pass the Art 28(3) checklist. The particulars are filled first (demo/demo-particulars.ts).
 */
import { readFileSync } from 'node:fs';
import type { Deps, Scope } from '../../shared/deps.ts';
import { createDpaDraft, GENERIC_TEMPLATE, GENERIC_TITLE, publishDpaVersion } from './manage-dpa-versions.ts';

export async function seedDemoDpa(deps: Deps, scope: Scope, workspaceSlug: string): Promise<void> {
  const draft = workspaceSlug === 'scalingo'
    ? {
      title: 'Data Processing Agreement (GDPR compliant)',
      body: readFileSync(new URL('./templates/scalingo.md', import.meta.url), 'utf8'),
      note: 'Example: the structure of Scalingo’s public DPA, summarised, with placeholders, completed where Art 28(3) GDPR asks for more.',
    }
    : { title: GENERIC_TITLE, body: GENERIC_TEMPLATE(), note: 'Example: a short generic template.' };
  const created = await createDpaDraft(deps, scope, draft);
  await publishDpaVersion(deps, scope, created.id);
}
