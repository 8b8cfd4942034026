/**
 * Reads the TypeScript code blocks out of a README, with the README's hidden prelude.
 *
 * The conventions a README follows:
 * - a ` ```ts ` or ` ```typescript ` block is a module that must type-check against the workspace
 *   packages; ` ```ts ignore ` marks one that is not meant to (a fragment, an output);
 * - ` ```ts continued ` goes on from the block before it: the two are checked as one module, so a
 *   later block may use what an earlier one declared (`client`, `result`);
 * - an HTML comment `<!-- ts-prelude … -->` (not rendered) holds declarations the blocks may use
 *   without showing them, such as `declare const db: NoteStore;`. Every prelude of a README is
 *   prepended to each of its blocks, so each block still compiles on its own.
 *
 * @module
 */

/** One TypeScript block of a README. */
export interface CodeBlock {
  /** 1-based, counting the README's TypeScript blocks only (ignored ones included). */
  readonly number: number;
  /** The README line of the block's first code line (1-based). */
  readonly line: number;
  /** The code between the fences. */
  readonly code: string;
  /** `true` for a block fenced ` ```ts ignore `. */
  readonly ignore: boolean;
  /** `true` for a block fenced ` ```ts continued `: it is checked after the block before it, in one module. */
  readonly continued: boolean;
}

/** What {@link readCodeBlocks} finds in a README. */
export interface ReadmeCode {
  /** The hidden declarations, every `<!-- ts-prelude … -->` comment's body in order. */
  readonly prelude: string;
  readonly blocks: readonly CodeBlock[];
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)\s*(.*)$/;
const TYPESCRIPT = new Set(['ts', 'typescript']);

/** The TypeScript blocks and the prelude of a README's markdown. */
export function readCodeBlocks(markdown: string): ReadmeCode {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  const prelude: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    if (text.trim().startsWith('<!-- ts-prelude')) {
      const end = lines.findIndex((candidate, j) => j > i && candidate.trim() === '-->');
      if (end < 0) throw new Error(`line ${i + 1}: a ts-prelude comment is not closed by a line "-->"`);
      prelude.push(...lines.slice(i + 1, end));
      i = end;
      continue;
    }
    const open = FENCE.exec(text);
    if (!open) continue;
    const [, , fence = '```', lang = '', info = ''] = open;
    const close = lines.findIndex((candidate, j) => j > i && candidate.trim().startsWith(fence));
    const end = close < 0 ? lines.length : close;
    if (TYPESCRIPT.has(lang.toLowerCase())) {
      blocks.push({
        number: blocks.length + 1,
        line: i + 2,
        code: lines.slice(i + 1, end).join('\n'),
        ignore: info.split(/\s+/).includes('ignore'),
        continued: info.split(/\s+/).includes('continued'),
      });
    }
    i = end;
  }
  return { prelude: prelude.join('\n'), blocks };
}

/** The README's blocks as the modules they are checked as: a block, then the blocks that continue it. */
export function groupCodeBlocks(blocks: readonly CodeBlock[]): CodeBlock[][] {
  const groups: CodeBlock[][] = [];
  for (const block of blocks) {
    if (block.ignore) continue;
    const last = groups.at(-1);
    if (block.continued && last) last.push(block);
    else groups.push([block]);
  }
  return groups;
}
