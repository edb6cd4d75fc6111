/**
 * Demo content (a DemoSeeder): each example workspace's particulars as a party to its DPAs, taken
 * from its public document in ../shared/seeds/ where the document gives them (the comment on each
 * value names the seed line), so the demo DPAs can be published. None of the documents names a
 * signatory, a contact person or a DPO, and two give no postal address: those values are
 * fictitious, say so in their text, and use reserved `.example` e-mail domains, like the demo
 * customers. The country is left empty where the document does not state where the company is
 * established.
 */
import { type Deps, type Scope, SYSTEM_ACTOR } from '../../shared/deps.ts';
import { updateProcessorParticulars } from '../workspaces/workspaces.ts';

const FICTITIOUS_SIGNATORY = { signatoryName: 'Alex Example (fictitious)', signatoryTitle: 'Authorised signatory (fictitious: the public document names none)' };

const PARTICULARS: Record<string, Record<string, string | null>> = {
  influxdata: {
    // 001_d76839c21c39561b.txt line 112 ("InfluxData Inc."), also 000_a9bec98b061ae472.txt line 5.
    legalName: 'InfluxData Inc.',
    // 001_… lines 113–115: "150 Spear Street / Suite 1750 / San Francisco, CA 94105".
    address: '150 Spear Street, Suite 1750, San Francisco, CA 94105',
    // 001_… line 115: San Francisco, CA (and line 92: "you will transfer data to the United States").
    country: 'US',
    // 001_… line 116: "contact@influxdata.com", the policy's contact address; it names no person.
    contactName: 'Privacy enquiries (the privacy policy names no person)',
    contactEmail: 'contact@influxdata.com',
    dpoContact: null,
    representative: null,
    ...FICTITIOUS_SIGNATORY,
  },
  cloudblue: {
    // 003_af4bd0f1fa75d2e0.txt line 3 ("CloudBlue"); line 13 places it in the Ingram Micro Inc. group. No company form is given.
    legalName: 'CloudBlue',
    // 003_… gives no address, contact or country.
    address: '1 Example Street, Example City (fictitious: the public document gives no address)',
    country: null,
    contactName: 'Data privacy team (fictitious: the public document names no contact)',
    contactEmail: 'privacy@cloudblue.example',
    dpoContact: null,
    representative: null,
    ...FICTITIOUS_SIGNATORY,
  },
  scalingo: {
    // 004_7106bf2c8deb6b11.txt line 7 ("Scalingo’s Terms of Service") and line 17 ("« Processor », « Scalingo »").
    legalName: 'Scalingo',
    // 004_… gives no postal address or contact of Scalingo itself (only of its sub-processors).
    address: '1 rue de l’Exemple, Example City (fictitious: the public document gives no address)',
    country: null,
    contactName: 'Data protection team (fictitious: the public document names no contact)',
    contactEmail: 'privacy@scalingo.example',
    dpoContact: null,
    representative: null,
    ...FICTITIOUS_SIGNATORY,
  },
};

/** Fills the particulars of `workspaceSlug` (nothing for a workspace this file does not name). */
export async function seedDemoParticulars(deps: Deps, scope: Scope, workspaceSlug: string): Promise<void> {
  const p = PARTICULARS[workspaceSlug];
  if (p) await updateProcessorParticulars(deps, SYSTEM_ACTOR, scope.workspaceId, p);
}
