import { describe, expect, it } from 'vitest';
import { match } from './router';

describe('match', () => {
  it('matches fixed segments and captures parameters, decoded', () => {
    expect(match('/retirees', '/retirees')).toEqual({});
    expect(match('/retirees/:id', '/retirees/r01%2Fx')).toEqual({ id: 'r01/x' });
    expect(match('/retirees/:id/edit', '/retirees/r1/edit')).toEqual({ id: 'r1' });
  });

  it('refuses other lengths and other words', () => {
    expect(match('/retirees/:id', '/retirees')).toBeNull();
    expect(match('/retirees/:id', '/people/p1')).toBeNull();
    expect(match('/', '/retirees')).toBeNull();
  });
});
