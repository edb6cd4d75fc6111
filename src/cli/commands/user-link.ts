import { createSigninLink } from '../../modules/access/sessions.ts';
import { findUserIdByEmail } from '../../modules/access/users.ts';
import { loadConfig } from '../../shared/config.ts';
import { invalid } from '../../shared/errors.ts';
import { withDb } from '../open-db.ts';

/** A new one-time sign-in link for an existing user: how a locked-out operator gets back in. */
export async function userLinkCommand(opts: { email: string }) {
  const config = loadConfig();
  const link = await withDb(async (deps) => {
    const userId = await findUserIdByEmail(deps.db, opts.email);
    if (!userId) throw invalid('email', 'no user with this e-mail');
    return `${config.publicUrl}/admin/signin/link/${await createSigninLink(deps, userId)}`;
  });
  process.stdout.write(`one-time sign-in link (valid 24 hours):\n  ${link}\n`);
}
