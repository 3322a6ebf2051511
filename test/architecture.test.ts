/**
 * The layering rules of docs/architecture.md, checked on the import lines: model imports only
 * model; detect/ and impact/ are pure (no I/O modules, no clock, no randomness, no
 * environment); nothing below the CLI imports the CLI.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const SRC = resolve(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * Each import of a file as a module specifier, relative ones resolved to a path under src/.
 * Type-only imports are left out with `runtimeOnly`: they vanish at compile time.
 */
function importsOf(file: string, options: { runtimeOnly?: boolean } = {}): string[] {
  let text = readFileSync(file, 'utf8');
  if (options.runtimeOnly === true)
    text = text.replace(/(?:^|\n)\s*(?:import|export) type [^;]*;/g, '');
  const specifiers = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g),
  ].map((m) => m[1]!);
  const dynamic = [...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
  return [...specifiers, ...dynamic].map((s) =>
    s.startsWith('.') ? relative(SRC, resolve(dirname(file), s)) : s,
  );
}

const layer = (path: string) => path.split('/')[0]!;

describe('architecture', () => {
  it('model imports nothing but model', () => {
    for (const file of sourceFiles(join(SRC, 'model'))) {
      for (const target of importsOf(file)) {
        assert.equal(layer(target), 'model', `${relative(SRC, file)} imports ${target}`);
      }
    }
  });

  it('detect/ and impact/ are pure: no I/O, no clock, no randomness, no environment', () => {
    const allowedLayers = new Set(['model', 'detect', 'impact']);
    for (const layerName of ['detect', 'impact']) {
      let files: string[];
      try {
        files = sourceFiles(join(SRC, layerName));
      } catch {
        continue; // the layer does not exist yet
      }
      for (const file of files) {
        const name = relative(SRC, file);
        for (const target of importsOf(file)) {
          const isPackage =
            !target.includes('/') || target.startsWith('@') || target.startsWith('node:');
          assert.ok(!target.startsWith('node:'), `${name} imports ${target}`);
          if (!isPackage) assert.ok(allowedLayers.has(layer(target)), `${name} imports ${target}`);
        }
        const text = readFileSync(file, 'utf8');
        for (const forbidden of [
          /Date\.now\(/,
          /new Date\(\)/,
          /Math\.random\(/,
          /process\./,
          /performance\.now\(/,
        ]) {
          assert.ok(!forbidden.test(text), `${name} uses ${forbidden.source}`);
        }
      }
    }
  });

  it('only the CLI imports the CLI, and collectors never import detect/ or a store driver', () => {
    for (const file of sourceFiles(SRC)) {
      const name = relative(SRC, file);
      for (const target of importsOf(file, { runtimeOnly: true })) {
        if (layer(target) === 'cli') assert.equal(layer(name), 'cli', `${name} imports ${target}`);
        if (layer(name) === 'collectors') {
          assert.ok(
            !['detect', 'store', 'outputs'].includes(layer(target)),
            `${name} imports ${target}`,
          );
        }
      }
    }
  });

  it('can fail: it sees a forbidden import', () => {
    assert.deepEqual(
      importsOf(join(SRC, 'cli/main.ts')).filter((t) => t === 'cli/db-command.js'),
      ['cli/db-command.js'],
    );
  });
});
