import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Frame } from '../stack.ts';
import { applyPatch, diffFrames } from './json-patch.ts';

const flow = (id: string, step = 'START'): Frame => ({ type: 'flow', frame_id: id, flow_id: `flow_${id}`, step_id: step, frame_type: 'regular' });

describe('json patch', () => {
  it('applies add, remove, replace, move, copy and test (RFC 6902)', () => {
    const doc = { a: [1, 2], b: { c: 'x' } };
    const out = applyPatch(doc, [
      { op: 'add', path: '/a/-', value: 3 },
      { op: 'replace', path: '/b/c', value: 'y' },
      { op: 'copy', from: '/b', path: '/d' },
      { op: 'move', from: '/a/0', path: '/e' },
      { op: 'remove', path: '/d/c' },
      { op: 'test', path: '/e', value: 1 },
    ]);
    expect(out).toEqual({ a: [2, 3], b: { c: 'y' }, d: {}, e: 1 });
    expect(doc).toEqual({ a: [1, 2], b: { c: 'x' } });
  });

  it('rejects a failed test and a missing path', () => {
    expect(() => applyPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow();
    expect(() => applyPatch([], [{ op: 'remove', path: '/0' }])).toThrow();
  });

  it('patches a changed field without rewriting the frame', () => {
    const prev = [flow('1'), flow('2')];
    const ops = diffFrames(prev, [prev[0]!, { ...prev[1]!, step_id: 'ask' } as Frame]);
    expect(ops).toEqual([{ op: 'replace', path: '/1/step_id', value: 'ask' }]);
  });

  it('diff then apply rebuilds any frame array', () => {
    const frames = fc.array(fc.record({ id: fc.constantFrom('1', '2', '3', '4'), step: fc.constantFrom('START', 'a', 'b') }), { maxLength: 6 }).map((xs) => xs.map((x) => flow(x.id, x.step)));
    fc.assert(
      fc.property(frames, frames, (a, b) => {
        expect(applyPatch(a, diffFrames(a, b))).toEqual(b);
      }),
    );
  });
});
