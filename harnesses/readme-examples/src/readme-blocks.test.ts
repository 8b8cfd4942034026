import { describe, expect, it } from 'vitest';
import { groupCodeBlocks, readCodeBlocks } from './readme-blocks.js';

describe('readCodeBlocks', () => {
  it('numbers the ts and typescript blocks, marks ignored ones and skips other languages', () => {
    const markdown = [
      '# Title', // 1
      '```sh', // 2
      'npm install x', // 3
      '```', // 4
      '```ts', // 5
      'const a = 1;', // 6
      '```', // 7
      '```typescript ignore', // 8
      'a fragment', // 9
      '```', // 10
    ].join('\n');
    expect(readCodeBlocks(markdown)).toEqual({
      prelude: '',
      blocks: [
        { number: 1, line: 6, code: 'const a = 1;', ignore: false, continued: false },
        { number: 2, line: 9, code: 'a fragment', ignore: true, continued: false },
      ],
    });
  });

  it('collects every ts-prelude comment, and does not take a fence inside a block for a new block', () => {
    const markdown = [
      '<!-- ts-prelude',
      'declare const db: string;',
      '-->',
      '````ts',
      '```ts',
      '````',
      '<!-- ts-prelude',
      'declare const other: number;',
      '-->',
    ].join('\n');
    const { prelude, blocks } = readCodeBlocks(markdown);
    expect(prelude).toBe('declare const db: string;\ndeclare const other: number;');
    expect(blocks).toEqual([{ number: 1, line: 5, code: '```ts', ignore: false, continued: false }]);
  });

  it('rejects a prelude that is not closed', () => {
    expect(() => readCodeBlocks('<!-- ts-prelude\ndeclare const x: 1;')).toThrow(/line 1/);
  });
});

describe('groupCodeBlocks', () => {
  it('puts a continued block in the module of the block before it, and leaves ignored blocks out', () => {
    const { blocks } = readCodeBlocks(
      [
        '```ts',
        'a',
        '```',
        '```ts ignore',
        'b',
        '```',
        '```ts continued',
        'c',
        '```',
        '```ts',
        'd',
        '```',
      ].join('\n'),
    );
    expect(groupCodeBlocks(blocks).map((group) => group.map((block) => block.code))).toEqual([
      ['a', 'c'],
      ['d'],
    ]);
  });
});
