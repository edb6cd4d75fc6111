import { startServer } from '../../server.ts';
import { loadConfig } from '../../shared/config.ts';

export async function serveCommand(opts: { demo?: boolean }) {
  const server = await startServer(loadConfig(), { demo: opts.demo });
  const shutdown = async () => {
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
