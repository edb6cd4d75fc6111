import type { FastifyInstance, FastifyReply } from 'fastify';
import { workspaceToday } from '../../modules/measures/measures.queries.ts';
import { registryExporter } from '../../modules/transfers/assess-engagements.ts';
import { createTransferRecord, deleteTransferRecord, updateTransferRecord } from '../../modules/transfers/manage-transfer-records.ts';
import { listTransferChecks, type TransferCheck } from '../../modules/transfers/operator-findings.ts';
import { resolveRegime } from '../../modules/transfers/transfer-rules.ts';
import { notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import type { FormErrors } from '../views/forms.ts';
import { type Console, formFailure, type FormValues, formValues, openConsole, param, query, sendPage } from './console.ts';
import { recordFormBody, recordValues, transfersBody } from './transfers.view.ts';

/**
 * Transfers in the console (issue 10 §4): every engagement × country outside the exporter's area
 * with its status, the sentence customers read, the record on file and the operator's findings
 * (viewer); the record form of one transfer (editor).
 */
export function registerTransferRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const today = (c: Console) => workspaceToday(deps.db, deps.clock, c.workspace.id);
  const loadCheck = async (c: Console, engagementId: string, country: string): Promise<{ check: TransferCheck; day: string }> => {
    const day = await today(c);
    const check = (await listTransferChecks(deps.db, c.workspace.id, day)).find((x) => x.finding.engagementId === engagementId && x.finding.country === country);
    if (!check) throw notFound('transfer');
    return { check, day };
  };
  const formPage = (reply: FastifyReply, c: Console, o: { check: TransferCheck; day: string; values: FormValues; errors?: FormErrors; status?: number }) =>
    sendPage(reply, c, {
      title: `Transfer record: ${o.check.finding.entityName}`, section: 'transfers', status: o.status,
      body: recordFormBody(c, { check: o.check, values: o.values, errors: o.errors ?? {}, today: o.day }),
    });
  const base = '/admin/w/:slug/transfers';

  app.get(base, async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const day = await today(c);
    const checks = await listTransferChecks(deps.db, c.workspace.id, day);
    const exporter = registryExporter(c.workspace.processor.country);
    const resolved = resolveRegime(exporter, day, null);
    const regime = 'regime' in resolved ? resolved.regime : 'eu';
    return sendPage(reply, c, { title: 'Transfers', section: 'transfers', body: transfersBody(c, { date: day, regime, exporterCountry: c.workspace.processor.country, checks, flashQuery: query(req) }) });
  });

  app.get(`${base}/:engagementId/:country`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const { check, day } = await loadCheck(c, param(req, 'engagementId'), param(req, 'country'));
    return formPage(reply, c, { check, day, values: recordValues(check.record) });
  });

  app.post(`${base}/:engagementId/:country`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const { check, day } = await loadCheck(c, param(req, 'engagementId'), param(req, 'country'));
    const values = formValues(req);
    try {
      if (check.record) await updateTransferRecord(deps, c.scope, check.record.id, values);
      else await createTransferRecord(deps, c.scope, { ...values, engagementId: check.finding.engagementId, country: check.finding.country });
    } catch (e) {
      return formPage(reply, c, { check, day, values, ...formFailure(e, values) });
    }
    return reply.redirect(`${c.base}/transfers?saved=1`, 303);
  });

  app.post(`${base}/:engagementId/:country/delete`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const { check } = await loadCheck(c, param(req, 'engagementId'), param(req, 'country'));
    if (!check.record) throw notFound('transfer record');
    await deleteTransferRecord(deps, c.scope, check.record.id);
    return reply.redirect(`${c.base}/transfers?deleted=1`, 303);
  });
}
