#!/usr/bin/env node
// The `trustroom` command. Runs the TypeScript CLI on a supported Node (see scripts/node.mjs).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOnSupportedNode } from '../scripts/node.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await runOnSupportedNode([join(root, 'src', 'cli', 'main.ts'), ...process.argv.slice(2)]);
