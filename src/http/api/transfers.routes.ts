import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { workspaceToday } from '../../modules/measures/measures.queries.ts';
import { assessTransfer, parseFlow, type TransferAssessment } from '../../modules/transfers/assess-transfer.ts';
import { listTransferChecks, type TransferCheck as Check } from '../../modules/transfers/operator-findings.ts';
import type { AppOptions } from '../app.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import { data, doc, ERRORS, SlugParams } from './schemas.ts';
import { registerTransferRecordRoutes } from './transfer-records.routes.ts';
import { Assessment, AssessQuery, TransferCheck } from './transfers.schemas.ts';

const presentAssessment = (a: TransferAssessment): TransferAssessment => ({
  status: a.status, customerFact: a.customerFact, regime: a.regime, law: a.law, mechanism: a.mechanism, reasons: a.reasons, rules: a.rules, warnings: a.warnings,
});

const presentCheck = (c: Check) => ({
  engagementId: c.finding.engagementId, entityName: c.finding.entityName, purpose: c.finding.purpose, country: c.finding.country,
  transferMechanisms: c.finding.transferMechanisms, assessment: presentAssessment(c.finding), record: c.record, operatorFindings: c.operatorFindings,
});

/**
 * The transfer engine (CU5) over HTTP: one flow (the same answer as `trustroom transfers assess
 * --json`), the workspace's transfers with their records and operator findings, and the records.
 */
export function registerTransferRoutes(app: FastifyInstance, o: AppOptions) {
  const { deps } = o;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/api/w/:slug/transfers/assess', {
    schema: { ...doc('Transfers', 'Assess a transfer on a date', 'viewer', 'Under the exporter\'s regime as the rules stood on the date: EU/EEA (Directive 95/46/EC, then the GDPR), UK or Swiss.'), params: SlugParams, querystring: AssessQuery, response: { 200: data(Assessment), ...ERRORS } },
  }, async (req) => {
    await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: presentAssessment(assessTransfer(parseFlow(req.query))) };
  });

  r.get('/api/w/:slug/transfers', {
    schema: {
      ...doc('Transfers', "List the workspace's transfers with their records", 'viewer', "Every engagement × country outside the exporter's area, assessed today with the workspace's organisation as exporter (its country CH or GB: Swiss or UK rules; else EU), with the transfer record on file and the operator findings."),
      params: SlugParams, response: { 200: data(Type.Array(TransferCheck)), ...ERRORS },
    },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    const checks = await listTransferChecks(deps.db, scope.workspaceId, await workspaceToday(deps.db, deps.clock, scope.workspaceId));
    return { data: checks.map(presentCheck) };
  });

  registerTransferRecordRoutes(app, o);
}
