/**
 * Type-checks a README's TypeScript blocks, each module (a block and the blocks that continue it) as
 * a program of its own.
 *
 * Own programs, because a module augmentation or a global one block brings in (`@koa/bodyparser`
 * gives Koa's request a `body`) would otherwise type-check another block that never imports it —
 * a block a user copies alone must compile alone. Parsed files other than the blocks (TypeScript's
 * lib files, `@types/*`, the workspace packages' sources) are shared between the programs, and only
 * the blocks' own diagnostics are asked for, so the checker only resolves what the blocks use.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { groupCodeBlocks, readCodeBlocks } from './readme-blocks.js';

/** Where a generated module's lines come from. */
interface Source {
  readonly readme: string;
  /** Each block in the module: its number, README line, and first line in the module (0-based). */
  readonly blocks: readonly { readonly number: number; readonly line: number; readonly start: number }[];
}

/** Checks README markdown, one program per module, sharing what the programs parse alike. */
export interface ReadmeTypeChecker {
  /**
   * The errors of every module of `markdown`, as `<readme>:<line> (ts block <n>): error TS…`.
   * The modules are written under `dir`, which must resolve the packages the blocks import.
   */
  check(readme: string, markdown: string, dir: string): string[];
}

/**
 * A checker with the compiler options of `tsconfig` (read as if it stood in `directory`), plus
 * `noEmit` and React's JSX.
 */
export function createReadmeTypeChecker(tsconfig: string, directory: string): ReadmeTypeChecker {
  const config = ts.readConfigFile(tsconfig, ts.sys.readFile).config;
  const { options: base } = ts.parseJsonConfigFileContent(config, ts.sys, directory);
  const options: ts.CompilerOptions = { ...base, noEmit: true, jsx: ts.JsxEmit.ReactJSX };
  const modules = new Set<string>();
  const host = sharedSourceFileHost(options, (fileName) => modules.has(fileName));
  return {
    check(readme, markdown, dir) {
      const sources = writeModules(readme, markdown, dir);
      for (const file of sources.keys()) modules.add(file);
      const errors: string[] = [];
      for (const [file, source] of sources) {
        const program = ts.createProgram([file], options, host);
        const blockFile = program.getSourceFile(file);
        const diagnostics = [
          ...program.getOptionsDiagnostics(),
          ...program.getGlobalDiagnostics(),
          ...program.getSyntacticDiagnostics(blockFile),
          ...program.getSemanticDiagnostics(blockFile),
        ];
        errors.push(...diagnostics.map((diagnostic) => describeDiagnostic(diagnostic, source)));
      }
      return errors;
    },
  };
}

/**
 * A compiler host that parses each file once for every program, except the blocks' modules
 * (`isModule`), which are written anew for each check.
 */
function sharedSourceFileHost(
  options: ts.CompilerOptions,
  isModule: (fileName: string) => boolean,
): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const parsed = new Map<string, ts.SourceFile | undefined>();
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (isModule(fileName)) return getSourceFile(fileName, languageVersion, onError, shouldCreate);
    if (!parsed.has(fileName)) parsed.set(fileName, getSourceFile(fileName, languageVersion, onError));
    return parsed.get(fileName);
  };
  return host;
}

/** Writes each block (with the blocks that continue it) to its own module under `dir`. */
function writeModules(readme: string, markdown: string, dir: string): Map<string, Source> {
  const { prelude, blocks } = readCodeBlocks(markdown);
  mkdirSync(dir, { recursive: true });
  // `export {}` keeps a block without imports a module, so its names stay its own.
  const head = `${prelude}\nexport {};\n`;
  const preludeLines = head.split('\n').length - 1;
  const sources = new Map<string, Source>();
  for (const group of groupCodeBlocks(blocks)) {
    let start = preludeLines;
    const placed = group.map((block) => {
      const at = { number: block.number, line: block.line, start };
      start += block.code.split('\n').length;
      return at;
    });
    const file = resolve(dir, `block-${group[0]?.number}.ts`);
    writeFileSync(file, head + group.map((block) => block.code).join('\n'));
    sources.set(file, { readme, blocks: placed });
  }
  return sources;
}

/** `packages/koa/README.md:41 (ts block 2): error TS2345: …` */
function describeDiagnostic(diagnostic: ts.Diagnostic, source: Source): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  const file = diagnostic.file;
  if (!file || diagnostic.start === undefined)
    return `${source.readme}: error TS${diagnostic.code}: ${message}`;
  const { line } = file.getLineAndCharacterOfPosition(diagnostic.start);
  const block = source.blocks.findLast((candidate) => candidate.start <= line);
  const where = block
    ? `${source.readme}:${block.line + line - block.start} (ts block ${block.number})`
    : `${source.readme} (its ts-prelude, line ${line + 1})`;
  return `${where}: error TS${diagnostic.code}: ${message}`;
}
