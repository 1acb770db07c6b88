/**
 * The layering of src/ as a test: no two folders import each other, directly
 * or through others (a subfolder counts as a folder of its own), and core/,
 * the shared vocabulary, imports nothing of ours. Imports are read with
 * TypeScript's own pre-processor, so type-only and dynamic imports count too.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** sourceFiles lists every .ts file under dir, as paths relative to src/ with '/' separators. */
function sourceFiles(dir = ''): string[] {
  return readdirSync(path.join(SRC, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

/** folderOf is a file's folder relative to src/ ('.' for main.ts). */
function folderOf(file: string): string {
  return path.posix.dirname(file);
}

/** FolderImports maps each folder to the folders it imports, each with one file import that shows it. */
type FolderImports = Map<string, Map<string, string>>;

/** readFolderImports reads every relative import of src/ and keeps those that cross a folder. */
function readFolderImports(): FolderImports {
  const graph: FolderImports = new Map();
  for (const file of sourceFiles()) {
    const from = folderOf(file);
    const edges = graph.get(from) ?? new Map<string, string>();
    graph.set(from, edges);
    for (const { fileName } of ts.preProcessFile(readFileSync(path.join(SRC, file), 'utf8'), true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = path.posix.normalize(path.posix.join(from, fileName));
      const to = folderOf(target);
      if (to !== from && !edges.has(to)) edges.set(to, `${file} imports ${target}`);
    }
  }
  return graph;
}

/** findCycle returns a path of folders that leads back to its start, or undefined when there is none. */
function findCycle(graph: FolderImports): string[] | undefined {
  const done = new Set<string>();
  const visit = (folder: string, trail: string[]): string[] | undefined => {
    const at = trail.indexOf(folder);
    if (at >= 0) return [...trail.slice(at), folder];
    if (done.has(folder)) return undefined;
    for (const next of graph.get(folder)?.keys() ?? []) {
      const cycle = visit(next, [...trail, folder]);
      if (cycle) return cycle;
    }
    done.add(folder);
    return undefined;
  };
  for (const folder of graph.keys()) {
    const cycle = visit(folder, []);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('src/ layout', () => {
  const graph = readFolderImports();

  it('reads the imports of every folder', () => {
    // A guard on the reader itself: a regression that saw no imports would pass every rule below.
    expect([...graph.keys()]).to.include.members(['.', 'core', 'commands', 'admission', 'server', 'server/telemetry', 'check/read']);
    expect([...graph.get('admission')!.keys()]).to.include.members(['core', 'resources', 'validation']);
  });

  it('has no folders that import each other, directly or through others', () => {
    const cycle = findCycle(graph);
    const imports = cycle?.slice(0, -1).map((folder, i) => graph.get(folder)!.get(cycle[i + 1]!)!) ?? [];
    expect(imports, 'the imports that close a cycle of folders').to.deep.equal([]);
  });

  it('keeps core/ free of imports of our other folders', () => {
    expect([...graph.get('core')!.values()]).to.deep.equal([]);
  });

  context('when a cycle is there', () => {
    it('finds it, through a subfolder too', () => {
      const cyclic: FolderImports = new Map([
        ['server', new Map([['server/telemetry', 'a']])],
        ['server/telemetry', new Map([['core', 'b'], ['server', 'c']])],
        ['core', new Map()],
      ]);
      expect(findCycle(cyclic)).to.deep.equal(['server', 'server/telemetry', 'server']);
      cyclic.get('server/telemetry')!.delete('server');
      expect(findCycle(cyclic)).to.equal(undefined);
    });
  });
});
