import { describe, expect, it } from 'vitest';
import { isOwnCreation } from './own-creation.js';

describe('isOwnCreation', () => {
  it.each([
    ['every sent member as stored', { title: 'a' }, { id: '1', title: 'a' }, true],
    ['a member the server dropped', { title: 'a', tags: ['x'] }, { id: '1', title: 'a' }, true],
    ['a member the server added', { title: 'a' }, { title: 'a', views: 0 }, true],
    ['nothing sent', {}, { name: 'ann', displayName: null }, true],
    ['a shared member that differs', { title: 'a' }, { id: '1', title: 'b' }, false],
    ['a nested member that differs', { meta: { x: 1 } }, { meta: { x: 2 } }, false],
    ['equal non-objects', [1, 2], [1, 2], true],
    ['an object found for an array sent', [1], { 0: 1 }, false],
  ])('%s → %s', (_case, sent, found, own) => {
    expect(isOwnCreation(sent, found)).toBe(own);
  });
});
