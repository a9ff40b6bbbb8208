// What the preview's browser tests share: where the binary and screenshots are, a sandbox copy
// of the shipped project, and a running `leafpress preview`, all stopped when the file's tests end.

import { after } from 'node:test';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const repository = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const binary =
  process.env.LEAFPRESS_BIN ?? join(repository, 'target', 'release', 'leafpress');
export const screenshots = process.env.LEAFPRESS_SCREENSHOTS ?? join(repository, 'target');
export const WAIT = { timeout: 30_000 };

// Everything started here is stopped at the end, whatever happened.
const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Runs `cleanup` when the file's tests end. */
export function atEnd(cleanup) {
  cleanups.push(cleanup);
}

/** A copy of the shipped project, to edit freely. */
export function sandbox() {
  const dir = mkdtempSync(join(tmpdir(), 'leafpress-preview-'));
  cpSync(join(repository, 'content'), join(dir, 'content'), { recursive: true });
  cpSync(join(repository, 'layouts'), join(dir, 'layouts'), { recursive: true });
  symlinkSync(join(repository, 'fonts'), join(dir, 'fonts'));
  atEnd(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name) => join(dir, name);
  return {
    dir,
    read: (name) => readFileSync(file(name), 'utf8'),
    write: (name, text) => writeFileSync(file(name), text),
  };
}

/** Starts `leafpress preview` on a free port; resolves with its address once it prints it. */
export function startPreview(project, lang) {
  const server = spawn(binary, ['preview', '--project', project, '--lang', lang, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  atEnd(() => server.kill());
  return new Promise((resolvePromise, reject) => {
    server.on('error', reject);
    server.on('exit', (code) => reject(new Error(`leafpress preview stopped (exit ${code})`)));
    const lines = createInterface({ input: server.stdout });
    lines.once('line', (line) => {
      const url = line.match(/http:\/\/[^/\s]+\//)?.[0];
      if (url) resolvePromise(url);
      else reject(new Error(`no address in "${line}"`));
      lines.on('line', () => {});
    });
  });
}
