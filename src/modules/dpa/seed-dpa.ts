/**
 * Demo data (CU2): each example workspace gets a published version 1. Scalingo's is a summary, with
 * placeholders, of the structure of its public DPA (seed document 004, sections 1–15); the others
 * get the short generic template. Scalingo's own particulars (legal name, address) are not stated
 * in that document, so they are left for the operator to fill in.
 */
import { readFileSync } from 'node:fs';
import type { Deps, Scope } from '../../shared/deps.ts';
import { createDpaDraft, GENERIC_TEMPLATE, GENERIC_TITLE, publishDpaVersion } from './manage-dpa-versions.ts';

export async function seedDemoDpa(deps: Deps, scope: Scope, workspaceSlug: string): Promise<void> {
  const draft = workspaceSlug === 'scalingo'
    ? {
      title: 'Data Processing Agreement (GDPR compliant)',
      body: readFileSync(new URL('./templates/scalingo.md', import.meta.url), 'utf8'),
      note: 'Example: the structure of Scalingo’s public DPA, summarised, with placeholders.',
    }
    : { title: GENERIC_TITLE, body: GENERIC_TEMPLATE(), note: 'Example: a short generic template.' };
  const created = await createDpaDraft(deps, scope, draft);
  await publishDpaVersion(deps, scope, created.id);
}
