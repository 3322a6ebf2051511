import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseUserEstimates } from './user-estimates.js';

describe('parseUserEstimates', () => {
  it('reads counts with their sources and reports bad lines without losing the rest', () => {
    const { estimates, issues } = parseUserEstimates(
      'asn,users,source\nAS29355,9800000,"example operator report"\n9198,x,bad\n\n48503,7e6,operator\n48503,1,again\n',
    );
    assert.equal(estimates.size, 2);
    assert.deepEqual(estimates.usersOf(29355), {
      users: 9.8e6,
      source: 'example operator report',
    });
    assert.equal(estimates.usersOf(48503)?.users, 7e6);
    assert.equal(estimates.usersOf(9198), undefined);
    assert.deepEqual(issues, [
      { line: 3, reason: 'expected asn,users,source' },
      { line: 6, reason: 'AS48503 is listed twice' },
    ]);
  });

  it('reports a missing header', () => {
    assert.deepEqual(parseUserEstimates('1,2,x\n').issues[0], {
      line: 1,
      reason: 'expected the header asn,users,source',
    });
  });
});
