import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  isArrowFunction,
  isCallExpression,
  isConstructorDeclaration,
  isExpressionStatement,
  isFunctionDeclaration,
  isFunctionExpression,
  isGetAccessorDeclaration,
  isMethodDeclaration,
  isParenthesizedExpression,
  isSetAccessorDeclaration,
  isSourceFile,
  type Node,
  type SourceFile,
} from 'typescript/unstable/ast';
import { API } from 'typescript/unstable/sync';

/** Folders that hold no source of ours: installed packages and what runs write. */
const notSource = new Set(['node_modules', 'reports', 'test-results', 'playwright-report', 'blob-report', '.git', '.dbg']);

/** Every `.ts`, `.js`, `.cjs` and `.mjs` file under `root`, relative to it, sorted. */
export function sourceFiles(root: string, dir = ''): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap(entry => {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) return notSource.has(entry.name) ? [] : sourceFiles(root, rel);
      return /\.(ts|js|cjs|mjs)$/.test(entry.name) ? [rel] : [];
    })
    .sort();
}

/** A file's length in lines, as an editor numbers them (a final newline ends the last line, it starts none). */
export function lineCount(file: string): number {
  return readFileSync(file, 'utf8').replace(/\n$/, '').split('\n').length;
}

export interface FunctionSpan {
  /** `file:line` of the function's first line. */
  where: string;
  name: string;
  lines: number;
}

const isFunction = (node: Node) =>
  isFunctionDeclaration(node) ||
  isMethodDeclaration(node) ||
  isArrowFunction(node) ||
  isFunctionExpression(node) ||
  isConstructorDeclaration(node) ||
  isGetAccessorDeclaration(node) ||
  isSetAccessorDeclaration(node);

/**
 * `(function () { … })();` at the top of a classic script (recorder/page.js) is that script's scope, not a function
 * that does one thing: the file's own limit bounds it.
 */
const isScriptScope = (node: Node) =>
  isFunctionExpression(node) &&
  isParenthesizedExpression(node.parent) &&
  isCallExpression(node.parent.parent) &&
  isExpressionStatement(node.parent.parent.parent) &&
  isSourceFile(node.parent.parent.parent.parent);

/**
 * Every function in `files` (relative to `root`) with its length in lines, from its first token to its last
 * (the comment above it not counted). TypeScript 7 parses them (its API runs tsgo) in a project of exactly these
 * files, so the JavaScript is measured too.
 */
export function functionSpans(root: string, files: readonly string[]): FunctionSpan[] {
  // A tsconfig that exists only for tsgo, served through the API's file system hook.
  const configPath = path.join(root, 'wslab-measure.tsconfig.json');
  const config = JSON.stringify({
    compilerOptions: { allowJs: true, noEmit: true, noResolve: true, noLib: true, types: [] },
    files: files.map(f => path.join(root, f)),
  });
  const api = new API({ cwd: root, fs: { readFile: name => (name === configPath ? config : undefined) } });
  try {
    const project = api.updateSnapshot({ openProjects: [configPath] }).getProject(configPath);
    if (!project) throw new Error('tsgo opened no project for the measurement');
    return files.flatMap(file => {
      const source = project.program.getSourceFile(path.join(root, file));
      if (!source) throw new Error(`tsgo did not load ${file}`);
      return spansIn(source, file);
    });
  } finally {
    api.close();
  }
}

function spansIn(source: SourceFile, file: string): FunctionSpan[] {
  const spans: FunctionSpan[] = [];
  const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line;
  const visit = (node: Node): void => {
    if (isFunction(node) && !isScriptScope(node)) {
      const first = lineOf(node.getStart(source));
      const name = (node as Node & { name?: Node }).name?.getText(source) ?? '(anonymous)';
      spans.push({ where: `${file}:${first + 1}`, name, lines: lineOf(node.getEnd()) - first + 1 });
    }
    node.forEachChild(visit);
  };
  source.forEachChild(visit);
  return spans;
}
