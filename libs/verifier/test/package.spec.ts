import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve('libs/verifier');
const SRC = join(ROOT, 'src');

/** Every `import … from '…'` and `export … from '…'`, with whether it is erased at runtime. */
function importsOf(file: string): { specifier: string; typeOnly: boolean }[] {
  const text = readFileSync(file, 'utf8');
  const statements = text.match(/^(?:import|export)[\s\S]*?from\s+'[^']+';/gm) ?? [];
  const bare = text.match(/^import\s+'[^']+';/gm) ?? [];
  const dynamic = [...text.matchAll(/import\(\s*'([^']+)'\s*\)/g)].map((m) => `from '${m[1]}'`);
  return [...statements, ...bare, ...dynamic].map((statement) => ({
    specifier: /'([^']+)'/.exec(statement)![1]!,
    typeOnly: /^(?:import|export)\s+type\s/.test(statement),
  }));
}

/** Modules loaded at runtime when `entry` is imported, following relative imports. */
function runtimeGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const { specifier, typeOnly } of importsOf(file)) {
      if (typeOnly) continue;
      if (specifier.startsWith('.')) {
        visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      } else {
        packages.add(specifier);
      }
    }
  };
  visit(entry);
  return { files, packages };
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(folder, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(folder, entry.name)]
        : [],
  );
}

describe('the verifier package', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
    exports: Record<string, { types: string; default: string } | string>;
  };

  it('loads nothing but Node built-ins from its core entry point', () => {
    const { files, packages } = runtimeGraph(join(SRC, 'index.ts'));
    expect(files.size).toBeGreaterThan(20);
    expect([...packages].filter((name) => !name.startsWith('node:'))).toEqual([]);
  });

  it('loads no framework from the Express and Fastify adapters; Nest only from its own', () => {
    const outside = (entry: string) =>
      [...runtimeGraph(join(SRC, entry)).packages].filter((name) => !name.startsWith('node:'));
    expect(outside('express.ts')).toEqual([]);
    expect(outside('fastify.ts')).toEqual([]);
    expect(outside('nest.ts')).toEqual(['@nestjs/common']);
  });

  it('never reaches outside its own folder: no service, database or other lib', () => {
    for (const file of sourceFiles(SRC)) {
      for (const { specifier } of importsOf(file)) {
        const forbidden = /^(typeorm|pg|@nestjs\/(core|typeorm)|jose|reflect-metadata)$/;
        expect(`${relative(ROOT, file)} -> ${specifier}`).not.toMatch(
          new RegExp(` -> ${forbidden.source}`),
        );
        if (specifier.startsWith('.')) {
          const target = resolve(dirname(file), specifier);
          expect(relative(SRC, target).startsWith('..')).toBe(false);
        }
      }
    }
  });

  it('declares no runtime dependency and exports each entry point with its types', () => {
    expect(manifest.name).toBe('@tessera/verifier');
    expect(Object.keys(manifest.dependencies ?? {})).toEqual([]);
    for (const entry of ['.', './express', './fastify', './nest']) {
      const target = manifest.exports[entry] as { types: string; default: string };
      expect(target.types).toMatch(/^\.\/dist\/\w+\.d\.ts$/);
      const source = target.default.replace('./dist/', 'src/').replace(/\.js$/, '.ts');
      expect(sourceFiles(SRC)).toContain(join(ROOT, source));
    }
  });
});
